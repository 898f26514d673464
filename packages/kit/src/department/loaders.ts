import DataLoader from "dataloader";
import { groupedLoader, keyedLoader } from "../batch-loader";
import type { CaseSystemClient, SourceCase, SourcePermit } from "./source-contract";

export interface DepartmentLoaders<Case extends SourceCase, Permit extends SourcePermit> {
  casesByCvr: DataLoader<string, Case[]>;
  caseById: DataLoader<string, Case | null>;
  permitsByCvr: DataLoader<string, Permit[]>;
}

/**
 * Loaders for one operation. Cases fetched for a company also prime the by-id cache, so the
 * gateway's later `_entities` fetch for those cases costs no second call to the system.
 */
export function createDepartmentLoaders<Case extends SourceCase, Permit extends SourcePermit>(
  client: CaseSystemClient<Case, Permit>,
): DepartmentLoaders<Case, Permit> {
  const prefix = client.department.toLowerCase();
  const caseById = keyedLoader<Case>((ids) => client.casesById(ids), (item) => item.id, { name: `${prefix}.caseById` });
  const casesByCvr = groupedLoader<Case>(
    async (cvrs) => {
      const cases = await client.casesOfCompanies(cvrs);
      for (const sourceCase of cases) caseById.prime(sourceCase.id, sourceCase);
      return cases;
    },
    (item) => item.cvr,
    { name: `${prefix}.casesByCvr` },
  );
  const permitsByCvr = groupedLoader<Permit>((cvrs) => client.permitsOfCompanies(cvrs), (item) => item.cvr, { name: `${prefix}.permitsByCvr` });
  return { casesByCvr, caseById, permitsByCvr };
}
