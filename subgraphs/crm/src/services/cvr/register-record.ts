import { current } from "./document-guard";
import type { CompanyDocument, CvrAddress, ProductionUnitDocument } from "./register-contract";

type Period = { from: string; to: string | null };
/** An address as the register has it; a foreign one has no house number, postal code or municipality, and its free text as street. */
export interface RegisterAddress {
  street: string | null;
  houseNumber: string | null;
  floor: string | null;
  door: string | null;
  careOf: string | null;
  postalCode: string | null;
  city: string | null;
  /** The register's landekode, e.g. DK; null in records synced before it was kept. */
  countryCode?: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  /** Null where the register has not dated the address. */
  period: Period | null;
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

/**
 * The register's coded status written one way, whichever spelling the register uses ("NORMAL",
 * "Normal", "UNDER KONKURS", "UnderKonkurs" all become NORMAL / UNDERKONKURS): development and
 * production answer alike.
 */
export function normaliseStatus(status: string | null): string | null {
  const code = status
    ?.normalize("NFC")
    .toUpperCase()
    .replace(/[\s_-]+/g, "");
  return code || null;
}

/** Street and house number as one line; a foreign address (no street name) is the register's free text. */
export function streetLine(address: RegisterAddress): string | null {
  const line = [address.street, address.houseNumber].filter((part) => part).join(" ");
  return line || null;
}

function addressOf(address: CvrAddress): RegisterAddress {
  const houseNumber = address.husnummerFra === null ? null : `${address.husnummerFra}${address.bogstavFra ?? ""}`;
  return {
    street: address.vejnavn ?? (address.fritekst?.split(/\r?\n/).filter(Boolean).join(", ") || null),
    houseNumber,
    floor: address.etage,
    door: address.sidedoer,
    careOf: address.conavn,
    postalCode: address.postnummer === null ? null : String(address.postnummer),
    city: address.postdistrikt ?? address.bynavn,
    countryCode: address.landekode,
    municipalityCode: address.kommune ? String(address.kommune.kommuneKode) : null,
    municipalityName: address.kommune?.kommuneNavn ?? null,
    period: periodOf(address.periode),
  };
}

function periodOf(periode: { gyldigFra: string | null; gyldigTil: string | null }): Period | null {
  return periode.gyldigFra === null ? null : { from: periode.gyldigFra, to: periode.gyldigTil };
}

type CvrEmployment = NonNullable<NonNullable<CompanyDocument["virksomhedMetadata"]>["nyesteAarsbeskaeftigelse"]>;

function employmentOf(entry: CvrEmployment | null | undefined): RegisterEmployment | null {
  if (!entry) return null;
  return {
    band: entry.intervalKodeAntalAnsatte,
    employees: entry.antalAnsatte === null ? null : Math.round(entry.antalAnsatte),
    fullTimeEquivalents: entry.antalAarsvaerk,
    year: entry.aar,
    quarter: entry.kvartal,
    month: entry.maaned,
  };
}

function currentPublic(entries: CompanyDocument["telefonNummer"]): string | null {
  return entries.find((entry) => entry.periode.gyldigTil === null && !entry.hemmelig)?.kontaktoplysning ?? null;
}

/** The company's current address: the register's newest, else the open period's, else the latest. */
export function currentAddress(document: CompanyDocument): RegisterAddress | null {
  const address = document.virksomhedMetadata?.nyesteBeliggenhedsadresse ?? current(document.beliggenhedsadresse);
  return address ? addressOf(address) : null;
}

export function registerRecordOf(document: CompanyDocument): RegisterRecord {
  const meta = document.virksomhedMetadata;
  const industry = (entry: { branchekode: string; branchetekst: string | null } | null | undefined) =>
    entry ? { code: entry.branchekode, text: entry.branchetekst ?? "" } : null;
  const ended = document.livsforloeb.map((period) => period.periode.gyldigTil).filter((to): to is string => to !== null);
  const ceasedOn = ended.length === document.livsforloeb.length && ended.length > 0 ? ended.sort().at(-1)! : null;
  const form = meta?.nyesteVirksomhedsform;
  return {
    // A name or address the register has not dated has no place in a history by period.
    names: document.navne.flatMap((name) => {
      const period = periodOf(name.periode);
      return period ? [{ name: name.navn, period }] : [];
    }),
    secondaryNames: meta?.nyesteBinavne ?? [],
    addresses: document.beliggenhedsadresse.filter((address) => address.periode.gyldigFra !== null).map(addressOf),
    companyForm: form
      ? { code: form.virksomhedsformkode, text: form.langBeskrivelse ?? form.kortBeskrivelse ?? "", shortText: form.kortBeskrivelse ?? "" }
      : null,
    mainIndustry: industry(meta?.nyesteHovedbranche),
    secondaryIndustries: [meta?.nyesteBibranche1, meta?.nyesteBibranche2, meta?.nyesteBibranche3]
      .map(industry)
      .filter((entry): entry is { code: string; text: string } => entry !== null),
    employment: {
      annual: employmentOf(meta?.nyesteAarsbeskaeftigelse),
      quarterly: employmentOf(meta?.nyesteKvartalsbeskaeftigelse),
      monthly: employmentOf(meta?.nyesteErstMaanedsbeskaeftigelse),
    },
    // Without a composite status, the life periods still say whether the company trades.
    status: normaliseStatus(meta?.sammensatStatus ?? null) ?? (ceasedOn ? "OPHØRT" : "NORMAL"),
    foundedOn: meta?.stiftelsesDato ?? null,
    ceasedOn,
    // Secret numbers and addresses stay out of the CRM altogether, so no answer can show them.
    phone: currentPublic(document.telefonNummer),
    email: currentPublic(document.elektroniskPost),
  };
}

/** A production unit's current address: the register's newest, else the open period's, else the latest. */
export function unitAddressOf(document: ProductionUnitDocument): RegisterAddress | null {
  const address = document.produktionsEnhedMetadata?.nyesteBeliggenhedsadresse ?? current(document.beliggenhedsadresse);
  return address ? addressOf(address) : null;
}
