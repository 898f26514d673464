import type { CaseProgress, Department } from "@company-graph/domain";
import type { CircuitState } from "../resilience/circuit-breaker";

/**
 * The part of the department system contract (mocks/<dept>/openapi.yaml) that is the same in
 * all four systems. Each department client returns its own generated OpenAPI types, which
 * must satisfy these shapes; the compiler checks that.
 */
export interface SourceCase {
  id: string;
  caseNumber: string;
  department: Department;
  cvr: string;
  pNumber?: string | null;
  serviceId: string;
  caseType: string;
  kle: string;
  title: string;
  progress: CaseProgress;
  statusText: string;
  openedAt: string;
  decidedAt?: string | null;
  closedAt?: string | null;
  lastUpdateSentAt?: string | null;
  responsibleUnit: { id: string; name: string };
  caseworker: { id: string; name: string; unitId: string; unitName: string; email: string; phone: string };
  details: object;
}

export interface SourcePermit {
  id: string;
  department: Department;
  cvr: string;
  caseId: string;
  serviceId: string;
  kind: string;
  grantedAt: string;
  validFrom: string;
  validTo?: string | null;
  conditions: string[];
}

/** What a departmental subgraph needs from its department's system. */
export interface CaseSystemClient<Case extends SourceCase = SourceCase, Permit extends SourcePermit = SourcePermit> {
  readonly department: Department;
  /** Every case and permit of the companies, in one call: GET /company-records. */
  recordsOfCompanies(cvrs: readonly string[]): Promise<{ cases: Case[]; permits: Permit[] }>;
  casesById(ids: readonly string[]): Promise<Case[]>;
  /** Aggregated service-level figures for a period: POST /statistics/service-levels. */
  serviceLevelStatistics(query: SourceServiceLevelQuery): Promise<SourceServiceLevelReport>;
  /** State of the circuit breaker in front of the system; clients without one (test fakes) leave it out. */
  circuitState?(): CircuitState;
}

/** What a department system is asked for its service-level statistics (ServiceLevelQuery in openapi.yaml). */
export interface SourceServiceLevelQuery {
  /** First day, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last day, YYYY-MM-DD, inclusive. */
  to: string;
  serviceId?: string | null;
  /** Companies with a key account manager; the system counts how many of the companies it served are among them. */
  keyAccountCvrs: string[];
}

/** One service's (serviceId null: the whole system's) figures for a period (ServiceStatistics in openapi.yaml). */
export interface SourceServiceStatistics {
  serviceId: string | null;
  opened: number;
  decided: number;
  closed: number;
  medianProcessingDays: number | null;
  p90ProcessingDays: number | null;
  decidedPastTarget: number;
  openAtEnd: number;
  openAtEndWithoutUpdate: number;
  updatesSentInPeriod: number;
  companies: number;
  keyAccountCompanies: number;
}

export interface SourceServiceLevelReport {
  department: Department;
  from: string;
  to: string;
  total: SourceServiceStatistics;
  services: SourceServiceStatistics[];
}
