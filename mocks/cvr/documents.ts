import type { Address, Company, ProductionUnit } from "../generator/companies";
import { sizeBandOf } from "../generator/companies";
import { Random } from "../generator/random";
import type { components } from "./generated/api";

type Schemas = components["schemas"];
export type Vrvirksomhed = Schemas["Vrvirksomhed"];
export type VrproduktionsEnhed = Schemas["VrproduktionsEnhed"];
type CvrAddress = Schemas["Adresse"];
type CvrName = Schemas["Navn"];

/** Municipalities a company of Copenhagen moves to when it moves away (kommuneKode, name, postal code, district). */
const NEIGHBOURS = [
  { kommuneKode: 147, kommuneNavn: "FREDERIKSBERG", postnummer: 2000, postdistrikt: "Frederiksberg", vejnavn: "Gammel Kongevej" },
  { kommuneKode: 157, kommuneNavn: "GENTOFTE", postnummer: 2900, postdistrikt: "Hellerup", vejnavn: "Strandvejen" },
  { kommuneKode: 185, kommuneNavn: "TÅRNBY", postnummer: 2770, postdistrikt: "Kastrup", vejnavn: "Amager Landevej" },
  { kommuneKode: 751, kommuneNavn: "AARHUS", postnummer: 8000, postdistrikt: "Aarhus C", vejnavn: "Søndergade" },
] as const;

const PREVIOUS_INDUSTRIES = [
  { branchekode: "702200", branchetekst: "Virksomhedsrådgivning og anden rådgivning om driftsledelse" },
  { branchekode: "479100", branchetekst: "Detailhandel via postordre eller internettet" },
  { branchekode: "620100", branchetekst: "Computerprogrammering" },
  { branchekode: "561010", branchetekst: "Restauranter" },
] as const;

const CEASED_STATUSES = ["OPLØST EFTER FRIVILLIG LIKVIDATION", "OPLØST EFTER KONKURS", "OPHØRT"] as const;

export interface CvrDocuments {
  companies: Vrvirksomhed[];
  productionUnits: VrproduktionsEnhed[];
}

/**
 * The generated companies as the CVR register documents them: the current values are the
 * generator's (so the departments' CVR numbers and P-numbers match), and a seeded share gets the
 * history a real register shows — earlier names and addresses, moves out of Copenhagen, an
 * industry change, ceasing, secret contact data. The showcase companies keep a quiet history so
 * demos stay predictable.
 */
export function cvrDocuments(
  companies: readonly Company[],
  options: { seed: number; now: string; showcaseCvrs?: ReadonlySet<string> },
): CvrDocuments {
  const rng = new Random(options.seed, "cvr-register");
  // The register's real shapes draw from a stream of their own, so the world's other facts stay as they are.
  const shapes = new Random(options.seed, "cvr-register-shapes");
  const now = new Date(options.now);
  const documents: CvrDocuments = { companies: [], productionUnits: [] };
  let enhedsNummer = 4_000_000_000;
  const emails = new Set<string>();
  for (const company of companies) {
    const quiet = options.showcaseCvrs?.has(company.cvr) ?? false;
    const history = historyOf(rng, company, now, quiet);
    // Companies with the same name still have their own address.
    for (let n = 2; emails.has(history.email); n++) history.email = history.email.replace(/(\d*)\.dk$/, `${n}.dk`);
    emails.add(history.email);
    const companyUnit = (enhedsNummer += rng.int(1, 40));
    const unitNumbers = company.productionUnits.map(() => (enhedsNummer += rng.int(1, 40)));
    const vrvirksomhed = companyDocument(company, companyUnit, history, rng);
    withRealShapes(vrvirksomhed, company, shapes, now, quiet);
    documents.companies.push(vrvirksomhed);
    company.productionUnits.forEach((unit, i) =>
      documents.productionUnits.push(
        productionUnitDocument(unit, unitNumbers[i], company, history, i === 0 ? vrvirksomhed.beliggenhedsadresse : undefined),
      ),
    );
  }
  return documents;
}

interface History {
  founded: string;
  updatedAt: string;
  previousName?: { name: string; until: string };
  secondaryName?: string;
  previousAddress?: { address: Address; until: string };
  movedAway?: { to: (typeof NEIGHBOURS)[number]; on: string; houseNumber: number };
  previousIndustry?: { industry: (typeof PREVIOUS_INDUSTRIES)[number]; until: string };
  ceased?: { status: (typeof CEASED_STATUSES)[number]; on: string };
  phone: string;
  phoneSecret: boolean;
  email: string;
  emailSecret: boolean;
}

