import { exitOnStartupFailure } from "@company-graph/kit/shutdown";
import { runDepartmentSubgraph } from "@company-graph/kit/department";
import { createKffSubgraph } from "./subgraph";
import { createKffClient } from "./source/kff-client";

export { createKffSubgraph, SCHEMA_PATH } from "./subgraph";
export { createKffClient } from "./source/kff-client";

if (require.main === module) {
  runDepartmentSubgraph({ department: "KFF", createClient: createKffClient, createSubgraph: createKffSubgraph }).catch(
    exitOnStartupFailure("kff"),
  );
}
