import { serveSubgraph, stopOnSignals, type RunningServer } from "@company-graph/kit";
import { crmConfig } from "./config";
import { databaseConfig, openDatabase } from "./db/client";
import { applyMigrations } from "./db/migrate";
import { seedFromMocks } from "./db/seed-from-mocks";
import { createCrmSubgraph } from "./subgraph";

export { createCrmSubgraph, SCHEMA_PATH, type CrmSubgraphOptions } from "./subgraph";
export { databaseConfig, openDatabase, type CrmDatabase, type DatabaseConfig } from "./db/client";
export { applyMigrations } from "./db/migrate";
export { seedWorld, type SeedWorld } from "./db/seed";
export { seedFromMocks, toSeedWorld } from "./db/seed-from-mocks";

/** The CRM process: config → database → migrations → seed when empty → serve → drain on SIGTERM. */
export async function main(): Promise<RunningServer> {
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const started = Date.now();
  const config = crmConfig();
  const db = await openDatabase(databaseConfig(config));
  try {
    const applied = await applyMigrations(db.migrationFactory());
    if (applied.length) console.log(`CRM: applied migrations ${applied.join(", ")}`);
    if (config.CRM_SEED === "auto") {
      const seeded = await seedFromMocks(db.prisma, { profile: config.CRM_SEED_PROFILE, seed: config.SIMULATOR_SEED, now: config.SIMULATOR_NOW });
      if (seeded.seeded) console.log(`CRM: seeded ${seeded.companies} companies and ${seeded.employees} employees (${config.CRM_SEED_PROFILE} profile)`);
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  const subgraph = createCrmSubgraph({ db: db.prisma });
  const running = await serveSubgraph(subgraph, { host: config.HOST, port: config.PORT });
  console.log(`CRM subgraph ready at ${running.url} (${db.description}; started in ${Date.now() - started} ms)`);
  stopOnSignals("CRM subgraph", async () => {
    await running.stop();
    await db.close();
  });
  return running;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