function historyOf(rng: Random, company: Company, now: Date, quiet: boolean): History {
  const founded = company.foundedOn;
  const span = Math.max(1, daysBetween(founded, isoDate(now)));
  const dayAfterFounding = (share: number) => addDays(founded, Math.max(1, Math.floor(span * share)));
  // Most records were last touched by an annual employment update; some in the last weeks.
  const updatedAt = new Date(now.getTime() - rng.int(0, Math.min(span, 720)) * 86_400_000 - rng.int(0, 86_399) * 1000).toISOString();
  const base = company.name.replace(/ (ApS|A\/S|I\/S)$/, "");
  const history: History = {
    founded,
    updatedAt,
    phone: `${rng.pick(["3", "7", "2", "4", "5"])}${String(rng.int(0, 9_999_999)).padStart(7, "0")}`,
    phoneSecret: rng.chance(0.1),
    email: `kontakt@${
      base
        .toLowerCase()
        .replace(/[^a-z0-9æøå]+/g, "")
        .replace(/æ/g, "ae")
        .replace(/ø/g, "oe")
        .replace(/å/g, "aa")
        .slice(0, 24) || "firma"
    }.dk`,
    emailSecret: rng.chance(0.05),
  };
  if (span < 60) return history;
  if (rng.chance(0.18))
    history.previousName = { name: `${base} Holding${company.name.slice(base.length)}`, until: dayAfterFounding(rng.next() * 0.8) };
  if (rng.chance(0.08)) history.secondaryName = `${base} Service`;
  if (rng.chance(0.22))
    history.previousAddress = {
      address: { ...company.address, houseNumber: String(rng.int(1, 140)) },
      until: dayAfterFounding(rng.next() * 0.8),
    };
  if (rng.chance(0.1)) history.previousIndustry = { industry: rng.pick(PREVIOUS_INDUSTRIES), until: dayAfterFounding(rng.next() * 0.7) };
  if (quiet) return history;
  const lastYear = addDays(isoDate(now), -rng.int(20, 360));
  if (lastYear <= founded) return history;
  const fate = rng.next();
  if (fate < 0.03) history.movedAway = { to: rng.pick(NEIGHBOURS), on: lastYear, houseNumber: rng.int(1, 200) };
  else if (fate < 0.07) history.ceased = { status: rng.pick(CEASED_STATUSES), on: lastYear };
  // Earlier periods end before the recent change begins.
  if (history.movedAway && history.previousAddress && history.previousAddress.until >= addDays(history.movedAway.on, -2))
    delete history.previousAddress;
  if (history.ceased && history.previousIndustry && history.previousIndustry.until >= history.ceased.on) delete history.previousIndustry;
  // A move or ceasing is a recent change: the record was updated then.
  const changedOn = history.movedAway?.on ?? history.ceased?.on;
  if (changedOn && history.updatedAt.slice(0, 10) < changedOn) history.updatedAt = `${changedOn}T08:${String(rng.int(10, 59))}:00.000Z`;
  return history;
}

