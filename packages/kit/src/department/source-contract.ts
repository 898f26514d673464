import type { CaseProgress, Department } from "@company-graph/domain";

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
  casesOfCompanies(cvrs: readonly string[]): Promise<Case[]>;
  casesById(ids: readonly string[]): Promise<Case[]>;
  permitsOfCompanies(cvrs: readonly string[]): Promise<Permit[]>;
}
