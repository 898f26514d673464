import { completeCvr } from "@company-graph/domain";
import type { Random } from "./random";
import { FIRST_NAMES, SURNAMES } from "./people";

/** A company as CVR describes it (the fields the graph needs from CVR-loven §11). */
export interface Company {
  cvr: string;
  name: string;
  companyForm: { code: string; text: string };
  foundedOn: string;
  industry: { code: string; text: string; codeSystem: "DB07" };
  segment: Segment;
  /** CVR's employment interval code, e.g. ANTAL_2_4. */
  sizeBand: string;
  employees: number;
  address: Address;
  productionUnits: ProductionUnit[];
  /** Reklamebeskyttet: the company may not be contacted for marketing. */
  advertisingProtected: boolean;
}

export interface Address {
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  municipalityCode: "101";
}

export interface ProductionUnit {
  pNumber: string;
  name: string;
  address: Address;
}

/** How often the company is in contact with the municipality (the report: 37/37/26 %). */
export type Segment = "frequent" | "less-frequent" | "infrequent";
const SEGMENTS: readonly (readonly [Segment, number])[] = [
  ["frequent", 37],
  ["less-frequent", 37],
  ["infrequent", 26],
];

/** Broad industry groups: the generator uses them to make case choices plausible. */
export type IndustryGroup = "professional" | "retail" | "real-estate" | "hospitality" | "ict" | "construction" | "manufacturing" | "other";

interface Industry {
  code: string;
  text: string;
  group: IndustryGroup;
  weight: number;
  names: readonly NameTemplate[];
}
type NameTemplate = (rng: Random) => string;

const surname = (rng: Random) => rng.pick(SURNAMES);
const word = (rng: Random) => rng.pick(NAME_WORDS);
const place = (rng: Random) => rng.pick(DISTRICTS);

const NAME_WORDS = [
  "Nordlys",
  "Havblik",
  "Egetræ",
  "Lærke",
  "Stjerne",
  "Kompas",
  "Fyrtårn",
  "Anker",
  "Solsikke",
  "Ravn",
  "Kastanje",
  "Bølge",
  "Bastion",
  "Hjørnet",
  "Gården",
  "Torvet",
  "Kanal",
  "Spir",
  "Bro",
  "Pakhus",
  "Lygte",
  "Tårn",
  "Mølle",
  "Skib",
  "Grib",
  "Hejre",
  "Lindetræ",
  "Kilde",
  "Vindrose",
  "Saltværk",
  "Ravlunde",
  "Stenbro",
  "Fælled",
  "Nøgle",
  "Kobber",
  "Jern",
  "Kridt",
  "Kvist",
] as const;

/** Districts of Copenhagen Municipality (Frederiksberg is its own municipality and left out). */
const DISTRICTS = [
  "Vesterbro",
  "Nørrebro",
  "Østerbro",
  "Amager",
  "Christianshavn",
  "Sydhavn",
  "Nordvest",
  "Bispebjerg",
  "Islands Brygge",
  "Indre By",
  "Nordhavn",
  "Kødbyen",
] as const;