function companyDocument(company: Company, enhedsNummer: number, history: History, rng: Random): Vrvirksomhed {
  const stamp = history.updatedAt;
  const current = { gyldigTil: null };
  const navne: CvrName[] = [];
  if (history.previousName) {
    navne.push({
      navn: history.previousName.name,
      periode: { gyldigFra: history.founded, gyldigTil: history.previousName.until },
      sidstOpdateret: stamp,
    });
    navne.push({ navn: company.name, periode: { gyldigFra: addDays(history.previousName.until, 1), ...current }, sidstOpdateret: stamp });
  } else navne.push({ navn: company.name, periode: { gyldigFra: history.founded, ...current }, sidstOpdateret: stamp });
  const binavne: CvrName[] = history.secondaryName
    ? [{ navn: history.secondaryName, periode: { gyldigFra: history.founded, ...current }, sidstOpdateret: stamp }]
    : [];

  const addresses: CvrAddress[] = [];
  let from = history.founded;
  if (history.previousAddress) {
    addresses.push(cvrAddress(history.previousAddress.address, { gyldigFra: from, gyldigTil: history.previousAddress.until }, stamp));
    from = addDays(history.previousAddress.until, 1);
  }
  if (history.movedAway) {
    addresses.push(cvrAddress(company.address, { gyldigFra: from, gyldigTil: addDays(history.movedAway.on, -1) }, stamp));
    const to = history.movedAway.to;
    addresses.push({
      ...cvrAddress(company.address, { gyldigFra: history.movedAway.on, gyldigTil: null }, stamp),
      vejnavn: to.vejnavn,
      husnummerFra: history.movedAway.houseNumber,
      bogstavFra: null,
      postnummer: to.postnummer,
      postdistrikt: to.postdistrikt,
      kommune: { kommuneKode: to.kommuneKode, kommuneNavn: to.kommuneNavn },
    });
  } else addresses.push(cvrAddress(company.address, { gyldigFra: from, gyldigTil: null }, stamp));

  const form = {
    virksomhedsformkode: Number(company.companyForm.code),
    kortBeskrivelse: shortForm(company.companyForm.code),
    langBeskrivelse: company.companyForm.text,
    periode: { gyldigFra: history.founded, gyldigTil: null },
    sidstOpdateret: stamp,
  };
  const hovedbranche = [];
  if (history.previousIndustry) {
    hovedbranche.push({
      ...history.previousIndustry.industry,
      periode: { gyldigFra: history.founded, gyldigTil: history.previousIndustry.until },
      sidstOpdateret: stamp,
    });
    hovedbranche.push({
      branchekode: company.industry.code,
      branchetekst: company.industry.text,
      periode: { gyldigFra: addDays(history.previousIndustry.until, 1), gyldigTil: null },
      sidstOpdateret: stamp,
    });
  } else
    hovedbranche.push({
      branchekode: company.industry.code,
      branchetekst: company.industry.text,
      periode: { gyldigFra: history.founded, gyldigTil: null },
      sidstOpdateret: stamp,
    });
  const bibranche1 = history.previousIndustry
    ? [
        {
          ...history.previousIndustry.industry,
          periode: { gyldigFra: addDays(history.previousIndustry.until, 1), gyldigTil: null },
          sidstOpdateret: stamp,
        },
      ]
    : [];

  const virksomhedsstatus = history.ceased
    ? [
        { status: "NORMAL", periode: { gyldigFra: history.founded, gyldigTil: addDays(history.ceased.on, -1) }, sidstOpdateret: stamp },
        { status: history.ceased.status, periode: { gyldigFra: history.ceased.on, gyldigTil: null }, sidstOpdateret: stamp },
      ]
    : [{ status: "NORMAL", periode: { gyldigFra: history.founded, gyldigTil: null }, sidstOpdateret: stamp }];
  const livsforloeb = [{ periode: { gyldigFra: history.founded, gyldigTil: history.ceased?.on ?? null }, sidstOpdateret: stamp }];

  const year = Number(stamp.slice(0, 4));
  const month = Number(stamp.slice(5, 7));
  const employees = history.ceased ? 0 : company.employees;
  const employment = (n: number) => ({
    antalAnsatte: n,
    antalAarsvaerk: Math.round(n * 0.86 * 10) / 10,
    antalInklusivEjere: company.companyForm.code === "10" ? n + 1 : null,
    intervalKodeAntalAnsatte: sizeBandOf(n),
    intervalKodeAntalAarsvaerk: sizeBandOf(Math.round(n * 0.86)),
    sidstOpdateret: stamp,
  });
  const lastYearEmployees = Math.max(0, Math.round(company.employees * (0.8 + rng.next() * 0.3)));
  const aarsbeskaeftigelse = [{ aar: year - 1, ...employment(lastYearEmployees) }];
  const kvartalsbeskaeftigelse = [{ aar: year, kvartal: Math.ceil(month / 3), ...employment(employees) }];
  const erstMaanedsbeskaeftigelse = [{ aar: year, maaned: month, ...employment(employees) }];

  const telefonNummer = [
    {
      kontaktoplysning: history.phone,
      hemmelig: history.phoneSecret,
      periode: { gyldigFra: history.founded, gyldigTil: null },
      sidstOpdateret: stamp,
    },
  ];
  const elektroniskPost = [
    {
      kontaktoplysning: history.email,
      hemmelig: history.emailSecret,
      periode: { gyldigFra: history.founded, gyldigTil: null },
      sidstOpdateret: stamp,
    },
  ];
  const penheder = company.productionUnits.map((unit) => ({
    pNummer: Number(unit.pNumber),
    periode: { gyldigFra: history.founded, gyldigTil: history.ceased?.on ?? null },
    sidstOpdateret: stamp,
  }));

  const document: Vrvirksomhed = {
    cvrNummer: Number(company.cvr),
    enhedsNummer,
    enhedstype: "VIRKSOMHED",
    reklamebeskyttet: company.advertisingProtected,
    fejlVedIndlaesning: false,
    fejlBeskrivelse: null,
    sidstIndlaest: stamp,
    sidstOpdateret: stamp,
    navne,
    binavne,
    beliggenhedsadresse: addresses,
    postadresse: [],
    virksomhedsform: [form],
    hovedbranche,
    bibranche1,
    bibranche2: [],
    bibranche3: [],
    virksomhedsstatus,
    livsforloeb,
    aarsbeskaeftigelse,
    kvartalsbeskaeftigelse,
    erstMaanedsbeskaeftigelse,
    telefonNummer,
    elektroniskPost,
    penheder,
    virksomhedMetadata: undefined as unknown as Vrvirksomhed["virksomhedMetadata"],
  };
  document.virksomhedMetadata = metadataOf(document, history.founded);
  return document;
}

