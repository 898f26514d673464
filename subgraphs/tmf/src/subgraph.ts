import { join } from "node:path";
import { createDepartmentSubgraph } from "@company-graph/kit/department";
import { detailsTypeByCaseType } from "./details-types";
import type { TmfClient } from "./source/tmf-client";

export const SCHEMA_PATH = join(__dirname, "..", "schema.graphql");

/** The TMF subgraph, ready to serve; separate from listening so tests choose the port. */
export function createTmfSubgraph(options: { client: TmfClient; now?: () => Date }) {
  return createDepartmentSubgraph({ department: "TMF", schemaPath: SCHEMA_PATH, detailsTypeByCaseType, ...options });
}
