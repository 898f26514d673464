import { createCaseSystemClient, type CaseSystemClientOptions } from "@company-graph/kit/department";
import type { components, paths } from "../generated/okf-api";

/** A case as OKF's system returns it (generated from mocks/okf/openapi.yaml). */
export type OkfSourceCase = components["schemas"]["Case"];

/** The only code that talks to OKF's case system. */
export function createOkfClient(options: CaseSystemClientOptions) {
  return createCaseSystemClient<paths>({ department: "OKF", ...options });
}
export type OkfClient = ReturnType<typeof createOkfClient>;
