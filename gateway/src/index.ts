import { readFileSync } from "node:fs";
import { stopOnSignals } from "@company-graph/kit";
import { gatewayConfig } from "./config";
import { serveGateway } from "./server";

export { serveGateway, type GatewayOptions } from "./server";
export { gatewayConfig, DEFAULT_SUPERGRAPH_PATH } from "./config";
export { subgraphsOf } from "./readiness";

async function main() {
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const config = gatewayConfig();
  const running = await serveGateway(
    {
      supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, "utf8"),
      subgraphUrls: config.subgraphUrls,
      subgraphTimeoutMs: config.SUBGRAPH_TIMEOUT_MS,
      production: config.NODE_ENV === "production",
    },
    { host: config.HOST, port: config.PORT },
  );
  console.log(`gateway ready at ${running.url}`);
  stopOnSignals("gateway", running.stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
