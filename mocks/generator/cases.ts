import {
  type CaseProgress,
  type CatalogueService,
  type Department,
  DEPARTMENTS,
  type Permit,
  SERVICES,
  annualCaseVolume,
  perDepartment,
  serviceLevel,
  systemDepartment,
} from "@company-graph/domain";
import { type Company, type IndustryGroup, type ProductionUnit, industryGroup } from "./companies";
import type { CompanyEnd } from "./fates";
import type { CaseworkerRef, Staff } from "./people";
import { unitOfService } from "./people";
import { DAY_MS, type PermitTerms } from "./permits";
import type { Profile } from "./profiles";
import type { Random } from "./random";

// Module-level bindings: global lookups are slow inside Jest's vm context (see random.ts).
const { floor, max, min, pow, sqrt } = Math;

/** The fields every case in every department system has (CaseBase in each openapi.yaml). */
export interface CommonCase {
  id: string;
  caseNumber: string;
  department: Department;
  cvr: string;
  pNumber: string | null;
  serviceId: string;
  caseType: string;
  kle: string;
  title: string;
  progress: CaseProgress;
  statusText: string;
  openedAt: string;
  decidedAt: string | null;
  closedAt: string | null;
  lastUpdateSentAt: string | null;
  responsibleUnit: { id: string; name: string };
  caseworker: CaseworkerRef;
}

/** The fields every permit has (Permit in each openapi.yaml), as the domain package defines them. */
export type CommonPermit = Permit;

/** Everything a department's details generator may look at. Times are epoch ms. */
export interface CaseContext {
  rng: Random;
  service: CatalogueService;
  company: Company;
  /** The production unit the case concerns (the head office when there is only one). */
  site: ProductionUnit;
  openedAt: number;
  /** When the decision falls (or will fall: it may be after `now` for open cases). */
  decidedAt: number;
  now: number;
}

/** caseType and details of one of a department's generated Case variants, kept paired. */
type CaseTypeAndDetails<C> = C extends { caseType: infer T; details: infer D } ? { caseType: T; details: D } : never;

export type CaseContent<C> = CaseTypeAndDetails<C> & {
  title: string;
  /** Days the work runs after the decision (a subsidy period, a course); 0 closes right away. */
  deliveryDays?: number;
  /** Overrides the service's usual refusal rate, e.g. a failed police vetting. */
  refused?: boolean;
  /** The permit a grant of this case issues. */
  permit?: PermitTerms;
};

/**
 * Which companies a service's cases go to. Each audience weighs a company by segment, size
 * and industry, so that builders get building cases and restaurants alcohol licences.
 */
export type Audience =
  | "everyone"
  | "employers"
  | "recruiters"
  | "start-ups"
  | "international"
  | "hospitality"
  | "fire-safety"
  | "construction"
  | "environment"
  | "street-trade"
  | "events"
  | "vehicles";

export interface CaseTypeSpec<C> {
  audience: Audience;
  /** false for cases about the company as a whole (advice, calls), which carry no P-number. */
  siteBound: boolean;
  generate(context: CaseContext): CaseContent<C>;
}

/** What the department-neutral code knows of any department's case variants. */
interface LooseCase {
  caseType: string;
  details: unknown;
}

export interface DepartmentCaseTypes<C> {
  department: Department;
  specFor(service: CatalogueService): CaseTypeSpec<C>;
}

/** A case the showcase wants exactly so: fixed company, service, dates and outcome. */
export interface PlannedCase {
  cvr: string;
  serviceId: string;
  openedAt: number;
  /** Days to decision; the case is open (Oplyst) if that lies after now. */
  decisionDays: number;
  refused?: boolean;
  /** Generates the content instead of the service's own case type (a refund of a given kind). */
  content?: (context: CaseContext) => CaseContent<LooseCase>;
  /** Replaces the generated details, title or permit terms where given. */
  adjust?: (content: CaseContent<LooseCase>, context: CaseContext) => void;
}

const SEGMENT_FACTOR = { frequent: 6, "less-frequent": 1.6, infrequent: 0.35 } as const;

