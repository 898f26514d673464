import { join } from "node:path";
import { createDepartmentSubgraph } from "@company-graph/kit/department";
import { detailsTypeByCaseType } from "./details-types";
import type { KffClient } from "./source/kff-client";

export const SCHEMA_PATH = join(__dirname, "..", "schema.graphql");

/** The KFF subgraph, ready to serve; separate from listening so tests choose the port. */
export function createKffSubgraph(options: { client: KffClient; now?: () => Date }) {
  return createDepartmentSubgraph({ department: "KFF", schemaPath: SCHEMA_PATH, detailsTypeByCaseType, ...options });
}
