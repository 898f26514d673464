// Hive Gateway with Hive Router's query planner (@graphql-hive/router-runtime: Rust, shipped as a
// prebuilt N-API module inside its npm package, nothing downloaded at run time), otherwise exactly
// the benchmark's other Hive Gateway: the same headers for our subgraphs (gateway.config.mjs).
import { unifiedGraphHandler } from "@graphql-hive/router-runtime";
import { gatewayConfig as base } from "./gateway.config.mjs";

export const gatewayConfig = { ...base, unifiedGraphHandler };