/** The register keeps `virksomhedMetadata` as the newest value of every array; recomputed after each change. */
export function metadataOf(document: Vrvirksomhed, stiftelsesDato: string): Vrvirksomhed["virksomhedMetadata"] {
  const status = newest(document.virksomhedsstatus);
  const ceased = document.livsforloeb.some((period) => period.periode.gyldigTil !== null);
  return {
    nyesteNavn: newest(document.navne)!,
    nyesteBinavne: document.binavne.filter((name) => name.periode.gyldigTil === null).map((name) => name.navn),
    nyesteBeliggenhedsadresse: newest(document.beliggenhedsadresse)!,
    nyesteVirksomhedsform: newest(document.virksomhedsform)!,
    nyesteHovedbranche: newest(document.hovedbranche)!,
    nyesteBibranche1: newest(document.bibranche1),
    nyesteBibranche2: newest(document.bibranche2),
    nyesteBibranche3: newest(document.bibranche3),
    nyesteStatus: status,
    // As the register writes it: upper case for a company that trades, "Ophørt" once it ceased.
    sammensatStatus: ceased ? "Ophørt" : status?.status === "UNDER KONKURS" ? "UNDERKONKURS" : "NORMAL",
    stiftelsesDato,
    // A date in the register, not a date-time.
    virkningsDato: newest(document.virksomhedsstatus)?.periode.gyldigFra ?? stiftelsesDato,
    antalPenheder: document.penheder.filter((unit) => unit.periode.gyldigTil === null).length,
    nyesteAarsbeskaeftigelse: document.aarsbeskaeftigelse.at(-1) ?? null,
    nyesteKvartalsbeskaeftigelse: document.kvartalsbeskaeftigelse.at(-1) ?? null,
    nyesteErstMaanedsbeskaeftigelse: document.erstMaanedsbeskaeftigelse.at(-1) ?? null,
    // As in the register: secret contact data is left out of the newest values.
    nyesteKontaktoplysninger: [...document.telefonNummer, ...document.elektroniskPost]
      .filter((entry) => entry.periode.gyldigTil === null && !entry.hemmelig)
      .map((entry) => entry.kontaktoplysning),
  };
}

function productionUnitDocument(
  unit: ProductionUnit,
  enhedsNummer: number,
  company: Company,
  history: History,
  headOfficeAddresses?: CvrAddress[],
): VrproduktionsEnhed {
  const stamp = history.updatedAt;
  const ceasedOn = history.ceased?.on ?? null;
  // The head office unit moves with the company; branches stay where they are.
  const addresses = headOfficeAddresses ?? [cvrAddress(unit.address, { gyldigFra: history.founded, gyldigTil: null }, stamp)];
  const navne = [{ navn: unit.name, periode: { gyldigFra: history.founded, gyldigTil: null }, sidstOpdateret: stamp }];
  const hovedbranche = [
    {
      branchekode: company.industry.code,
      branchetekst: company.industry.text,
      periode: { gyldigFra: history.founded, gyldigTil: null },
      sidstOpdateret: stamp,
    },
  ];
  return {
    pNummer: Number(unit.pNumber),
    enhedsNummer,
    enhedstype: "PRODUKTIONSENHED",
    reklamebeskyttet: company.advertisingProtected,
    fejlVedIndlaesning: false,
    sidstIndlaest: stamp,
    sidstOpdateret: stamp,
    navne,
    beliggenhedsadresse: addresses,
    hovedbranche,
    livsforloeb: [{ periode: { gyldigFra: history.founded, gyldigTil: ceasedOn }, sidstOpdateret: stamp }],
    virksomhedsrelation: [
      { cvrNummer: Number(company.cvr), periode: { gyldigFra: history.founded, gyldigTil: null }, sidstOpdateret: stamp },
    ],
    produktionsEnhedMetadata: {
      nyesteCvrNummerRelation: Number(company.cvr),
      nyesteNavn: navne[0],
      nyesteBeliggenhedsadresse: addresses.at(-1)!,
      nyesteHovedbranche: hovedbranche[0],
      sammensatStatus: ceasedOn ? "Ophørt" : "Aktiv",
    },
  };
}

