import { createLogger, startTracing } from "@company-graph/kit/observability";
import { exitOnStartupFailure, stopOnSignals } from "@company-graph/kit/shutdown";
import { RedisOperationStore } from "@company-graph/kit/operation";
import { serveSubgraph, type RunningServer } from "@company-graph/kit/server";
import { subgraphSecurityConfig } from "@company-graph/kit/auth";
import { startAccessLogPruning } from "./access-log/writer";
import { startNotificationPruning } from "./notification/retention";
import { startDueNotificationSweep } from "./notification/sweep";
import { startWebhookLogPruning } from "./webhook/retention";
import { crmConfig, cvrSyncConfig } from "./config";
import { CvrClient } from "./services/cvr/cvr-client";
import { CvrSyncHealth, registerHealthDetails } from "./services/cvr/register-health";
import { scheduleCvrSync } from "./services/cvr/schedule";
import { CvrSync } from "./services/cvr/sync";
import { databaseConfig, openDatabase } from "./db/client";
import { applyMigrations } from "./db/migrate";
import type { PrismaClient } from "./generated/prisma/client.js";
import { createCrmSubgraph } from "./subgraph";
import { createCaseEventSubscription } from "./case-events/subscribe";
import { startWebhookDispatch, WebhookDispatcher } from "./webhook/dispatcher";
import { forwardNotificationSignals, notificationSignalPublisher } from "./notification/signals";

export { createCrmSubgraph, SCHEMA_PATH, type CrmSubgraphOptions } from "./subgraph";
export { createCaseEventSubscription, type CaseEventsConfig } from "./case-events/subscribe";
export { type CaseEventSubscription, type Outcome as CaseEventOutcome } from "./case-events/handler";
export { deadLetterQueue } from "./case-events/amqp-subscription";
export { CASE_EVENTS_FEED } from "./case-events/http-subscription";
export {
  forwardNotificationSignals,
  notificationSignalPublisher,
  NOTIFICATION_ADDED_CHANNEL,
  type NotificationSignalPublisher,
} from "./notification/signals";
export { CvrSync, type CvrSyncRun, type CvrSyncStatus } from "./services/cvr/sync";
export { CvrClient, CvrRegisterError } from "./services/cvr/cvr-client";
export { CvrSyncHealth, registerHealthDetails, type RegisterHealthReport } from "./services/cvr/register-health";
export { databaseConfig, openDatabase, openPGliteDump, type CrmDatabase, type DatabaseConfig } from "./db/client";
export { applyMigrations } from "./db/migrate";
export { pruneAccessLog, retentionStart, RETENTION_MONTHS } from "./access-log/writer";
export { pruneNotifications, NOTIFICATION_RETENTION_DAYS } from "./notification/retention";
export { sweepDueNotifications, type SweepResult } from "./notification/sweep";
export { policy } from "./policy";
export { WebhookDispatcher, type DispatcherOptions } from "./webhook/dispatcher";
export { pruneWebhookDeliveries, WEBHOOK_LOG_RETENTION_DAYS } from "./webhook/retention";
export { type Resolver as WebhookResolver } from "./webhook/endpoint";
export { SUBGRAPH_POLICIES } from "./subgraph-policies";

const logger = () => createLogger("crm");

export interface CrmMainOptions {
  /**
   * Runs once after the first successful CVR sync. Production passes nothing; `npm start`'s
   * development entry (dev/start.ts) adds the demo staff there, which needs the synced companies.
   */
  afterFirstSync?: (db: PrismaClient) => Promise<void>;
}

/**
 * The CRM process: config → database → migrations → serve → sync companies from the CVR register
 * (the only source of companies) → drain on SIGTERM.
 */
