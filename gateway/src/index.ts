import { readFileSync } from "node:fs";
import { createLogger, startTracing } from "@company-graph/kit/observability";
import { exitOnStartupFailure, stopOnSignals } from "@company-graph/kit/shutdown";
import { gatewayConfig } from "./config";
import { serveGateway } from "./server";
import { accessControlConfig } from "./auth/config";
import { ensureDevIssuer } from "./auth/dev-issuer";
import { configuredDemoUsers, devTokens } from "./explorer";
import { notificationSignalSource } from "./live/signals";

export { serveGateway, type GatewayOptions } from "./server";
export { gatewayConfig, DEFAULT_SUPERGRAPH_PATH } from "./config";
export { subgraphsOf } from "./readiness";
export { READINESS_CACHE_MS } from "./readiness-cache";
export { configuredDemoUsers } from "./explorer";
export * from "./auth";
export { DEFAULT_LIMITS, measureOperation, type OperationLimits } from "./operation-limits";
export { DEFAULT_BUDGETS, type RateLimitBudgets } from "./rate-limit";
export { notificationSignalSource } from "./live/signals";
export { documentId, loadTrustedDocuments, DEFAULT_TRUSTED_DOCUMENTS_PATH, type TrustedDocuments } from "./trusted-documents";

async function main() {
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const config = gatewayConfig();
  startTracing({ serviceName: "gateway" });
  const security = accessControlConfig(process.env, config.NODE_ENV === "production");
  const running = await serveGateway(
    {
      supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, "utf8"),
      subgraphUrls: config.subgraphUrls,
      subgraphTimeoutMs: config.SUBGRAPH_TIMEOUT_MS,
      requestDeadlineMs: config.REQUEST_DEADLINE_MS,
      trustedProxies: config.TRUSTED_PROXIES,
      earlyEntityFetches: config.GATEWAY_EARLY_ENTITY_FETCHES === "on",
      production: config.NODE_ENV === "production",
      ops: { host: config.OPS_HOST, port: config.OPS_PORT },
      access: security.access,
      trustedDocuments: security.trustedDocuments,
      liveNotifications: {
        ...(config.NOTIFICATION_SIGNALS_URL
          ? { signals: notificationSignalSource({ url: config.NOTIFICATION_SIGNALS_URL, exchange: config.NOTIFICATION_SIGNALS_EXCHANGE }) }
          : {}),
        limits: { perUser: config.STREAMS_PER_USER, perGateway: config.STREAMS_PER_GATEWAY },
      },
      ...(config.WEB_APP_DIR ? { webAppDir: config.WEB_APP_DIR } : {}),
      ...(config.WEB_OIDC_ISSUER && config.WEB_OIDC_CLIENT_ID
        ? { webAppOidc: { issuer: config.WEB_OIDC_ISSUER, clientId: config.WEB_OIDC_CLIENT_ID } }
        : {}),
      explorer: security.devIssuer
        ? {
            tokens: devTokens(
              ensureDevIssuer(process.env.DEV_ISSUER_DIR || undefined),
              configuredDemoUsers(process.env.EXPLORER_DEMO_USERS),
            ),
          }
        : {},
    },
    { host: config.HOST, port: config.PORT },
  );
  createLogger("gateway").info(
    {
      url: running.url,
      ...(running.opsUrl ? { ops: running.opsUrl } : {}),
      explorer: config.NODE_ENV !== "production",
      devIssuer: security.devIssuer,
    },
    security.devIssuer
      ? `gateway klar på ${running.url}: åbn adressen i browseren og vælg en bruger under »Act as«, eller lav et token med \`npm run token\` — gateway ready at ${running.url}: open it in a browser and pick a user under »Act as«, or mint a token with \`npm run token\``
      : `gateway klar på ${running.url} — gateway ready at ${running.url}`,
  );
  stopOnSignals("gateway", running.stop);
}

if (require.main === module) {
  main().catch(exitOnStartupFailure("gateway"));
}