const INDUSTRIES: readonly Industry[] = [
  // Professional services: the biggest group in the report.
  {
    code: "691000",
    text: "Advokatvirksomhed",
    group: "professional",
    weight: 4,
    names: [(r) => `Advokatfirmaet ${surname(r)} & ${surname(r)}`, (r) => `${surname(r)} Advokater`],
  },
  {
    code: "692000",
    text: "Bogføring og revision; skatterådgivning",
    group: "professional",
    weight: 5,
    names: [(r) => `Revisionsfirmaet ${surname(r)}`, (r) => `${place(r)} Revision`, (r) => `${word(r)} Regnskab`],
  },
  {
    code: "702200",
    text: "Virksomhedsrådgivning og anden rådgivning om driftsledelse",
    group: "professional",
    weight: 7,
    names: [(r) => `${word(r)} Consulting`, (r) => `${surname(r)} Rådgivning`, (r) => `${word(r)} Partners`],
  },
  {
    code: "711100",
    text: "Arkitektvirksomhed",
    group: "professional",
    weight: 3,
    names: [(r) => `${surname(r)} Arkitekter`, (r) => `Tegnestuen ${word(r)}`],
  },
  {
    code: "711200",
    text: "Ingeniørvirksomhed og dertil knyttet teknisk rådgivning",
    group: "professional",
    weight: 3,
    names: [(r) => `${surname(r)} Rådgivende Ingeniører`, (r) => `${word(r)} Ingeniørerne`],
  },
  {
    code: "731100",
    text: "Reklamebureauer",
    group: "professional",
    weight: 2,
    names: [(r) => `Bureau ${word(r)}`, (r) => `${word(r)} Kommunikation`],
  },
  // Retail
  {
    code: "471120",
    text: "Supermarkeder og discountforretninger",
    group: "retail",
    weight: 2,
    names: [(r) => `${place(r)} Købmand`, (r) => `Minimarked ${word(r)}`],
  },
  { code: "471130", text: "Kiosker", group: "retail", weight: 2, names: [(r) => `Kiosk ${place(r)}`, (r) => `${word(r)} Kiosk`] },
  {
    code: "477100",
    text: "Detailhandel med beklædningsgenstande",
    group: "retail",
    weight: 4,
    names: [(r) => `${word(r)} Tøj`, (r) => `Butik ${word(r)}`, (r) => `${surname(r)} Mode`],
  },
  {
    code: "476410",
    text: "Cykelforretninger",
    group: "retail",
    weight: 1,
    names: [(r) => `${place(r)} Cykler`, (r) => `${word(r)} Cykler`],
  },
  {
    code: "477610",
    text: "Blomsterforretninger",
    group: "retail",
    weight: 1,
    names: [(r) => `${surname(r)}s Blomster`, (r) => `Blomsterbinderiet ${word(r)}`],
  },
  { code: "477820", text: "Optikere", group: "retail", weight: 1, names: [(r) => `${place(r)} Optik`] },
  {
    code: "479100",
    text: "Detailhandel via postordre eller internettet",
    group: "retail",
    weight: 3,
    names: [(r) => `${word(r)}shop`, (r) => `${word(r)} Online`],
  },
  // Real estate
  {
    code: "682040",
    text: "Udlejning af erhvervsejendomme",
    group: "real-estate",
    weight: 4,
    names: [(r) => `Ejendomsselskabet ${word(r)}`, (r) => `${surname(r)} Ejendomme`],
  },
  {
    code: "683110",
    text: "Ejendomsmæglere",
    group: "real-estate",
    weight: 2,
    names: [(r) => `${place(r)} Bolig`, (r) => `Ejendomsmægler ${surname(r)}`],
  },
  {
    code: "683200",
    text: "Administration af fast ejendom på kontraktbasis",
    group: "real-estate",
    weight: 3,
    names: [(r) => `${word(r)} Administration`, (r) => `${surname(r)} Ejendomsadministration`],
  },
  // Accommodation and restaurants
  {
    code: "561010",
    text: "Restauranter",
    group: "hospitality",
    weight: 5,
    names: [(r) => `Restaurant ${word(r)}`, (r) => `Café ${word(r)}`, (r) => `Spisestedet ${word(r)}`],
  },
  {
    code: "561020",
    text: "Pizzeriaer, grillbarer, isbarer mv.",
    group: "hospitality",
    weight: 2,
    names: [(r) => `${place(r)} Pizza`, (r) => `${word(r)} Grill`],
  },
  {
    code: "563000",
    text: "Værtshuse, barer og diskoteker",
    group: "hospitality",
    weight: 3,
    names: [(r) => `Bar ${word(r)}`, (r) => `Værtshuset ${word(r)}`, (r) => `${word(r)} Bodega`],
  },
  { code: "551010", text: "Hoteller", group: "hospitality", weight: 1, names: [(r) => `Hotel ${word(r)}`, (r) => `${place(r)} Hotel`] },
  // ICT
  {
    code: "620100",
    text: "Computerprogrammering",
    group: "ict",
    weight: 5,
    names: [(r) => `${word(r)} Software`, (r) => `${word(r)}Tech`, (r) => `${word(r)} Digital`],
  },
  {
    code: "620200",
    text: "Konsulentbistand vedrørende informationsteknologi",
    group: "ict",
    weight: 4,
    names: [(r) => `${word(r)} IT`, (r) => `${surname(r)} IT-rådgivning`],
  },
  {
    code: "631100",
    text: "Databehandling, webhosting og lignende serviceydelser",
    group: "ict",
    weight: 1,
    names: [(r) => `${word(r)} Data`, (r) => `${word(r)} Hosting`],
  },
  // Construction
  {
    code: "412000",
    text: "Opførelse af bygninger",
    group: "construction",
    weight: 3,
    names: [(r) => `${surname(r)} Byg`, (r) => `${surname(r)} Entreprise`, (r) => `${place(r)} Byggeselskab`],
  },
  {
    code: "432100",
    text: "El-installation",
    group: "construction",
    weight: 2,
    names: [(r) => `${surname(r)} El-service`, (r) => `${place(r)} El`],
  },
  {
    code: "432200",
    text: "VVS- og blikkenslagerforretninger",
    group: "construction",
    weight: 2,
    names: [(r) => `${surname(r)} VVS`, (r) => `VVS-firmaet ${word(r)}`],
  },
  { code: "433410", text: "Malerforretninger", group: "construction", weight: 2, names: [(r) => `Malerfirmaet ${surname(r)}`] },
  {
    code: "431200",
    text: "Forberedende byggepladsarbejder",
    group: "construction",
    weight: 1,
    names: [(r) => `${surname(r)} Nedrivning`, (r) => `${word(r)} Jord og Beton`],
  },
  // Manufacturing
  {
    code: "110500",
    text: "Fremstilling af øl",
    group: "manufacturing",
    weight: 1,
    names: [(r) => `${place(r)} Bryghus`, (r) => `Bryggeriet ${word(r)}`],
  },
  {
    code: "107110",
    text: "Fremstilling af brød og friske bagerivarer",
    group: "manufacturing",
    weight: 1,
    names: [(r) => `Bageriet ${word(r)}`, (r) => `${surname(r)}s Bageri`],
  },
  {
    code: "251100",
    text: "Fremstilling af metalkonstruktioner og dele heraf",
    group: "manufacturing",
    weight: 1,
    names: [(r) => `${surname(r)} Stål`, (r) => `${place(r)} Smedie`],
  },
  {
    code: "310900",
    text: "Fremstilling af andre møbler",
    group: "manufacturing",
    weight: 1,
    names: [(r) => `${surname(r)} Møbelsnedkeri`, (r) => `Snedkeriet ${word(r)}`],
  },
  // Everything else the report lumps together
  {
    code: "862300",
    text: "Tandlæger",
    group: "other",
    weight: 2,
    names: [(r) => `Tandlægerne ${place(r)}`, (r) => `Tandklinikken ${word(r)}`],
  },
  { code: "960210", text: "Frisører", group: "other", weight: 3, names: [(r) => `Salon ${word(r)}`, (r) => `${firstName(r)}s Frisør`] },
  {
    code: "494100",
    text: "Vejgodstransport",
    group: "other",
    weight: 2,
    names: [(r) => `${surname(r)} Transport`, (r) => `${place(r)} Vognmandsforretning`],
  },
  {
    code: "812100",
    text: "Almindelig rengøring i bygninger",
    group: "other",
    weight: 2,
    names: [(r) => `${word(r)} Rengøring`, (r) => `${surname(r)} Service`],
  },
  {
    code: "855900",
    text: "Anden undervisning",
    group: "other",
    weight: 1,
    names: [(r) => `${word(r)} Akademi`, (r) => `Sprogskolen ${word(r)}`],
  },
];

