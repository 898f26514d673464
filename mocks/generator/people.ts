import { type CatalogueService, type Department, SERVICES, annualCaseVolume, systemDepartment } from "@company-graph/domain";
import type { Random } from "./random";

/**
 * People: the municipality's own staff (units, caseworkers, front office, key account managers)
 * and the companies' employees who appear in sick-pay, flex-job and licence cases.
 * Every name and CPR number here is invented.
 */

export const FIRST_NAMES: readonly { name: string; female: boolean }[] = [
  ...[
    "Anne",
    "Mette",
    "Kirsten",
    "Hanne",
    "Helle",
    "Susanne",
    "Lene",
    "Camilla",
    "Louise",
    "Maria",
    "Sofie",
    "Ida",
    "Emma",
    "Freja",
    "Julie",
    "Sara",
    "Cecilie",
    "Nanna",
    "Mathilde",
    "Line",
    "Amalie",
    "Fatima",
    "Aisha",
    "Zeynep",
    "Agnieszka",
    "Linh",
    "Maja",
    "Signe",
    "Katrine",
    "Birgitte",
  ].map((name) => ({ name, female: true })),
  ...[
    "Peter",
    "Jens",
    "Lars",
    "Michael",
    "Henrik",
    "Thomas",
    "Søren",
    "Niels",
    "Christian",
    "Martin",
    "Rasmus",
    "Jesper",
    "Anders",
    "Mads",
    "Frederik",
    "Jonas",
    "Mikkel",
    "Oliver",
    "William",
    "Emil",
    "Ahmed",
    "Mohammad",
    "Ali",
    "Mehmet",
    "Piotr",
    "Minh",
    "Kasper",
    "Morten",
    "Ole",
    "Bo",
  ].map((name) => ({ name, female: false })),
];

export const SURNAMES = [
  "Jensen",
  "Nielsen",
  "Hansen",
  "Pedersen",
  "Andersen",
  "Christensen",
  "Larsen",
  "Sørensen",
  "Rasmussen",
  "Jørgensen",
  "Petersen",
  "Madsen",
  "Kristensen",
  "Olsen",
  "Thomsen",
  "Christiansen",
  "Poulsen",
  "Johansen",
  "Møller",
  "Mortensen",
  "Knudsen",
  "Jakobsen",
  "Mikkelsen",
  "Olesen",
  "Frederiksen",
  "Laursen",
  "Henriksen",
  "Lund",
  "Holm",
  "Schmidt",
  "Eriksen",
  "Simonsen",
  "Clausen",
  "Svendsen",
  "Iversen",
  "Jeppesen",
  "Vestergaard",
  "Nissen",
  "Lauridsen",
  "Kjær",
  "Bach",
  "Dam",
  "Skov",
  "Bruun",
  "Friis",
  "Winther",
  "Ahmed",
  "Hussein",
  "Yilmaz",
  "Nguyen",
  "Kowalski",
  "Ali",
  "Demir",
  "Østergaard",
  "Bjerregaard",
  "Krogh",
] as const;

export interface Person {
  cpr: string;
  name: string;
}

/**
 * A fictitious person with a CPR number DDMMYY-NNNN whose 7th digit matches the birth century
 * and whose last digit matches the gender (odd: male), as real ones do. No modulus-11 check:
 * CPR numbers issued since 2007 need not satisfy it either.
 */
export function person(rng: Random, bornBetween: readonly [number, number] = [1960, 2004]): Person {
  const first = rng.pick(FIRST_NAMES);
  const year = rng.int(bornBetween[0], bornBetween[1]);
  const centuryDigit = year >= 2000 ? 4 : rng.int(0, 3);
  const serial = `${centuryDigit}${rng.digits(2)}`;
  const genderDigit = first.female ? rng.pick([0, 2, 4, 6, 8]) : rng.pick([1, 3, 5, 7, 9]);
  const cpr = `${pad(rng.int(1, 28))}${pad(rng.int(1, 12))}${pad(year % 100)}-${serial}${genderDigit}`;
  const middle = rng.chance(0.25) ? ` ${rng.pick(SURNAMES)}` : "";
  return { cpr, name: `${first.name}${middle} ${rng.pick(SURNAMES)}` };
}

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** An organisation unit of a department. */
export interface Unit {
  id: string;
  name: string;
  department: Department;
}

