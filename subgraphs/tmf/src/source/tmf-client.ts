import { createCaseSystemClient, type CaseSystemClientOptions } from "@company-graph/kit/department";
import type { components, paths } from "../generated/tmf-api";

/** A case as TMF's system returns it (generated from mocks/tmf/openapi.yaml). */
export type TmfSourceCase = components["schemas"]["Case"];

/** The only code that talks to TMF's case system. */
export function createTmfClient(options: CaseSystemClientOptions) {
  return createCaseSystemClient<paths>({ department: "TMF", ...options });
}
export type TmfClient = ReturnType<typeof createTmfClient>;