/** Invented participants (deltagere) for the register's large documents; never real people. */
const PARTICIPANT_FIRST = ["Aske", "Birthe", "Caspian", "Ditte", "Eskild", "Frida", "Gorm", "Hjørdis", "Ivar", "Jytte"] as const;
const PARTICIPANT_LAST = ["Brøndum", "Krogager", "Lundsteen", "Mørkholt", "Nørregaard", "Skovbølle", "Tværmose", "Østerlund"] as const;
const FOREIGN_ADDRESSES = [
  { landekode: "SE", fritekst: "Östra Förstadsgatan 17\n211 31 Malmö\nSverige" },
  { landekode: "DE", fritekst: "Lindenstraße 4\n24937 Flensburg\nDeutschland" },
  { landekode: "NO", fritekst: "Storgata 12\n0155 Oslo\nNorge" },
] as const;

/**
 * What real documents have and a model built from field names misses (notes/real-world.md): a
 * share of companies began abroad (an address with kommune null, no house number or postal code,
 * the free text instead) or at an address without a house number; sidstIndlaest runs ahead of
 * sidstOpdateret (every reload moves it); and some documents carry a large deltagerRelation
 * (board, management, owners), which a client that asks for everything reads whole.
 */
function withRealShapes(document: Vrvirksomhed, company: Company, rng: Random, now: Date, quiet: boolean): void {
  const first = document.beliggenhedsadresse[0];
  const founded = document.virksomhedMetadata.stiftelsesDato;
  const stamp = document.sidstOpdateret;
  const movedIn = first.periode.gyldigFra;
  const until = addDays(founded, rng.int(30, 300));
  const room =
    daysBetween(founded, movedIn) === 0 &&
    (first.periode.gyldigTil === null || until < addDays(first.periode.gyldigTil, -1)) &&
    daysBetween(founded, isoDate(now)) > 400;
  if (!quiet && room && rng.chance(0.04)) {
    const abroad = rng.pick(FOREIGN_ADDRESSES);
    document.beliggenhedsadresse.unshift({
      ...foreignAddress(abroad.landekode, abroad.fritekst),
      periode: { gyldigFra: founded, gyldigTil: until },
      sidstOpdateret: stamp,
    });
    first.periode.gyldigFra = addDays(until, 1);
  } else if (!quiet && room && rng.chance(0.03)) {
    document.beliggenhedsadresse.unshift({
      ...first,
      husnummerFra: null,
      bogstavFra: null,
      vejnavn: "Refshalevej",
      postnummer: 1432,
      postdistrikt: "København K",
      periode: { gyldigFra: founded, gyldigTil: until },
      sidstOpdateret: stamp,
    });
    first.periode.gyldigFra = addDays(until, 1);
  }
  const lag = Math.min(now.getTime() - Date.parse(stamp), rng.int(0, 40) * 86_400_000 + rng.int(0, 86_399) * 1000);
  document.sidstIndlaest = new Date(Date.parse(stamp) + Math.max(0, lag)).toISOString();
  if (rng.chance(0.03)) document.deltagerRelation = participants(rng, company, founded, stamp, rng.int(12, 40));
  document.virksomhedMetadata = metadataOf(document, founded);
}

function foreignAddress(landekode: string, fritekst: string): CvrAddress {
  return {
    vejnavn: null,
    husnummerFra: null,
    husnummerTil: null,
    bogstavFra: null,
    bogstavTil: null,
    etage: null,
    sidedoer: null,
    conavn: null,
    postboks: null,
    postnummer: null,
    postdistrikt: null,
    bynavn: null,
    landekode,
    fritekst,
    adresseId: null,
    kommune: null,
    periode: { gyldigFra: "", gyldigTil: null },
    sidstOpdateret: "",
  };
}