export async function main(options: CrmMainOptions = {}): Promise<RunningServer> {
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const started = Date.now();
  const config = crmConfig();
  const cvr = cvrSyncConfig(config);
  startTracing({ serviceName: "crm" });
  const db = await openDatabase(databaseConfig(config), (error) =>
    logger().warn({ err: error }, "LISTEN-forbindelsen til databasen fejlede; forbinder igen"),
  );
  // PGlite runs no autovacuum, so nothing else gathers the planner's statistics: without them it
  // misjudges the search indexes. A PostgreSQL server's autovacuum does this by itself.
  const analyze = async () => {
    if (db.kind !== "pglite") return;
    const analyzing = Date.now();
    await db.prisma.$executeRawUnsafe("ANALYZE");
    logger().info({ ms: Date.now() - analyzing }, "gathered planner statistics (ANALYZE)");
  };
  const registerSync = cvr ? new CvrSync({ db: db.prisma, client: new CvrClient(cvr), bounds: cvr.bounds }) : undefined;
  const cvrHealth = registerSync ? new CvrSyncHealth(registerSync) : undefined;
  try {
    const applied = await applyMigrations(db.migrationFactory());
    if (applied.length) logger().info({ migrations: applied }, `applied migrations ${applied.join(", ")}`);
    await analyze();
    await cvrHealth?.restore(db.prisma);
  } catch (error) {
    await db.close();
    throw error;
  }
  if (!cvr) logger().warn("CVR_URL is not set: no companies are synced from the CVR register");
  const subgraph = {
    ...createCrmSubgraph({
      db: db.prisma,
      maxFollowedCompanies: config.MAX_FOLLOWED_COMPANIES,
      registerQuarantine: registerSync?.quarantine,
      webhooks: { policy: config.WEBHOOK_ENDPOINTS },
      ...(config.REDIS_URL ? { operationStore: RedisOperationStore.connect(config.REDIS_URL, { service: "crm" }) } : {}),
    }),
    health: () => registerHealthDetails(cvrHealth),
  };
  const { gatewayKeys, accessLogSecret } = subgraphSecurityConfig();
  const running = await serveSubgraph(subgraph, { host: config.HOST, port: config.PORT }, { gatewayKeys, accessLogSecret });
  const stopPruning = startAccessLogPruning(db.prisma);
  const stopNotificationPruning = startNotificationPruning(db.prisma);
  const stopSweep = startDueNotificationSweep(db.prisma, {
    intervalMs: config.NOTIFICATION_SWEEP_INTERVAL_MS,
    limit: config.NOTIFICATION_SWEEP_LIMIT,
    onSwept: (result) => {
      if (result.fired || result.deferred) logger().info(result, "tidsbestemte notifikationer sendt");
    },
    onError: (error) =>
      logger().error({ err: error }, "gennemgangen for tidsbestemte notifikationer mislykkedes; prøver igen ved næste interval"),
  });
  const stopWebhookLogPruning = startWebhookLogPruning(db.prisma);
  // Every replica sends the outbox; rows are claimed with SKIP LOCKED, so none is sent twice at once.
  const stopWebhooks = startWebhookDispatch(
    new WebhookDispatcher({
      db: db.prisma,
      policy: config.WEBHOOK_ENDPOINTS,
      concurrency: config.WEBHOOK_CONCURRENCY,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    }),
    config.WEBHOOK_INTERVAL_MS,
  );
  const caseEvents = config.CASE_EVENTS_URL
    ? createCaseEventSubscription({
        db: db.prisma,
        url: config.CASE_EVENTS_URL,
        queue: config.CASE_EVENTS_QUEUE,
        exchange: config.CASE_EVENTS_EXCHANGE,
        prefetch: config.CASE_EVENTS_PREFETCH,
        deadLetterMax: config.CASE_EVENTS_DEAD_LETTER_MAX,
        intervalMs: config.CASE_EVENTS_INTERVAL_MS,
      })
    : undefined;
  const signalsUrl = config.NOTIFICATION_SIGNALS_URL ?? config.CASE_EVENTS_URL;
  const stopSignals = signalsUrl
    ? await forwardNotificationSignals(
        db.listen,
        notificationSignalPublisher(signalsUrl, config.NOTIFICATION_SIGNALS_EXCHANGE),
        createLogger("crm", { component: "notification-signals" }),
      )
    : undefined;
  // A broker that is not there yet is retried by the subscription; start-up does not wait for it.
  caseEvents
    ?.start()
    .catch((error: unknown) => logger().error({ err: error }, "kunne ikke abonnere på hændelser fra beskedfordeleren; prøver igen"));
  const afterFirstSuccess = async () => {
    await options.afterFirstSync?.(db.prisma);
    // The first sync of an empty database changed every table the statistics describe.
    await analyze();
  };
  const cvrSync = cvrHealth && cvr ? scheduleCvrSync(cvrHealth, cvr.intervalMs, { afterFirstSuccess }) : undefined;
  logger().info(
    { url: running.url, database: db.description, register: cvr?.url ?? null, startupMs: Date.now() - started },
    `CRM subgraph ready at ${running.url}`,
  );
  stopOnSignals("crm", async () => {
    stopPruning();
    stopNotificationPruning();
    stopSweep();
    stopWebhookLogPruning();
    await caseEvents?.stop();
    await stopWebhooks();
    await stopSignals?.();
    await cvrSync?.stop();
    await running.stop();
    subgraph.close();
    await db.close();
  });
  return running;
}

if (require.main === module) {
  main().catch(exitOnStartupFailure("crm"));
}
