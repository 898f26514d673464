import DataLoader from "dataloader";
import { keyedLoader, measuredLoader } from "../batch-loader";
import type { CaseSystemClient, SourceCase, SourcePermit } from "./source-contract";

/** What a department system holds about one company. */
export interface CompanyRecords<Case extends SourceCase, Permit extends SourcePermit> {
  cases: Case[];
  permits: Permit[];
}

export interface DepartmentLoaders<Case extends SourceCase, Permit extends SourcePermit> {
  recordsByCvr: DataLoader<string, CompanyRecords<Case, Permit>>;
  caseById: DataLoader<string, Case | null>;
}

/**
 * Loaders for one operation. A company's cases and permits come in one call for all the
 * companies of the operation; the cases also prime the by-id cache, so the gateway's later
 * `_entities` fetch for those cases costs no second call to the system.
 */
export function createDepartmentLoaders<Case extends SourceCase, Permit extends SourcePermit>(
  client: CaseSystemClient<Case, Permit>,
): DepartmentLoaders<Case, Permit> {
  const prefix = client.department.toLowerCase();
  const caseById = keyedLoader<Case>((ids) => client.casesById(ids), (item) => item.id, { name: `${prefix}.caseById` });
  const recordsByCvr = measuredLoader<CompanyRecords<Case, Permit>>(
    async (cvrs) => {
      const { cases, permits } = await client.recordsOfCompanies(cvrs);
      const byCvr = new Map<string, CompanyRecords<Case, Permit>>(cvrs.map((cvr) => [cvr, { cases: [], permits: [] }]));
      for (const sourceCase of cases) {
        caseById.prime(sourceCase.id, sourceCase);
        byCvr.get(sourceCase.cvr)?.cases.push(sourceCase);
      }
      for (const permit of permits) byCvr.get(permit.cvr)?.permits.push(permit);
      return cvrs.map((cvr) => byCvr.get(cvr)!);
    },
    { name: `${prefix}.recordsByCvr` },
  );
  return { recordsByCvr, caseById };
}
