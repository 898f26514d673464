import { createCaseSystemClient, type CaseSystemClientOptions } from "@company-graph/kit/department";
import type { components, paths } from "../generated/bif-api";

/** A case as BIF's system returns it (generated from mocks/bif/openapi.yaml). */
export type BifSourceCase = components["schemas"]["Case"];

/** The only code that talks to BIF's case system. */
export function createBifClient(options: CaseSystemClientOptions) {
  return createCaseSystemClient<paths>({ department: "BIF", ...options });
}
export type BifClient = ReturnType<typeof createBifClient>;
