import { runDepartmentSubgraph } from "@company-graph/kit";
import { createBifSubgraph } from "./subgraph";
import { createBifClient } from "./source/bif-client";

export { createBifSubgraph, SCHEMA_PATH } from "./subgraph";
export { policy } from "./policy";
export { createBifClient } from "./source/bif-client";

if (require.main === module) {
  runDepartmentSubgraph({ department: "BIF", createClient: createBifClient, createSubgraph: createBifSubgraph }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