type Affinity = Partial<Record<IndustryGroup, number>>;
const AUDIENCE_INDUSTRIES: Record<Audience, Affinity> = {
  everyone: {},
  employers: { hospitality: 1.4, retail: 1.3, other: 1.2 },
  recruiters: { hospitality: 1.5, retail: 1.4, construction: 1.2, other: 1.2 },
  "start-ups": { ict: 1.6, professional: 1.5, hospitality: 1.3, retail: 1.2 },
  international: {
    ict: 5,
    professional: 3,
    manufacturing: 2,
    hospitality: 0.5,
    retail: 0.3,
    construction: 0.5,
    "real-estate": 0.3,
    other: 0.5,
  },
  hospitality: {
    hospitality: 1,
    retail: 0.02,
    other: 0.005,
    professional: 0.002,
    ict: 0.002,
    construction: 0.001,
    manufacturing: 0.01,
    "real-estate": 0.002,
  },
  "fire-safety": {
    hospitality: 4,
    manufacturing: 4,
    "real-estate": 2,
    retail: 1.5,
    other: 1,
    construction: 0.5,
    professional: 0.3,
    ict: 0.3,
  },
  construction: {
    construction: 8,
    "real-estate": 6,
    manufacturing: 1.5,
    professional: 0.6,
    hospitality: 0.6,
    retail: 0.4,
    other: 0.4,
    ict: 0.1,
  },
  environment: {
    manufacturing: 10,
    construction: 3,
    other: 2,
    "real-estate": 1,
    hospitality: 0.8,
    retail: 0.3,
    professional: 0.1,
    ict: 0.1,
  },
  "street-trade": {
    retail: 8,
    hospitality: 5,
    other: 0.3,
    manufacturing: 0.5,
    professional: 0.05,
    ict: 0.05,
    construction: 0.05,
    "real-estate": 0.05,
  },
  events: { hospitality: 3, professional: 2, ict: 1, retail: 1, other: 1, manufacturing: 0.5, construction: 0.2, "real-estate": 0.3 },
  vehicles: { construction: 5, other: 4, retail: 2, manufacturing: 2, "real-estate": 1.5, hospitality: 1.5, professional: 1, ict: 0.5 },
};

function audienceWeight(audience: Audience, company: Company, nowYear: number): number {
  const industry = AUDIENCE_INDUSTRIES[audience][industryGroup(company)] ?? 1;
  const segment = SEGMENT_FACTOR[company.segment];
  const employees = company.employees;
  switch (audience) {
    // Refunds and retention follow headcount: a firm with no staff has no sick employees.
    case "employers":
      return employees === 0 ? 0 : sqrt(segment) * pow(employees, 0.8) * industry;
    case "recruiters":
      return employees < 2 ? 0.05 * segment : segment * pow(employees, 0.6) * industry;
    case "start-ups": {
      const young = nowYear - Number(company.foundedOn.slice(0, 4)) <= 4 && employees < 10;
      return (young ? 1 : 0.04) * sqrt(segment) * industry;
    }
    default:
      return segment * pow(1 + employees, 0.35) * industry;
  }
}

/** Cumulative weights per audience, so a company is one binary search away. */
class CompanyPicker {
  private readonly cumulative = new Map<Audience, Float64Array>();

  constructor(
    private readonly companies: readonly Company[],
    private readonly excluded: ReadonlySet<string>,
    private readonly nowYear: number,
  ) {}

