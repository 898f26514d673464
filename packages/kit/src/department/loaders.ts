import DataLoader from "dataloader";
import { keyedLoader, measuredLoader } from "../batch-loader";
import { sharedKey, type OperationCache } from "../operation-store";
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
 * `_entities` fetch for those cases costs no second call to the system. With `shared` (the
 * operation's cache in Redis) the primed cases are stored there too, so that fetch finds them
 * on whichever replica it lands.
 */
export function createDepartmentLoaders<Case extends SourceCase, Permit extends SourcePermit>(
  client: CaseSystemClient<Case, Permit>,
  shared?: OperationCache,
): DepartmentLoaders<Case, Permit> {
  const prefix = client.department.toLowerCase();
  const caseByIdName = `${prefix}.caseById`;
  const caseById = keyedLoader<Case>(
    (ids) => client.casesById(ids),
    (item) => item.id,
    { name: caseByIdName, shared },
  );
  const recordsByCvr = measuredLoader<CompanyRecords<Case, Permit>>(
    async (cvrs) => {
      const { cases, permits } = await client.recordsOfCompanies(cvrs);
      const byCvr = new Map<string, CompanyRecords<Case, Permit>>(cvrs.map((cvr) => [cvr, { cases: [], permits: [] }]));
      for (const sourceCase of cases) {
        caseById.prime(sourceCase.id, sourceCase);
        byCvr.get(sourceCase.cvr)?.cases.push(sourceCase);
      }
      for (const permit of permits) byCvr.get(permit.cvr)?.permits.push(permit);
      await shared?.setMany(cases.map((sourceCase) => [sharedKey(caseByIdName, sourceCase.id), sourceCase] as const));
      return cvrs.map((cvr) => byCvr.get(cvr)!);
    },
    { name: `${prefix}.recordsByCvr`, shared },
  );
  return { recordsByCvr, caseById };
}