function firstName(rng: Random): string {
  return rng.pick(FIRST_NAMES).name;
}

const INDUSTRY_BY_CODE = new Map(INDUSTRIES.map((industry) => [industry.code, industry]));

export function industryGroup(company: Company): IndustryGroup {
  return INDUSTRY_BY_CODE.get(company.industry.code)?.group ?? "other";
}

/** Company forms by their CVR code (virksomhedsform). */
const FORMS = {
  ENK: { code: "10", text: "Enkeltmandsvirksomhed", suffix: "" },
  IS: { code: "30", text: "Interessentskab", suffix: " I/S" },
  AS: { code: "60", text: "Aktieselskab", suffix: " A/S" },
  APS: { code: "80", text: "Anpartsselskab", suffix: " ApS" },
} as const;
type FormKey = keyof typeof FORMS;

/** CVR's employment intervals and how many companies fall in each: mostly fewer than 10. */
const SIZE_BANDS: readonly { code: string; min: number; max: number; weight: number }[] = [
  { code: "ANTAL_0_0", min: 0, max: 0, weight: 24 },
  { code: "ANTAL_1_1", min: 1, max: 1, weight: 20 },
  { code: "ANTAL_2_4", min: 2, max: 4, weight: 22 },
  { code: "ANTAL_5_9", min: 5, max: 9, weight: 14 },
  { code: "ANTAL_10_19", min: 10, max: 19, weight: 8.5 },
  { code: "ANTAL_20_49", min: 20, max: 49, weight: 6 },
  { code: "ANTAL_50_99", min: 50, max: 99, weight: 2.8 },
  { code: "ANTAL_100_199", min: 100, max: 199, weight: 1.4 },
  { code: "ANTAL_200_499", min: 200, max: 499, weight: 0.8 },
  { code: "ANTAL_500_999", min: 500, max: 999, weight: 0.3 },
  { code: "ANTAL_1000_", min: 1000, max: 4000, weight: 0.2 },
];