  pick(rng: Random, audience: Audience): number {
    let table = this.cumulative.get(audience);
    if (!table) {
      table = new Float64Array(this.companies.length);
      let total = 0;
      this.companies.forEach((company, i) => {
        total += this.excluded.has(company.cvr) ? 0 : audienceWeight(audience, company, this.nowYear);
        table![i] = total;
      });
      this.cumulative.set(audience, table);
    }
    const roll = rng.next() * table[table.length - 1];
    let low = 0;
    let high = table.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (table[mid] > roll) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

/** Per service, everything the hot loop needs, computed once. */
interface ServicePlan {
  service: CatalogueService;
  department: Department;
  spec: CaseTypeSpec<LooseCase>;
  targetDays: number;
  kle: string;
  unit: { id: string; name: string };
  caseworkers: CaseworkerRef[];
  refusalRate: number;
}

export interface CaseGenerationInput {
  rng: Random;
  profile: Profile;
  now: Date;
  companies: readonly Company[];
  staff: Staff;
  caseTypes: Record<Department, DepartmentCaseTypes<LooseCase>>;
  /** Companies that get no generated cases, only planned ones (the showcase). */
  excludedCvrs: ReadonlySet<string>;
  planned: readonly PlannedCase[];
  /** Companies that ceased or moved away, and when: none of their cases opens, and no permit is granted, from then on. */
  ends: Readonly<Record<string, CompanyEnd>>;
  /** Draws another company for a case that fell after its company's end (its own stream, so every other case stays as it was). */
  reassign: Random;
}

export interface GeneratedCases {
  cases: Record<Department, CommonCase[]>;
  permits: Record<Department, CommonPermit[]>;
}

const MINUTE_MS = 60_000;
const YEAR_MS = 365 * DAY_MS;

/**
 * Cases in two passes: first light drafts (service, company, opening minute) in flat number arrays,
 * sorted by opening time so ids and case numbers run in the order cases arrived; then each
 * draft becomes a full case. Keeping drafts flat is what keeps the city profile fast and lean.
 */
export function generateCases(input: CaseGenerationInput): GeneratedCases {
  const { rng, profile, companies } = input;
  const now = input.now.getTime();
  const plans = SERVICES.map((service) => planService(service, input));
  const companyIndex = new Map(companies.map((company, i) => [company.cvr, i]));
  const picker = new CompanyPicker(companies, input.excludedCvrs, input.now.getUTCFullYear());
  const endMinute = Float64Array.from(companies, (company) => {
    const end = input.ends[company.cvr];
    return end ? floor(Date.parse(end.on) / MINUTE_MS) : Infinity;
  });

  const drafts = perDepartment(() => new DraftList());
  plans.forEach((plan, serviceIndex) => {
    const annual = annualCaseVolume(plan.service);
    for (let year = 0; year < profile.years; year++) {
      // ±3 % from year to year, like real volumes; the city profile stays well inside ±10 %.
      const expected = annual * profile.volumeScale * (0.97 + 0.06 * rng.next());
      const count = rng.roundStochastic(expected);
      const yearEnd = now - year * YEAR_MS;
      for (let i = 0; i < count; i++) {
        const picked = picker.pick(rng, plan.spec.audience);
        const minute = workingMinute(rng, yearEnd - YEAR_MS, yearEnd);
        const company = minute < endMinute[picked] ? picked : pickStillHere(picker, input.reassign, plan.spec.audience, minute, endMinute);
        if (company >= 0) drafts[plan.department].add(serviceIndex, company, minute, -1);
      }
    }
  });
  const serviceIndexById = new Map(plans.map((plan, i) => [plan.service.id, i]));
  input.planned.forEach((planned, plannedIndex) => {
    const serviceIndex = serviceIndexById.get(planned.serviceId);
    const company = companyIndex.get(planned.cvr);
    if (serviceIndex === undefined || company === undefined)
      throw new Error(`planned case for unknown ${planned.serviceId} / ${planned.cvr}`);
    drafts[plans[serviceIndex].department].add(serviceIndex, company, floor(planned.openedAt / MINUTE_MS), plannedIndex);
  });

  const cases = perDepartment((): CommonCase[] => []);
  const permits = perDepartment((): CommonPermit[] => []);
  for (const department of DEPARTMENTS) {
    const builder = new CaseBuilder(department, rng, now, plans, companies, input.planned, input.ends);
    for (const draft of drafts[department].sorted()) builder.build(draft, cases[department], permits[department]);
  }
  return { cases, permits };
}

/** A company of the audience that had not ceased or moved away by that minute; -1 if the draws find none. */
function pickStillHere(picker: CompanyPicker, rng: Random, audience: Audience, minute: number, endMinute: Float64Array): number {
  for (let attempt = 0; attempt < 100; attempt++) {
    const company = picker.pick(rng, audience);
    if (minute < endMinute[company]) return company;
  }
  return -1;
}

function planService(service: CatalogueService, input: CaseGenerationInput): ServicePlan {
  const department = systemDepartment(service.department);
  const level = serviceLevel(service);
  const unit = unitOfService(service);
  return {
    service,
    department,
    spec: input.caseTypes[department].specFor(service),
    targetDays: level.targetProcessingDays,
    kle: level.kle.subject,
    unit: { id: unit.id, name: unit.name },
    caseworkers: input.staff.caseworkers.get(unit.id) ?? [],
    refusalRate: service.kind !== "authority" ? 0 : service.isPermit ? 0.05 : 0.03,
  };
}

interface Draft {
  serviceIndex: number;
  companyIndex: number;
  openedMinute: number;
  plannedIndex: number;
}

class DraftList {
  private service: number[] = [];
  private company: number[] = [];
  private minute: number[] = [];
  private planned: number[] = [];

  add(serviceIndex: number, companyIndex: number, openedMinute: number, plannedIndex: number): void {
    this.service.push(serviceIndex);
    this.company.push(companyIndex);
    this.minute.push(openedMinute);
    this.planned.push(plannedIndex);
  }

  /** In opening order; ties keep insertion order so the result never depends on the sort. */
  *sorted(): Generator<Draft> {
    // Minute (< 2^25 until 2033) and index (< 2^22) packed in one double: a plain numeric sort.
    const keys = new Float64Array(this.minute.length);
    for (let i = 0; i < keys.length; i++) keys[i] = this.minute[i] * 4_194_304 + i;
    keys.sort();
    for (const key of keys) {
      const i = key % 4_194_304;
      yield { serviceIndex: this.service[i], companyIndex: this.company[i], openedMinute: this.minute[i], plannedIndex: this.planned[i] };
    }
  }
}

/** A random weekday minute in office hours (07–15 UTC, about 08–16 in Copenhagen) within [from, to). */
function workingMinute(rng: Random, from: number, to: number): number {
  for (;;) {
    const t = workingTime(rng, from + rng.next() * (to - from));
    if (t >= from && t < to) return floor(t / MINUTE_MS);
  }
}

/** Moves a moment onto a weekday, at a random time in office hours: letters are not sent at 3 a.m. */
function workingTime(rng: Random, t: number): number {
  let day = floor(t / DAY_MS);
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  if (weekday === 6) day += 2;
  else if (weekday === 0) day += 1;
  return day * DAY_MS + 7 * 3_600_000 + floor(rng.next() * 480) * MINUTE_MS;
}

class CaseBuilder {
  private nextId = 1;
  private nextPermit = 1;
  private readonly caseNumbers = new Map<string, number>();

  constructor(
    private readonly department: Department,
    private readonly rng: Random,
    private readonly now: number,
    private readonly plans: readonly ServicePlan[],
    private readonly companies: readonly Company[],
    private readonly planned: readonly PlannedCase[],
    private readonly ends: Readonly<Record<string, CompanyEnd>>,
  ) {}

  build(draft: Draft, cases: CommonCase[], permits: CommonPermit[]): void {
    const { rng, now } = this;
    const plan = this.plans[draft.serviceIndex];
    const company = this.companies[draft.companyIndex];
    const planned = draft.plannedIndex >= 0 ? this.planned[draft.plannedIndex] : undefined;
    const opened = planned ? planned.openedAt : draft.openedMinute * MINUTE_MS;
    const decisionDays = planned ? planned.decisionDays : decisionTime(rng, plan);
    const due = max(opened + 10 * MINUTE_MS, planned ? opened + decisionDays * DAY_MS : workingTime(rng, opened + decisionDays * DAY_MS));
    // A company that ceases or moves away before the decision: the case lapses that day, no permit.
    const end = this.ends[company.cvr];
    const endsAt = end ? Date.parse(end.on) : Infinity;
    const lapsed = due >= endsAt ? end!.reason : null;
    const decided = lapsed ? max(opened + 10 * MINUTE_MS, endsAt + 8 * 3_600_000) : due;
    const site = company.productionUnits.length === 1 ? company.productionUnits[0] : rng.pick(company.productionUnits);
    const context: CaseContext = { rng, service: plan.service, company, site, openedAt: opened, decidedAt: decided, now };
    const content = planned?.content ? planned.content(context) : plan.spec.generate(context);
    planned?.adjust?.(content, context);
    const refused = lapsed !== null || (planned ? (planned.refused ?? false) : (content.refused ?? rng.chance(plan.refusalRate)));

    // After the decision: a short wait to start, the delivery itself, then settling and filing.
    const delivery = refused ? 0 : (content.deliveryDays ?? 0);
    const started = decided + (delivery > 0 ? rng.int(1, 10) * DAY_MS : 0);
    const delivered = started + delivery * DAY_MS;
    const closed = delivered + (plan.targetDays <= 2 ? rng.int(0, 30) * MINUTE_MS : rng.int(0, delivery > 0 ? 30 : 5) * DAY_MS);

    const progress = progressAt(now, opened, decisionDays, decided, started, delivered, closed, delivery > 0);
    const isDecided = progress !== "Opstaaet" && progress !== "Oplyst";
    const isClosed = progress === "Afsluttet";
    const overdue = !isDecided && now - opened > plan.targetDays * DAY_MS;

    const year = isoDate(opened).slice(0, 4);
    const numberInYear = (this.caseNumbers.get(year) ?? 0) + 1;
    this.caseNumbers.set(year, numberInYear);
    const id = `${this.department}-${`${10_000_000 + this.nextId++}`.slice(1)}`;
    const caseworkers = plan.caseworkers;

    const built: CommonCase & { details: unknown } = {
      id,
      caseNumber: `${year}-${`${1_000_000 + numberInYear}`.slice(1)}`,
      department: this.department,
      cvr: company.cvr,
      pNumber: plan.spec.siteBound ? site.pNumber : null,
      serviceId: plan.service.id,
      caseType: content.caseType,
      kle: plan.kle,
      title: content.title,
      progress,
      statusText: statusText(rng, plan, progress, refused, overdue, lapsed),
      openedAt: iso(opened),
      decidedAt: isDecided ? iso(decided) : null,
      closedAt: isClosed ? iso(closed) : null,
      lastUpdateSentAt: lastUpdate(rng, plan, progress, opened, decided, closed, now),
      responsibleUnit: plan.unit,
      // Mostly the company's usual caseworker in the unit: the report's "fixed contact person".
      caseworker: rng.chance(0.7) ? caseworkers[draft.companyIndex % caseworkers.length] : rng.pick(caseworkers),
      details: content.details,
    };
    cases.push(built);

    if (content.permit && !refused && isDecided) {
      const terms = content.permit;
      permits.push({
        id: `${this.department}-P-${`${10_000_000 + this.nextPermit++}`.slice(1)}`,
        department: this.department,
        cvr: company.cvr,
        caseId: id,
        serviceId: plan.service.id,
        kind: terms.kind,
        grantedAt: isoDate(decided),
        validFrom: isoDate(max(terms.validFrom, decided)),
        validTo: terms.validTo === null ? null : isoDate(max(terms.validTo, decided)),
        conditions: terms.conditions,
      });
    }
  }
}

/**
 * Days from opening to decision: skewed around the service's target (median 75 % of it), so
 * about a quarter of cases run past target and a few run far past it.
 */
function decisionTime(rng: Random, plan: ServicePlan): number {
  if (plan.targetDays <= 2 && rng.chance(0.8)) return rng.int(2, 240) / 1440; // answered during the call
  const slow = rng.chance(0.06) ? 1.5 + rng.next() * 1.5 : 1;
  return max(0.05, 0.75 * plan.targetDays * rng.logNormal(0.4) * slow);
}

function progressAt(
  now: number,
  opened: number,
  decisionDays: number,
  decided: number,
  started: number,
  delivered: number,
  closed: number,
  delivers: boolean,
): CaseProgress {
  if (now < decided) return now < opened + 0.25 * decisionDays * DAY_MS ? "Opstaaet" : "Oplyst";
  if (now >= closed) return "Afsluttet";
  if (!delivers) return "Afgjort";
  if (now < started) return "Afgjort";
  return now < delivered ? "Bestilt" : "Udfoert";
}

const LAPSED_BECAUSE: Record<CompanyEnd["reason"], string> = {
  ceased: "virksomheden er ophørt",
  "moved-away": "virksomheden er flyttet fra kommunen",
};

function statusText(
  rng: Random,
  plan: ServicePlan,
  progress: CaseProgress,
  refused: boolean,
  overdue: boolean,
  lapsed: CompanyEnd["reason"] | null,
): string {
  const { service } = plan;
  const information = service.kind === "information";
  const refund = service.id === "bif-wage-refunds";
  switch (progress) {
    case "Opstaaet":
      return information ? "Henvendelse modtaget" : service.kind === "authority" ? "Ansøgning modtaget" : "Modtaget";
    case "Oplyst":
      if (overdue && rng.chance(0.5)) return "Afventer oplysninger fra virksomheden";
      if (service.id === "kff-alcohol-licence" && rng.chance(0.5)) return "Sendt til udtalelse hos politiet";
      if (service.id.startsWith("tmf-building-case") && rng.chance(0.3)) return "Partshøring af naboer";
      return "Under behandling";
    case "Afgjort":
      if (lapsed) return `Afgjort – bortfaldet, ${LAPSED_BECAUSE[lapsed]}`;
      if (refused) return "Afgjort – afslag";
      return service.isPermit
        ? "Afgjort – tilladelse meddelt"
        : refund
          ? "Afgjort – refusion udbetalt"
          : service.kind === "authority"
            ? "Afgjort – bevilget"
            : "Afgjort";
    case "Bestilt":
      return "Iværksat";
    case "Udfoert":
      return "Gennemført – afventer afslutning";
    case "Afsluttet":
      if (lapsed) return `Afsluttet – bortfaldet, ${LAPSED_BECAUSE[lapsed]}`;
      if (refused) return "Afsluttet – afslag";
      return service.isPermit
        ? "Afsluttet – tilladelse meddelt"
        : information
          ? "Afsluttet – besvaret"
          : refund
            ? "Afsluttet – refusion udbetalt"
            : "Afsluttet";
  }
}

/**
 * Most cases tell the company how things stand (receipt, decision, closing letter); about one
 * open case in four has had no word since it arrived, the report's "ongoing updates" complaint.
 */
function lastUpdate(
  rng: Random,
  plan: ServicePlan,
  progress: CaseProgress,
  opened: number,
  decided: number,
  closed: number,
  now: number,
): string | null {
  switch (progress) {
    case "Opstaaet":
    case "Oplyst":
      return rng.chance(0.72) ? iso(min(now - MINUTE_MS, opened + rng.next() * (now - opened))) : null;
    case "Afsluttet":
      if (plan.targetDays <= 2) return iso(closed);
      return rng.chance(0.9) ? iso(closed) : rng.chance(0.8) ? iso(decided) : null;
    default:
      return rng.chance(0.92) ? iso(min(now - MINUTE_MS, decided + rng.next() * (now - decided))) : null;
  }
}

/**
 * ISO 8601 to the minute ("2026-03-04T09:15:00Z"): the case systems keep no seconds. Built from
 * cached day and minute strings because Date#toISOString dominated city generation time.
 */
function iso(ms: number): string {
  const minutes = floor(ms / MINUTE_MS);
  const day = floor(minutes / 1440);
  return isoDay(day) + TIME_OF_DAY[minutes - day * 1440];
}

export function isoDate(ms: number): string {
  return isoDay(floor(ms / DAY_MS));
}

const TIME_OF_DAY = Array.from(
  { length: 1440 },
  (_, m) => `T${String(floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00Z`,
);
const DAY_CACHE = new Map<number, string>();

function isoDay(day: number): string {
  let text = DAY_CACHE.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    DAY_CACHE.set(day, text);
  }
  return text;
}