export type EmployeeRole = "caseworker" | "unit-manager" | "front-office" | "key-account-manager" | "business-consultant" | "analyst";

/** A member of the municipality's staff. */
export interface Employee {
  id: string;
  name: string;
  initials: string;
  role: EmployeeRole;
  title: string;
  department: Department;
  unitId: string;
  unitName: string;
  email: string;
  phone: string;
  /** Key account managers and consultants belong to a service-package team. */
  team?: "hr" | "startup-growth";
}

/** How a case names its caseworker (the contract's Caseworker). */
export interface CaseworkerRef {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  email: string;
  phone: string;
}

interface UnitDefinition extends Unit {
  /** Services whose cases the unit handles, by id prefix or exact id. */
  handles: readonly string[];
}

const UNIT_DEFINITIONS: readonly UnitDefinition[] = [
  {
    id: "bif-virksomhedsservice",
    department: "BIF",
    name: "Jobcenter København, Virksomhedsservice",
    handles: [
      "bif-wage-subsidy",
      "bif-company-work-placement",
      "bif-placement-follow-up",
      "bif-mentor-support",
      "bif-reverse-placement",
      "bif-knowledge-pilot",
      "bif-skilled-pilot",
      "bif-growth-pilot",
      "bif-diversity-growth-advice",
    ],
  },
  {
    id: "bif-rekruttering",
    department: "BIF",
    name: "Jobcenter København, Rekrutteringsservice",
    handles: [
      "bif-ordinary-hiring-job-placement",
      "bif-outreach-job-orders",
      "bif-jobnet-advertising",
      "bif-jobnet-advertising-help",
      "bif-international-recruitment",
      "bif-leisure-time-jobs",
      "bif-pre-graduate-effort",
      "bif-apprenticeships",
    ],
  },
  {
    id: "bif-uddannelse-jobrotation",
    department: "BIF",
    name: "Jobcenter København, Uddannelse og Jobrotation",
    handles: ["bif-job-rotation", "bif-danish-language-training"],
  },
  {
    id: "bif-fastholdelse",
    department: "BIF",
    name: "Jobcenter København, Sygedagpenge og Fastholdelse",
    handles: ["bif-sick-leave-retention-advice"],
  },
  {
    id: "bif-fleksjob",
    department: "BIF",
    name: "Jobcenter København, Fleksjobenheden",
    handles: ["bif-flex-jobs-and-placements", "bif-reverse-placement-sick-flex", "bif-flex-job-recruitment"],
  },
  { id: "bif-refusion", department: "BIF", name: "Ydelsesservice, Refusion til arbejdsgivere", handles: ["bif-wage-refunds"] },
  { id: "bif-kes", department: "BIF", name: "Københavns Erhvervsservice (KES)", handles: ["kes-"] },
  { id: "bif-kes-front", department: "BIF", name: "Københavns Erhvervsservice, Frontfunktion", handles: [] },
  { id: "bif-udvikling", department: "BIF", name: "Erhvervsservice, Udviklingsenheden", handles: [] },
  {
    id: "tmf-byggeri",
    department: "TMF",
    name: "Byggeri København",
    handles: [
      "tmf-building-case-",
      "tmf-occupancy-permit",
      "tmf-address-registration",
      "tmf-building-complaints",
      "tmf-local-plans-from-building-cases",
      "tmf-inspection-building",
      "tmf-heat-plan-cases",
      "tmf-heat-supply-dispensation",
    ],
  },
  {
    id: "tmf-kundecenter",
    department: "TMF",
    name: "Teknik- og Miljøforvaltningen, Kundecenter",
    handles: ["tmf-building-customer-centre-guidance", "tmf-site-oil-tank-enquiries"],
  },
  {
    id: "tmf-miljoe",
    department: "TMF",
    name: "Miljøbeskyttelse, Virksomheder",
    handles: [
      "tmf-environmental-",
      "tmf-environment-complaints",
      "tmf-green-business",
      "tmf-swimming-bath-inspection",
      "tmf-construction-noise-dust-dispensation",
    ],
  },
  {
    id: "tmf-jord-affald",
    department: "TMF",
    name: "Jord og Affald",
    handles: [
      "tmf-waste-",
      "tmf-soil-",
      "tmf-asbestos-notifications",
      "tmf-contaminated-land-s8",
      "tmf-substance-burial-discharge-permit",
      "tmf-pest-control",
    ],
  },
  {
    id: "tmf-vand",
    department: "TMF",
    name: "Vand og Kloak",
    handles: [
      "tmf-a-drilling-",
      "tmf-b-drilling-",
      "tmf-wastewater-",
      "tmf-discharge-recipient-permit",
      "tmf-watercourse-regulation-permit",
      "tmf-groundwater-regulation-permit",
    ],
  },
  {
    id: "tmf-vejmyndighed",
    department: "TMF",
    name: "Byens Drift, Vejmyndighed",
    handles: [
      "tmf-excavation-permit",
      "tmf-scaffolding-container-permit",
      "tmf-signs-banners-permit",
      "tmf-shopfront-signs-displays-permit",
      "tmf-traffic-complaints",
    ],
  },
  {
    id: "tmf-byliv",
    department: "TMF",
    name: "Byliv og Arrangementer",
    handles: [
      "tmf-event-public-space-permit",
      "tmf-filming-permit",
      "tmf-mobile-street-vending-permit",
      "tmf-stall-pitch-permit",
      "tmf-outdoor-serving-permit",
      "tmf-night-licence-police-opinion",
      "tmf-urban-life-complaints",
    ],
  },
  {
    id: "tmf-parkering",
    department: "TMF",
    name: "Parkering København",
    handles: ["tmf-business-parking-licence", "tmf-business-period-parking-card", "tmf-parking-fine-complaints"],
  },
  { id: "kff-bevilling", department: "KFF", name: "Bevillingssekretariatet", handles: ["kff-alcohol-licence"] },
  { id: "kff-kontaktcenter", department: "KFF", name: "Kontaktcenter København", handles: ["kff-contact-centre-"] },
  {
    id: "kff-international-house",
    department: "KFF",
    name: "International House Copenhagen",
    handles: ["kff-international-house", "kff-ics-travelling-team"],
  },
  {
    id: "okf-forebyggelse",
    department: "OKF",
    name: "Københavns Brandvæsen, Forebyggelse",
    handles: ["okf-fire-inspection", "okf-fire-technical-building-reviews"],
  },
  { id: "okf-uddannelse", department: "OKF", name: "Københavns Brandvæsen, Uddannelse", handles: ["okf-fire-first-aid-training"] },
  {
    id: "okf-beredskab",
    department: "OKF",
    name: "Københavns Brandvæsen, Beredskabsplanlægning",
    handles: ["okf-emergency-preparedness-advice", "okf-company-emergency-organisation"],
  },
];