export function sizeBandOf(employees: number): string {
  return SIZE_BANDS.find((band) => employees >= band.min && employees <= band.max)?.code ?? "ANTAL_1000_";
}

/** Streets of Copenhagen Municipality with their postal codes (1050–2450). */
const STREETS: readonly (readonly [string, string])[] = [
  ["Gothersgade", "1123"],
  ["Store Kongensgade", "1264"],
  ["Nørregade", "1165"],
  ["Vestergade", "1456"],
  ["Frederiksborggade", "1360"],
  ["Bredgade", "1260"],
  ["Købmagergade", "1150"],
  ["Nyhavn", "1051"],
  ["Kronprinsensgade", "1114"],
  ["Admiralgade", "1066"],
  ["Rådhusstræde", "1466"],
  ["Læderstræde", "1201"],
  ["Torvegade", "1400"],
  ["Overgaden neden Vandet", "1414"],
  ["Strandgade", "1401"],
  ["Istedgade", "1650"],
  ["Vesterbrogade", "1620"],
  ["Værnedamsvej", "1619"],
  ["Enghavevej", "1674"],
  ["Halmtorvet", "1700"],
  ["Flæsketorvet", "1711"],
  ["Kalvebod Brygge", "1560"],
  ["Gasværksvej", "1656"],
  ["Sønder Boulevard", "1720"],
  ["Tietgensgade", "1704"],
  ["Østerbrogade", "2100"],
  ["Nordre Frihavnsgade", "2100"],
  ["Classensgade", "2100"],
  ["Strandboulevarden", "2100"],
  ["Århusgade", "2100"],
  ["Sandkaj", "2150"],
  ["Göteborg Plads", "2150"],
  ["Nørrebrogade", "2200"],
  ["Jægersborggade", "2200"],
  ["Ravnsborggade", "2200"],
  ["Blågårdsgade", "2200"],
  ["Guldbergsgade", "2200"],
  ["Fælledvej", "2200"],
  ["Tagensvej", "2200"],
  ["Stefansgade", "2200"],
  ["Amagerbrogade", "2300"],
  ["Islands Brygge", "2300"],
  ["Njalsgade", "2300"],
  ["Holmbladsgade", "2300"],
  ["Ørestads Boulevard", "2300"],
  ["Prags Boulevard", "2300"],
  ["Frederikssundsvej", "2400"],
  ["Rentemestervej", "2400"],
  ["Tomsgårdsvej", "2400"],
  ["Glasvej", "2400"],
  ["Lygten", "2400"],
  ["Sydhavnsgade", "2450"],
  ["Borgbjergvej", "2450"],
  ["Sluseholmen", "2450"],
  ["Teglholmsgade", "2450"],
  ["P. Knudsens Gade", "2450"],
];

