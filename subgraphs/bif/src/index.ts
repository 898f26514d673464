import { exitOnStartupFailure } from "@company-graph/kit/shutdown";
import { runDepartmentSubgraph } from "@company-graph/kit/department";
import { createBifSubgraph } from "./subgraph";
import { createBifClient } from "./source/bif-client";

export { createBifSubgraph, SCHEMA_PATH } from "./subgraph";
export { createBifClient } from "./source/bif-client";

if (require.main === module) {
  runDepartmentSubgraph({ department: "BIF", createClient: createBifClient, createSubgraph: createBifSubgraph }).catch(
    exitOnStartupFailure("bif"),
  );
}
