import { join } from "node:path";
import { createDepartmentSubgraph } from "@company-graph/kit/department";
import { detailsTypeByCaseType } from "./details-types";
import type { BifClient } from "./source/bif-client";

export const SCHEMA_PATH = join(__dirname, "..", "schema.graphql");

/** The BIF subgraph, ready to serve; separate from listening so tests choose the port. */
export function createBifSubgraph(options: { client: BifClient; now?: () => Date }) {
  return createDepartmentSubgraph({ department: "BIF", schemaPath: SCHEMA_PATH, detailsTypeByCaseType, ...options });
}
