import { exitOnStartupFailure } from "@company-graph/kit/shutdown";
import { runDepartmentSubgraph } from "@company-graph/kit/department";
import { createOkfSubgraph } from "./subgraph";
import { createOkfClient } from "./source/okf-client";

export { createOkfSubgraph, SCHEMA_PATH } from "./subgraph";
export { createOkfClient } from "./source/okf-client";

if (require.main === module) {
  runDepartmentSubgraph({ department: "OKF", createClient: createOkfClient, createSubgraph: createOkfSubgraph }).catch(
    exitOnStartupFailure("okf"),
  );
}
