import { findService, serviceLevel, type Department, type ServiceLevelReport, type ServiceStatistics } from "@company-graph/domain";
import type { CommonCase } from "../generator/cases";

const DAY_MS = 86_400_000;
/** Processing times are counted in a histogram; longer ones share the last bucket. */
const MAX_HISTOGRAM_DAYS = 3_650;

/** What POST /statistics/service-levels asks for (ServiceLevelQuery in the openapi.yaml). */
export interface ServiceLevelQuery {
  /** First day of the period, YYYY-MM-DD (inclusive). */
  from: string;
  /** Last day of the period, YYYY-MM-DD (inclusive). */
  to: string;
  /** Only this catalogue service. */
  serviceId?: string | null;
  /** Companies that have a key account manager, to count how many served companies have one. */
  keyAccountCvrs?: string[];
}

// The report's shape is the domain package's, the one the kit's department clients read.
export type { ServiceLevelReport, ServiceStatistics };

export class StatisticsQueryError extends Error {}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a request body; the message names what is wrong (answered as a 400 problem). */
export function parseServiceLevelQuery(body: unknown): ServiceLevelQuery {
  if (typeof body !== "object" || body === null) throw new StatisticsQueryError("the body must be a JSON object");
  const { from, to, serviceId, keyAccountCvrs } = body as Record<string, unknown>;
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (typeof value !== "string" || !ISO_DAY.test(value) || Number.isNaN(Date.parse(value)))
      throw new StatisticsQueryError(`${name} must be a date YYYY-MM-DD`);
  }
  if (Date.parse(from as string) > Date.parse(to as string)) throw new StatisticsQueryError("from must not be after to");
  if (serviceId !== undefined && serviceId !== null && typeof serviceId !== "string")
    throw new StatisticsQueryError("serviceId must be a string");
  if (keyAccountCvrs !== undefined && (!Array.isArray(keyAccountCvrs) || !keyAccountCvrs.every((cvr) => typeof cvr === "string"))) {
    throw new StatisticsQueryError("keyAccountCvrs must be an array of CVR numbers");
  }
  return {
    from: from as string,
    to: to as string,
    serviceId: (serviceId as string | null | undefined) ?? null,
    keyAccountCvrs: (keyAccountCvrs as string[] | undefined) ?? [],
  };
}

/**
 * A department system's service-level statistics. The cases are laid out once in typed arrays
 * (times as epoch ms, NaN when absent), so a request is one pass over flat numbers: about a
 * million cases on the city profile take milliseconds, not a walk over objects.
 */
export class ServiceLevelStatistics {
  private readonly serviceIds: string[] = [];
  private readonly targets: Int32Array;
  private readonly cvrs: string[] = [];
  private readonly companyIndex = new Map<string, number>();
  private readonly service: Int32Array;
  private readonly company: Int32Array;
  private readonly openedAt: Float64Array;
  private readonly decidedAt: Float64Array;
  private readonly closedAt: Float64Array;
  private readonly lastUpdateAt: Float64Array;

  constructor(
    private readonly department: Department,
    cases: readonly CommonCase[],
  ) {
    const serviceIndex = new Map<string, number>();
    const n = cases.length;
    this.service = new Int32Array(n);
    this.company = new Int32Array(n);
    this.openedAt = new Float64Array(n);
    this.decidedAt = new Float64Array(n);
    this.closedAt = new Float64Array(n);
    this.lastUpdateAt = new Float64Array(n);
    const targets: number[] = [];
    cases.forEach((item, i) => {
      let s = serviceIndex.get(item.serviceId);
      if (s === undefined) {
        s = this.serviceIds.length;
        serviceIndex.set(item.serviceId, s);
        this.serviceIds.push(item.serviceId);
        const service = findService(item.serviceId);
        targets.push(service ? serviceLevel(service).targetProcessingDays : 0);
      }
      let c = this.companyIndex.get(item.cvr);
      if (c === undefined) {
        c = this.cvrs.length;
        this.companyIndex.set(item.cvr, c);
        this.cvrs.push(item.cvr);
      }
      this.service[i] = s;
      this.company[i] = c;
      this.openedAt[i] = Date.parse(item.openedAt);
      this.decidedAt[i] = item.decidedAt ? Date.parse(item.decidedAt) : NaN;
      this.closedAt[i] = item.closedAt ? Date.parse(item.closedAt) : NaN;
      this.lastUpdateAt[i] = item.lastUpdateSentAt ? Date.parse(item.lastUpdateSentAt) : NaN;
    });
    this.targets = Int32Array.from(targets);
  }

