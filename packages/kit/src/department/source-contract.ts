import type { CaseProgress, Department, Permit, ServiceLevelReport, ServiceStatistics } from "@company-graph/domain";
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

/** The shapes shared with the simulators and the CRM are defined once, in the domain package. */
export type SourcePermit = Permit;
export type SourceServiceStatistics = ServiceStatistics;
export type SourceServiceLevelReport = ServiceLevelReport;

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