function cityOfPostalCode(postalCode: string): string {
  const code = Number(postalCode);
  if (code < 1500) return "København K";
  if (code < 1800) return "København V";
  if (code === 2100) return "København Ø";
  if (code === 2150) return "Nordhavn";
  if (code === 2200) return "København N";
  if (code === 2300) return "København S";
  if (code === 2400) return "København NV";
  return "København SV";
}

export function address(street: string, houseNumber: string, postalCode: string): Address {
  return { street, houseNumber, postalCode, city: cityOfPostalCode(postalCode), municipalityCode: "101" };
}

export function randomAddress(rng: Random): Address {
  const [street, postalCode] = rng.pick(STREETS);
  const houseNumber = String(rng.int(1, 140)) + (rng.chance(0.12) ? rng.pick(["A", "B", "C"]) : "");
  return address(street, houseNumber, postalCode);
}

export function formatAddress(a: Address): string {
  return `${a.street} ${a.houseNumber}, ${a.postalCode} ${a.city}`;
}

/** Keeps CVR and P-numbers unique across the generated and the hand-shaped companies. */
export class NumberRegistry {
  private readonly cvrs = new Set<string>();
  private nextPNumber = 1_002_000_000;

  constructor(private readonly rng: Random) {}

  reserveCvr(cvr: string): string {
    if (this.cvrs.has(cvr)) throw new Error(`CVR ${cvr} is used twice`);
    this.cvrs.add(cvr);
    return cvr;
  }

  /** CVR serials grew over time (1999: ~10 million, 2026: ~46 million), so old companies get low numbers. */
  cvrFoundedIn(year: number): string {
    const from = year <= 1999 ? 1_000_000 : 1_000_000 + Math.round(((year - 1999) / 27) * 3_400_000);
    for (;;) {
      const serial = String(Math.min(4_699_999, from + this.rng.int(0, year <= 1999 ? 1_200_000 : 130_000)));
      const cvr = completeCvr(serial);
      if (cvr !== null && !this.cvrs.has(cvr)) return this.reserveCvr(cvr);
    }
  }

  pNumber(): string {
    // Gaps make the numbers look issued rather than counted; increasing keeps them unique.
    this.nextPNumber += this.rng.int(1, 97);
    return String(this.nextPNumber);
  }
}

export interface CompanyOptions {
  count: number;
  now: Date;
}

