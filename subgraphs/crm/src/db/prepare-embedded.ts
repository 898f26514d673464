/**
 * `npm ci` runs this after the build: it creates the embedded PGlite database (initdb takes most
 * of the CRM's first start) and applies the migrations, so `npm start` on a fresh clone only opens
 * it and seeds. It touches nothing when DATABASE_URL points at PostgreSQL or the directory exists.
 */
import { existsSync } from "node:fs";
import { crmConfig } from "../config";
import { databaseConfig, openDatabase } from "./client";
import { applyMigrations } from "./migrate";

async function prepare(): Promise<void> {
  const config = databaseConfig(crmConfig());
  if (config.kind !== "pglite" || config.dataDir === null || existsSync(config.dataDir)) return;
  const db = await openDatabase(config);
  try {
    const applied = await applyMigrations(db.migrationFactory());
    console.log(`CRM: prepared the embedded database at ${config.dataDir} (${applied.length} migrations)`);
  } finally {
    await db.close();
  }
}

prepare().catch((error: unknown) => {
  // The CRM creates the database itself on start; preparing it early is only a head start.
  console.warn(
    `CRM: could not prepare the embedded database now (${error instanceof Error ? error.message : String(error)}); it will be created on start`,
  );
});