/** Board members, directors and owners as the register nests them: each with names, an address and attributes by period. */
function participants(
  rng: Random,
  company: Company,
  founded: string,
  stamp: string,
  count: number,
): NonNullable<Vrvirksomhed["deltagerRelation"]> {
  return Array.from({ length: count }, (_, i) => {
    const name = `${rng.pick(PARTICIPANT_FIRST)} ${rng.pick(PARTICIPANT_LAST)}`;
    const abroad = rng.chance(0.1) ? rng.pick(FOREIGN_ADDRESSES) : undefined;
    const address = abroad
      ? foreignAddress(abroad.landekode, abroad.fritekst)
      : {
          ...cvrAddress(company.address, { gyldigFra: founded, gyldigTil: null }, stamp),
          husnummerFra: rng.int(1, 120),
          etage: String(rng.int(1, 5)),
          sidedoer: rng.pick(["th", "tv", "mf"]),
        };
    const role = rng.pick(["BESTYRELSE", "DIREKTION", "REEL EJER", "STIFTERE"]);
    const period = {
      gyldigFra: addDays(founded, rng.int(0, 200)),
      gyldigTil: rng.chance(0.3) ? addDays(founded, rng.int(201, 900)) : null,
    };
    const value = (vaerdi: string) => ({ vaerdi, periode: period, sidstOpdateret: stamp });
    return {
      deltager: {
        enhedsNummer: 4_100_000_000 + i,
        enhedstype: "PERSON",
        sidstIndlaest: stamp,
        sidstOpdateret: stamp,
        navne: [{ navn: name, periode: { gyldigFra: null, gyldigTil: null }, sidstOpdateret: null }],
        adresseHemmelig: false,
        beliggenhedsadresse: [{ ...address, periode: { gyldigFra: period.gyldigFra, gyldigTil: null }, sidstOpdateret: stamp }],
      },
      kontorsteder: [],
      organisationer: [
        {
          enhedsNummerOrganisation: 4_200_000_000 + i,
          hovedtype: role === "REEL EJER" ? "REGISTER" : "LEDELSESORGAN",
          organisationsNavn: [
            {
              navn: role === "REEL EJER" ? "Reelle ejere" : role === "DIREKTION" ? "Direktion" : "Bestyrelse",
              periode: period,
              sidstOpdateret: stamp,
            },
          ],
          medlemsData: [
            {
              attributter: [
                {
                  sekvensnr: 0,
                  type: "FUNKTION",
                  vaerditype: "string",
                  vaerdier: [value(role === "BESTYRELSE" ? rng.pick(["FORMAND", "NÆSTFORMAND", "BESTYRELSESMEDLEM"]) : role)],
                },
                { sekvensnr: 0, type: "VALGFORM", vaerditype: "string", vaerdier: [value("Generalforsamling")] },
                {
                  sekvensnr: 0,
                  type: "EJERANDEL_PROCENT",
                  vaerditype: "decimal",
                  vaerdier: [value(String(Math.round(rng.next() * 100) / 100))],
                },
                {
                  sekvensnr: 0,
                  type: "EJERANDEL_STEMMERET_PROCENT",
                  vaerditype: "decimal",
                  vaerdier: [value(String(Math.round(rng.next() * 100) / 100))],
                },
              ],
            },
          ],
        },
      ],
    };
  });
}

function cvrAddress(address: Address, periode: { gyldigFra: string; gyldigTil: string | null }, sidstOpdateret: string): CvrAddress {
  const match = /^(\d+)([A-Z]?)$/.exec(address.houseNumber);
  return {
    vejnavn: address.street,
    husnummerFra: Number(match?.[1] ?? address.houseNumber),
    husnummerTil: null,
    bogstavFra: match?.[2] || null,
    bogstavTil: null,
    etage: null,
    sidedoer: null,
    conavn: null,
    postboks: null,
    postnummer: Number(address.postalCode),
    postdistrikt: address.city,
    bynavn: null,
    landekode: "DK",
    fritekst: null,
    adresseId: null,
    kommune: { kommuneKode: Number(address.municipalityCode), kommuneNavn: "KØBENHAVN" },
    periode,
    sidstOpdateret,
  };
}

/** The entry whose period is open, else the last one. */
export function newest<T extends { periode?: { gyldigTil: string | null } }>(entries: readonly T[]): T | null {
  return entries.find((entry) => entry.periode?.gyldigTil === null) ?? entries.at(-1) ?? null;
}

function shortForm(code: string): string {
  return ({ "10": "ENK", "30": "I/S", "60": "A/S", "80": "APS" } as Record<string, string>)[code] ?? "ANDEN";
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return isoDate(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}

function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
