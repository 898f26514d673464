import { join } from "node:path";
import { z } from "zod";
import { DEFAULT_PORTS, DEPARTMENTS, NOTIFICATION_SIGNALS_EXCHANGE, subgraphName } from "@company-graph/domain";
import { brokerName, brokerUrl, host, loadConfig, milliseconds, port, refusePlainBrokerUrls } from "@company-graph/kit/config";
import { DEFAULT_REQUEST_DEADLINE_MS } from "./request-deadline";
import { trustedProxiesSetting } from "./client-address";
import { DEFAULT_STREAM_LIMITS } from "./live/streams";

export const DEFAULT_SUPERGRAPH_PATH = join(__dirname, "..", "..", "schema", "supergraph.graphql");

/** The subgraphs in the supergraph: the CRM and one per department of the registry. */
const SUBGRAPH_NAMES = ["crm", ...DEPARTMENTS.map(subgraphName)];
const urlVariable = (name: string) => `SUBGRAPH_${name.toUpperCase()}_URL`;

/** Gateway environment; see gateway/.env.example. SUBGRAPH_<NAME>_URL overrides a subgraph's URL. */
export function gatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(
    {
      HOST: host(),
      PORT: port(DEFAULT_PORTS.gateway),
      // Production: /metrics and the detailed /ready on this listener only (see server.ts).
      OPS_HOST: host(),
      OPS_PORT: port(9400),
      NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
      SUPERGRAPH_PATH: z.string().min(1).default(DEFAULT_SUPERGRAPH_PATH),
      SUBGRAPH_TIMEOUT_MS: milliseconds(5_000),
      REQUEST_DEADLINE_MS: milliseconds(DEFAULT_REQUEST_DEADLINE_MS),
      // The ingress in front of the gateway, whose X-Forwarded-For names the client (client-address.ts).
      TRUSTED_PROXIES: trustedProxiesSetting,
      // off only to measure what the early fetches are worth (bench ablation): answers are the same.
      GATEWAY_EARLY_ENTITY_FETCHES: z.enum(["on", "off"]).default("on"),
      // Live notifications (/graphql/stream): where the CRM's "new notification for X" reaches this replica —
      // amqp://… (RabbitMQ: a fanout exchange, an exclusive queue per replica) or http://… (the simulated broker).
      NOTIFICATION_SIGNALS_URL: brokerUrl(),
      NOTIFICATION_SIGNALS_EXCHANGE: brokerName(NOTIFICATION_SIGNALS_EXCHANGE),
      STREAMS_PER_USER: z.coerce.number().int().min(1).max(1_000).default(DEFAULT_STREAM_LIMITS.perUser),
      STREAMS_PER_GATEWAY: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_STREAM_LIMITS.perGateway),
      // The built web workspace (web/dist), served at /app/; unset: not served.
      WEB_APP_DIR: z.string().min(1).optional(),
      // Its log-in: the municipality's OpenID Connect provider and the workspace's (public) client id there.
      WEB_OIDC_ISSUER: z.string().url().optional(),
      WEB_OIDC_CLIENT_ID: z.string().min(1).optional(),
    },
    env,
  );
  refusePlainBrokerUrls(config, ["NOTIFICATION_SIGNALS_URL"], env);
  const urls = loadConfig(Object.fromEntries(SUBGRAPH_NAMES.map((name) => [urlVariable(name), z.string().url().optional()])), env);
  const subgraphUrls: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES) {
    const url = urls[urlVariable(name)];
    if (url) subgraphUrls[name] = url;
  }
  if (config.REQUEST_DEADLINE_MS < config.SUBGRAPH_TIMEOUT_MS) {
    throw new Error(
      `Invalid configuration:\n  REQUEST_DEADLINE_MS: at least SUBGRAPH_TIMEOUT_MS (${config.SUBGRAPH_TIMEOUT_MS}): it bounds the whole request, of which one fetch is a part`,
    );
  }
  if (Boolean(config.WEB_OIDC_ISSUER) !== Boolean(config.WEB_OIDC_CLIENT_ID)) {
    throw new Error(
      "Invalid configuration:\n  WEB_OIDC_ISSUER and WEB_OIDC_CLIENT_ID: both or neither (the workspace's log-in needs the provider and its client id there)",
    );
  }
  return { ...config, subgraphUrls };
}
