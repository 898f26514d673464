import { createLogger, exitOnStartupFailure, serveSubgraph, startTracing, stopOnSignals, subgraphSecurityConfig, type RunningServer } from "@company-graph/kit";
import { startAccessLogPruning } from "./access-log";
import { crmConfig, cvrSyncConfig } from "./config";
import { CvrClient } from "./cvr/cvr-client";
import { scheduleCvrSync } from "./cvr/schedule";
import { CvrSync } from "./cvr/sync";
import { databaseConfig, openDatabase } from "./db/client";
import { applyMigrations } from "./db/migrate";
import { seedFromMocks } from "./db/seed-from-mocks";
import { createCrmSubgraph } from "./subgraph";
import { startCaseClosedFeed } from "./case-events/feed";

export { createCrmSubgraph, SCHEMA_PATH, type CrmSubgraphOptions } from "./subgraph";
export { startCaseClosedFeed, CASE_CLOSED_FEED, type CaseClosedFeed } from "./case-events/feed";
export { CvrSync, type CvrSyncRun, type CvrSyncStatus } from "./cvr/sync";
export { CvrClient, CvrRegisterError } from "./cvr/cvr-client";
export { databaseConfig, openDatabase, type CrmDatabase, type DatabaseConfig } from "./db/client";
export { applyMigrations } from "./db/migrate";
export { seedWorld, type SeedWorld } from "./db/seed";
export { seedFromMocks, toSeedWorld } from "./db/seed-from-mocks";
export { pruneAccessLog, retentionStart, RETENTION_MONTHS } from "./access-log";
export { policy } from "./policy";
export { SUBGRAPH_POLICIES } from "./subgraph-policies";

const logger = () => createLogger("crm");

/** The CRM process: config → database → migrations → seed when empty → serve → drain on SIGTERM. */
export async function main(): Promise<RunningServer> {
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const started = Date.now();
  const config = crmConfig();
  const cvr = cvrSyncConfig(config);
  startTracing({ serviceName: "crm" });
  const db = await openDatabase(databaseConfig(config));
  try {
    const applied = await applyMigrations(db.migrationFactory());
    if (applied.length) logger().info({ migrations: applied }, `applied migrations ${applied.join(", ")}`);
    if (config.CRM_SEED === "auto") {
      const seeded = await seedFromMocks(db.prisma, { profile: config.CRM_SEED_PROFILE, seed: config.SIMULATOR_SEED, now: config.SIMULATOR_NOW });
      if (seeded.seeded) logger().info({ companies: seeded.companies, employees: seeded.employees, profile: config.CRM_SEED_PROFILE }, "seeded the CRM from the simulated world");
    }
    // PGlite runs no autovacuum, so nothing else gathers the planner's statistics: without them it
    // misjudges the search indexes. A PostgreSQL server's autovacuum does this by itself.
    if (db.kind === "pglite") {
      const analyzing = Date.now();
      await db.prisma.$executeRawUnsafe("ANALYZE");
      logger().info({ ms: Date.now() - analyzing }, "gathered planner statistics (ANALYZE)");
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  const subgraph = createCrmSubgraph({ db: db.prisma });
  const { gatewayKeys } = subgraphSecurityConfig();
  const running = await serveSubgraph(subgraph, { host: config.HOST, port: config.PORT }, { gatewayKeys });
  const stopPruning = startAccessLogPruning(db.prisma);
  const caseEvents = config.CASE_EVENTS_URL ? startCaseClosedFeed({ db: db.prisma, url: config.CASE_EVENTS_URL, intervalMs: config.CASE_EVENTS_INTERVAL_MS }) : undefined;
  const cvrSync = cvr ? scheduleCvrSync(new CvrSync({ db: db.prisma, client: new CvrClient(cvr) }), cvr.intervalMs) : undefined;
  logger().info({ url: running.url, database: db.description, startupMs: Date.now() - started }, `CRM subgraph ready at ${running.url}`);
  stopOnSignals("CRM subgraph", async () => {
    stopPruning();
    await caseEvents?.stop();
    await cvrSync?.stop();
    await running.stop();
    subgraph.close();
    await db.close();
  });
  return running;
}

if (require.main === module) {
  main().catch(exitOnStartupFailure("CRM subgraph"));
}
