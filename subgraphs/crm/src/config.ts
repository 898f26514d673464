import { z } from "zod";
import { CASE_EVENTS_EXCHANGE, DEFAULT_PORTS, NOTIFICATION_SIGNALS_EXCHANGE } from "@company-graph/domain";
import { brokerName, brokerUrl, host, loadConfig, milliseconds, port, refusePlainBrokerUrls } from "@company-graph/kit/config";
import { redisUrl } from "@company-graph/kit/operation";
import { DEAD_LETTER_MAX } from "./case-events/amqp-subscription";
import { DEFAULT_MAX_FOLLOWED_COMPANIES } from "./following/following";
import { DEFAULT_SWEEP_LIMIT } from "./notification/sweep";
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from "./webhook/dispatcher";
import { DEFAULT_MAX_ANSWER_BYTES } from "./services/cvr/cvr-client";
import { type CvrSyncBounds, DEFAULT_SYNC_BOUNDS } from "./services/cvr/sync";

/** Environment of the CRM process; see .env.example. */
export function crmConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(
    {
      HOST: host(),
      PORT: port(DEFAULT_PORTS.crm),
      CRM_DATA_DIR: z.string().min(1).default(".data/crm"),
      DATABASE_URL: z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
        .optional()
        .or(z.literal("").transform(() => undefined)),
      // The departments' business events (src/case-events/): amqp://… is the municipal broker's
      // AMQP endpoint (RabbitMQ), http://… the simulated broker of `npm start`. They fill each
      // company's change history; a closed case gets its survey. Unset: no subscription.
      CASE_EVENTS_URL: brokerUrl(),
      CASE_EVENTS_INTERVAL_MS: milliseconds(5_000),
      CASE_EVENTS_QUEUE: brokerName("crm.haendelser"),
      CASE_EVENTS_EXCHANGE: brokerName(CASE_EVENTS_EXCHANGE),
      CASE_EVENTS_PREFETCH: z.coerce.number().int().min(1).max(1000).default(20),
      // The sweep for time-driven notifications (src/notification/sweep.ts): permits 30 and 7 days
      // before their end and past it, cases whose orientering is overdue. How often, and the most
      // occasions one sweep fires (the rest wait for the next). Safe on every replica at once.
      NOTIFICATION_SWEEP_INTERVAL_MS: milliseconds(15 * 60_000),
      NOTIFICATION_SWEEP_LIMIT: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_SWEEP_LIMIT),
      // Where "a new notification for employee X" goes to every gateway replica (src/notification/signals.ts);
      // the case events' broker unless set. Unset both: the gateways' streams deliver nothing live.
      NOTIFICATION_SIGNALS_URL: brokerUrl(),
      NOTIFICATION_SIGNALS_EXCHANGE: brokerName(NOTIFICATION_SIGNALS_EXCHANGE),
      // How many messages the CRM's dead-letter queue keeps (oldest dropped first); the queue is declared with it, so changing it means redeclaring the queue (docs/deployment.md).
      CASE_EVENTS_DEAD_LETTER_MAX: z.coerce.number().int().min(1).max(1_000_000).default(DEAD_LETTER_MAX),
      // How many companies one employee may choose to follow (a key account manager's accounts do not count).
      MAX_FOLLOWED_COMPANIES: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_MAX_FOLLOWED_COMPANIES),
      // Where partners' webhooks may point (src/webhook/endpoint.ts, docs/webhooks.md): public-https
      // (production) or loopback (development and tests: http://127.0.0.1 only; npm start sets it).
      WEBHOOK_ENDPOINTS: z.enum(["public-https", "loopback"]).default("public-https"),
      WEBHOOK_INTERVAL_MS: milliseconds(1_000),
      WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(DEFAULT_CONCURRENCY),
      WEBHOOK_TIMEOUT_MS: milliseconds(DEFAULT_TIMEOUT_MS),
      // Where the CRM's replicas share what one operation's fetches read. Unset: kept in the process.
      REDIS_URL: redisUrl(),
      // The CVR register's system-to-system access (Erhvervsstyrelsen; npm start: the simulated one
      // in mocks/cvr): the only source of companies and production units. Unset: no sync.
      CVR_URL: z
        .string()
        .url()
        .optional()
        .or(z.literal("").transform(() => undefined)),
      CVR_USERNAME: z.string().optional(),
      CVR_PASSWORD: z.string().optional(),
      CVR_SYNC_INTERVAL_MS: milliseconds(15 * 60_000),
      // What one sync run reads of each index at most, the rows held per index, and one answer's size (docs/crm.md).
      CVR_SYNC_MAX_PAGES: z.coerce.number().int().positive().default(DEFAULT_SYNC_BOUNDS.maxPages),
      CVR_SYNC_MAX_DOCUMENTS: z.coerce.number().int().positive().default(DEFAULT_SYNC_BOUNDS.maxDocuments),
      CVR_SYNC_MAX_DURATION_MS: milliseconds(DEFAULT_SYNC_BOUNDS.maxDurationMs),
      CVR_SYNC_MAX_HELD: z.coerce.number().int().positive().default(DEFAULT_SYNC_BOUNDS.maxHeld),
      CVR_MAX_ANSWER_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_ANSWER_BYTES),
    },
    env,
  );
  refusePlainBrokerUrls(config, ["CASE_EVENTS_URL", "NOTIFICATION_SIGNALS_URL"], env);
  return config;
}

/** The register's settings, checked together: a URL without credentials is refused at start-up. */
export function cvrSyncConfig(
  config: ReturnType<typeof crmConfig>,
): { url: string; username: string; password: string; intervalMs: number; maxAnswerBytes: number; bounds: CvrSyncBounds } | undefined {
  if (!config.CVR_URL) return undefined;
  if (!config.CVR_USERNAME || !config.CVR_PASSWORD)
    throw new Error(
      "invalid CRM configuration: CVR_URL is set, so CVR_USERNAME and CVR_PASSWORD are needed too (HTTP Basic auth of the CVR register)",
    );
  return {
    url: config.CVR_URL,
    username: config.CVR_USERNAME,
    password: config.CVR_PASSWORD,
    intervalMs: config.CVR_SYNC_INTERVAL_MS,
    maxAnswerBytes: config.CVR_MAX_ANSWER_BYTES,
    bounds: {
      maxPages: config.CVR_SYNC_MAX_PAGES,
      maxDocuments: config.CVR_SYNC_MAX_DOCUMENTS,
      maxDurationMs: config.CVR_SYNC_MAX_DURATION_MS,
      maxHeld: config.CVR_SYNC_MAX_HELD,
    },
  };
}
