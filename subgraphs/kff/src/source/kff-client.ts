import { createCaseSystemClient, type CaseSystemClientOptions } from "@company-graph/kit/department";
import type { components, paths } from "../generated/kff-api";

/** A case as KFF's system returns it (generated from mocks/kff/openapi.yaml). */
export type KffSourceCase = components["schemas"]["Case"];

/** The only code that talks to KFF's case system. */
export function createKffClient(options: CaseSystemClientOptions) {
  return createCaseSystemClient<paths>({ department: "KFF", ...options });
}
export type KffClient = ReturnType<typeof createKffClient>;