const UNITS: readonly Unit[] = UNIT_DEFINITIONS.map(({ id, name, department }) => ({ id, name, department }));

/** The unit whose caseworkers handle a service's cases. */
export function unitOfService(service: CatalogueService): Unit {
  const department = systemDepartment(service.department);
  const unit =
    UNIT_DEFINITIONS.find((candidate) => candidate.handles.includes(service.id)) ??
    UNIT_DEFINITIONS.find(
      (candidate) =>
        candidate.department === department && candidate.handles.some((prefix) => prefix.endsWith("-") && service.id.startsWith(prefix)),
    );
  if (!unit) throw new Error(`no unit handles ${service.id}`);
  return UNITS.find((candidate) => candidate.id === unit.id)!;
}

export interface Staff {
  units: Unit[];
  employees: Employee[];
  /** Caseworkers by unit id, as the objects cases share (one object per person keeps the city world lean). */
  caseworkers: Map<string, CaseworkerRef[]>;
}

/**
 * Staff sized by the work: a unit gets caseworkers in proportion to its yearly cases, since the
 * report's FTE figures are pooled per theme and cannot be split per unit.
 */
export function generateStaff(rng: Random): Staff {
  const volumeByUnit = new Map<string, number>();
  for (const service of SERVICES) {
    const unit = unitOfService(service);
    volumeByUnit.set(unit.id, (volumeByUnit.get(unit.id) ?? 0) + annualCaseVolume(service));
  }
  const employees: Employee[] = [];
  const caseworkers = new Map<string, CaseworkerRef[]>();
  const usedInitials = new Set<string>();
  const hire = (unit: Unit, role: EmployeeRole, title: string, team?: Employee["team"]): Employee => {
    const { name } = person(rng, [1960, 1998]);
    const initials = uniqueInitials(name, usedInitials);
    const employee: Employee = {
      id: `${unit.department}-E-${String(employees.length + 1).padStart(4, "0")}`,
      name,
      initials,
      role,
      title,
      department: unit.department,
      unitId: unit.id,
      unitName: unit.name,
      // example.invalid-style domain on purpose: a generated address must never reach a real mailbox.
      email: `${initials.toLowerCase()}@kk.example`,
      phone: `+45 33 66 ${rng.digits(2)} ${rng.digits(2)}`,
      ...(team ? { team } : {}),
    };
    employees.push(employee);
    return employee;
  };
  for (const unit of UNITS) {
    hire(unit, "unit-manager", "Enhedschef");
    const volume = volumeByUnit.get(unit.id) ?? 0;
    if (volume === 0) continue;
    const count = Math.max(2, Math.min(40, Math.round(2 + volume / 2500)));
    const refs: CaseworkerRef[] = [];
    for (let i = 0; i < count; i++) {
      const { id, name, unitId, unitName, email, phone } = hire(unit, "caseworker", caseworkerTitle(unit));
      refs.push({ id, name, unitId, unitName, email, phone });
    }
    caseworkers.set(unit.id, refs);
  }
  // The report's front function, package teams and development unit: staff without case systems.
  const front = UNITS.find((unit) => unit.id === "bif-kes-front")!;
  const kes = UNITS.find((unit) => unit.id === "bif-kes")!;
  const development = UNITS.find((unit) => unit.id === "bif-udvikling")!;
  for (let i = 0; i < 6; i++) hire(front, "front-office", "Erhvervsvejleder, Én indgang");
  for (let i = 0; i < 8; i++) hire(kes, "key-account-manager", "Key Account Manager, HR-pakken", "hr");
  for (let i = 0; i < 5; i++) hire(kes, "business-consultant", "Virksomhedskonsulent, Opstart og vækst", "startup-growth");
  for (let i = 0; i < 4; i++) hire(development, "analyst", "Analytiker, Udviklingsenheden");
  return { units: [...UNITS], employees, caseworkers };
}

function caseworkerTitle(unit: Unit): string {
  if (unit.id === "kff-kontaktcenter") return "Kontaktcentermedarbejder";
  if (unit.department === "BIF") return unit.id === "bif-kes" ? "Erhvervskonsulent" : "Jobkonsulent";
  if (unit.department === "OKF") return "Brandteknisk sagsbehandler";
  return "Sagsbehandler";
}

/** KK-style initials (e.g. "AB12"): short enough for an email address, unique per person. */
function uniqueInitials(name: string, used: Set<string>): string {
  const parts = name.split(" ");
  const letters = (parts[0][0] + parts[parts.length - 1][0]).toUpperCase().replace("Ø", "OE").replace("Æ", "AE").replace("Å", "AA");
  for (let n = 1; ; n++) {
    const initials = `${letters}${n}`;
    if (!used.has(initials)) {
      used.add(initials);
      return initials;
    }
  }
}
