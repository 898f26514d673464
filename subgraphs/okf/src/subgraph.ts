import { join } from "node:path";
import { createDepartmentSubgraph } from "@company-graph/kit/department";
import { detailsTypeByCaseType } from "./details-types";
import type { OkfClient } from "./source/okf-client";

export const SCHEMA_PATH = join(__dirname, "..", "schema.graphql");

/** The OKF subgraph, ready to serve; separate from listening so tests choose the port. */
export function createOkfSubgraph(options: { client: OkfClient; now?: () => Date }) {
  return createDepartmentSubgraph({ department: "OKF", schemaPath: SCHEMA_PATH, detailsTypeByCaseType, ...options });
}
