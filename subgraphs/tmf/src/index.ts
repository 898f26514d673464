import { exitOnStartupFailure } from "@company-graph/kit/shutdown";
import { runDepartmentSubgraph } from "@company-graph/kit/department";
import { createTmfSubgraph } from "./subgraph";
import { createTmfClient } from "./source/tmf-client";

export { createTmfSubgraph, SCHEMA_PATH } from "./subgraph";
export { createTmfClient } from "./source/tmf-client";

if (require.main === module) {
  runDepartmentSubgraph({ department: "TMF", createClient: createTmfClient, createSubgraph: createTmfSubgraph }).catch(
    exitOnStartupFailure("tmf"),
  );
}
