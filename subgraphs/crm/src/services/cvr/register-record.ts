import type { Vrvirksomhed, VrproduktionsEnhed } from "./cvr-client";

type Period = { from: string; to: string | null };
export interface RegisterAddress {
  street: string;
  houseNumber: string;
  floor: string | null;
  door: string | null;
  careOf: string | null;
  postalCode: string;
  city: string;
  municipalityCode: string;
  municipalityName: string;
  period: Period;
}
export interface RegisterEmployment {
  band: string | null;
  employees: number | null;
  fullTimeEquivalents: number | null;
  year: number | null;
  quarter: number | null;
  month: number | null;
}

/** What the CRM keeps of a company's CVR document: the facts the graph shows. Secret (hemmelig) contact data is never kept. */
export interface RegisterRecord {
  names: { name: string; period: Period }[];
  secondaryNames: string[];
  addresses: RegisterAddress[];
  companyForm: { code: string; text: string; shortText: string } | null;
  mainIndustry: { code: string; text: string } | null;
  secondaryIndustries: { code: string; text: string }[];
  employment: { annual: RegisterEmployment | null; quarterly: RegisterEmployment | null; monthly: RegisterEmployment | null };
  status: string;
  foundedOn: string | null;
  ceasedOn: string | null;
  phone: string | null;
  email: string | null;
}

type CvrAddress = Vrvirksomhed["beliggenhedsadresse"][number];

export function addressOf(address: CvrAddress): RegisterAddress {
  return {
    street: address.vejnavn,
    houseNumber: `${address.husnummerFra}${address.bogstavFra ?? ""}`,
    floor: address.etage,
    door: address.sidedoer,
    careOf: address.conavn,
    postalCode: String(address.postnummer),
    city: address.postdistrikt,
    municipalityCode: String(address.kommune.kommuneKode),
    municipalityName: address.kommune.kommuneNavn,
    period: { from: address.periode.gyldigFra, to: address.periode.gyldigTil },
  };
}

function employmentOf(entry: Vrvirksomhed["aarsbeskaeftigelse"][number] | null | undefined): RegisterEmployment | null {
  if (!entry) return null;
  return { band: entry.intervalKodeAntalAnsatte ?? null, employees: entry.antalAnsatte, fullTimeEquivalents: entry.antalAarsvaerk, year: entry.aar ?? null, quarter: entry.kvartal ?? null, month: entry.maaned ?? null };
}

function currentPublic(entries: Vrvirksomhed["telefonNummer"]): string | null {
  return entries.find((entry) => entry.periode.gyldigTil === null && !entry.hemmelig)?.kontaktoplysning ?? null;
}

export function registerRecordOf(document: Vrvirksomhed): RegisterRecord {
  const meta = document.virksomhedMetadata;
  const industry = (entry: { branchekode: string; branchetekst: string } | null | undefined) => (entry ? { code: entry.branchekode, text: entry.branchetekst } : null);
  const ended = document.livsforloeb.map((period) => period.periode.gyldigTil).filter((to): to is string => to !== null);
  return {
    names: document.navne.map((name) => ({ name: name.navn, period: { from: name.periode.gyldigFra, to: name.periode.gyldigTil } })),
    secondaryNames: meta.nyesteBinavne,
    addresses: document.beliggenhedsadresse.map(addressOf),
    companyForm: meta.nyesteVirksomhedsform ? { code: String(meta.nyesteVirksomhedsform.virksomhedsformkode), text: meta.nyesteVirksomhedsform.langBeskrivelse, shortText: meta.nyesteVirksomhedsform.kortBeskrivelse } : null,
    mainIndustry: industry(meta.nyesteHovedbranche),
    secondaryIndustries: [meta.nyesteBibranche1, meta.nyesteBibranche2, meta.nyesteBibranche3].map(industry).filter((entry): entry is { code: string; text: string } => entry !== null),
    employment: { annual: employmentOf(meta.nyesteAarsbeskaeftigelse), quarterly: employmentOf(meta.nyesteKvartalsbeskaeftigelse), monthly: employmentOf(meta.nyesteErstMaanedsbeskaeftigelse) },
    status: meta.sammensatStatus,
    foundedOn: meta.stiftelsesDato ?? null,
    ceasedOn: ended.length === document.livsforloeb.length && ended.length > 0 ? ended.sort().at(-1)! : null,
    // Secret numbers and addresses stay out of the CRM altogether, so no answer can show them.
    phone: currentPublic(document.telefonNummer),
    email: currentPublic(document.elektroniskPost),
  };
}

export function unitAddressOf(document: VrproduktionsEnhed): RegisterAddress {
  return addressOf(document.produktionsEnhedMetadata.nyesteBeliggenhedsadresse);
}