  report(query: ServiceLevelQuery): ServiceLevelReport {
    const start = Date.parse(query.from);
    const end = Date.parse(query.to) + DAY_MS;
    const onlyService = query.serviceId ? this.serviceIds.indexOf(query.serviceId) : -1;
    const services = this.serviceIds.length;
    const buckets = MAX_HISTOGRAM_DAYS + 1;
    const counts = new Int32Array((services + 1) * COUNTERS);
    // Row `services` holds the whole system's histogram and counters.
    const histogram = new Int32Array((services + 1) * buckets);
    const served = new Uint8Array(services * this.cvrs.length);
    const keyAccount = new Uint8Array(this.cvrs.length);
    for (const cvr of query.keyAccountCvrs ?? []) {
      const c = this.companyIndex.get(cvr);
      if (c !== undefined) keyAccount[c] = 1;
    }
    const total = services;
    const add = (s: number, counter: number) => {
      counts[s * COUNTERS + counter]++;
      counts[total * COUNTERS + counter]++;
    };

    for (let i = 0; i < this.service.length; i++) {
      const s = this.service[i];
      if (query.serviceId && s !== onlyService) continue;
      const opened = this.openedAt[i];
      if (opened >= end) continue;
      const decided = this.decidedAt[i];
      const closed = this.closedAt[i];
      const updated = this.lastUpdateAt[i];
      if (opened >= start) add(s, OPENED);
      if (decided >= start && decided < end) {
        add(s, DECIDED);
        const days = Math.floor((decided - opened) / DAY_MS);
        const bucket = days > MAX_HISTOGRAM_DAYS ? MAX_HISTOGRAM_DAYS : days < 0 ? 0 : days;
        histogram[s * buckets + bucket]++;
        histogram[total * buckets + bucket]++;
        if (days > this.targets[s]) add(s, PAST_TARGET);
      }
      if (closed >= start && closed < end) add(s, CLOSED);
      // NaN compares false, so a case without closedAt counts as still open.
      if (!(closed < end)) {
        add(s, OPEN_AT_END);
        if (!(updated < end)) add(s, OPEN_WITHOUT_UPDATE);
      }
      if (updated >= start && updated < end) add(s, UPDATES);
      // Served in the period: open at some moment of it.
      if (!(closed < start)) {
        const c = this.company[i];
        const slot = s * this.cvrs.length + c;
        if (served[slot] === 0) {
          served[slot] = 1;
          add(s, COMPANIES);
          if (keyAccount[c]) add(s, KEY_ACCOUNT_COMPANIES);
        }
      }
    }

    // A company served by two services counts once for the system.
    let companies = 0;
    let keyAccountCompanies = 0;
    const seen = new Uint8Array(this.cvrs.length);
    for (let s = 0; s < services; s++) {
      for (let c = 0; c < this.cvrs.length; c++) {
        if (served[s * this.cvrs.length + c] && !seen[c]) {
          seen[c] = 1;
          companies++;
          keyAccountCompanies += keyAccount[c];
        }
      }
    }
    counts[total * COUNTERS + COMPANIES] = companies;
    counts[total * COUNTERS + KEY_ACCOUNT_COMPANIES] = keyAccountCompanies;

    const row = (s: number, serviceId: string | null): ServiceStatistics => {
      const at = (counter: number) => counts[s * COUNTERS + counter];
      const decided = at(DECIDED);
      return {
        serviceId,
        opened: at(OPENED),
        decided,
        closed: at(CLOSED),
        medianProcessingDays: percentile(histogram, s * buckets, buckets, decided, 0.5),
        p90ProcessingDays: percentile(histogram, s * buckets, buckets, decided, 0.9),
        decidedPastTarget: at(PAST_TARGET),
        openAtEnd: at(OPEN_AT_END),
        openAtEndWithoutUpdate: at(OPEN_WITHOUT_UPDATE),
        updatesSentInPeriod: at(UPDATES),
        companies: at(COMPANIES),
        keyAccountCompanies: at(KEY_ACCOUNT_COMPANIES),
      };
    };
    const rows: ServiceStatistics[] = [];
    for (let s = 0; s < services; s++) {
      if (query.serviceId && s !== onlyService) continue;
      rows.push(row(s, this.serviceIds[s]));
    }
    rows.sort((a, b) => (a.serviceId! < b.serviceId! ? -1 : 1));
    return { department: this.department, from: query.from, to: query.to, total: row(total, null), services: rows };
  }
}

const [OPENED, DECIDED, CLOSED, PAST_TARGET, OPEN_AT_END, OPEN_WITHOUT_UPDATE, UPDATES, COMPANIES, KEY_ACCOUNT_COMPANIES] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8,
];
const COUNTERS = 9;

/** Nearest-rank percentile: the smallest value with at least `share` of the values at or below it. */
function percentile(histogram: Int32Array, offset: number, buckets: number, count: number, share: number): number | null {
  if (count === 0) return null;
  const rank = Math.ceil(share * count);
  let seen = 0;
  for (let day = 0; day < buckets; day++) {
    seen += histogram[offset + day];
    if (seen >= rank) return day;
  }
  return buckets - 1;
}