export function generateCompanies(rng: Random, numbers: NumberRegistry, options: CompanyOptions): Company[] {
  const names = new Set<string>();
  const industries = INDUSTRIES.map((industry) => [industry, industry.weight] as const);
  const bands = SIZE_BANDS.map((band) => [band, band.weight] as const);
  const nowYear = options.now.getUTCFullYear();
  const segments = segmentQuotas(rng, options.count);
  const companies: Company[] = [];
  for (let i = 0; i < options.count; i++) {
    const industry = rng.weighted(industries);
    const band = rng.weighted(bands);
    const employees = band.max === band.min ? band.min : rng.int(band.min, band.max);
    const form = companyForm(rng, employees);
    const foundedYear = foundingYear(rng, nowYear, employees);
    const foundedOn = `${foundedYear}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`;
    const name = uniqueName(rng, names, industry, form);
    const headOffice = randomAddress(rng);
    companies.push({
      cvr: numbers.cvrFoundedIn(foundedYear),
      name,
      companyForm: { code: FORMS[form].code, text: FORMS[form].text },
      foundedOn: foundedOn > options.now.toISOString().slice(0, 10) ? options.now.toISOString().slice(0, 10) : foundedOn,
      industry: { code: industry.code, text: industry.text, codeSystem: "DB07" },
      segment: segments[i],
      sizeBand: band.code,
      employees,
      address: headOffice,
      productionUnits: productionUnits(rng, numbers, name, headOffice, employees, industry.group),
      advertisingProtected: rng.chance(0.14),
    });
  }
  return companies;
}

/** Exactly the report's shares, shuffled: 300 draws would stray several points from 37/37/26. */
function segmentQuotas(rng: Random, count: number): Segment[] {
  const total = SEGMENTS.reduce((sum, [, share]) => sum + share, 0);
  const quotas: Segment[] = [];
  let assigned = 0;
  SEGMENTS.forEach(([segment, share], i) => {
    const n = i === SEGMENTS.length - 1 ? count - assigned : Math.round((count * share) / total);
    for (let k = 0; k < n; k++) quotas.push(segment);
    assigned += n;
  });
  for (let i = quotas.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [quotas[i], quotas[j]] = [quotas[j], quotas[i]];
  }
  return quotas;
}

function companyForm(rng: Random, employees: number): FormKey {
  if (employees >= 100) return rng.chance(0.8) ? "AS" : "APS";
  if (employees >= 10)
    return rng.weighted([
      ["APS", 70],
      ["AS", 22],
      ["IS", 3],
      ["ENK", 5],
    ]);
  return rng.weighted([
    ["APS", 48],
    ["ENK", 38],
    ["IS", 8],
    ["AS", 6],
  ]);
}

/** Young companies dominate, but large ones are usually old. */
function foundingYear(rng: Random, nowYear: number, employees: number): number {
  const age = employees >= 50 ? rng.int(8, 110) : Math.min(60, Math.floor(rng.logNormal(0.9) * 7));
  return nowYear - age;
}

function uniqueName(rng: Random, used: Set<string>, industry: Industry, form: FormKey): string {
  const suffix = FORMS[form].suffix;
  for (let attempt = 0; ; attempt++) {
    let base = rng.pick(industry.names)(rng);
    if (attempt >= 4) base += ` ${rng.pick(DISTRICTS)}`;
    if (attempt >= 8) base += ` ${attempt}`;
    const name = form === "ENK" && rng.chance(0.5) ? `${base} v/ ${rng.pick(FIRST_NAMES).name} ${rng.pick(SURNAMES)}` : base + suffix;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

function productionUnits(
  rng: Random,
  numbers: NumberRegistry,
  name: string,
  headOffice: Address,
  employees: number,
  group: IndustryGroup,
): ProductionUnit[] {
  const units: ProductionUnit[] = [{ pNumber: numbers.pNumber(), name, address: headOffice }];
  // Chains (shops, restaurants) and large employers run several sites in the city.
  const branches =
    employees >= 200
      ? rng.int(1, 4)
      : (group === "retail" || group === "hospitality") && employees >= 10 && rng.chance(0.4)
        ? rng.int(1, 3)
        : 0;
  for (let i = 0; i < branches; i++) {
    const site = randomAddress(rng);
    units.push({
      pNumber: numbers.pNumber(),
      name: `${name.replace(/ (ApS|A\/S|I\/S)$/, "")} ${site.city.replace("København ", "")}`,
      address: site,
    });
  }
  return units;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
