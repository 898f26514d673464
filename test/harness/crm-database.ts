import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { World } from "@company-graph/mocks";
import { applyMigrations, databaseConfig, openDatabase, openPGliteDump, type CrmDatabase } from "@company-graph/crm";
import { demoDataOf, seedDemoData } from "@company-graph/crm/dev/dist/demo-data";

/** What fills the CRM: its migrations and sync, the development seed step, the register simulator. */
const INPUTS = [
  join(dirname(require.resolve("@company-graph/crm/package.json")), "prisma", "migrations"),
  join(dirname(require.resolve("@company-graph/crm")), "cvr"),
  join(dirname(require.resolve("@company-graph/crm/dev/dist/demo-data"))),
  join(dirname(require.resolve("@company-graph/mocks")), "cvr"),
];

function hashTree(hash: ReturnType<typeof createHash>, path: string): void {
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) return void hash.update(path).update(readFileSync(path));
  for (const name of readdirSync(path).sort()) hashTree(hash, join(path, name));
}

/**
 * The CRM database a graph starts from, filled as `npm start` fills it: migrations, one sync from
 * the simulated CVR register (`sync`, over the test's msw handlers), the development seed step.
 * That costs initdb, the migrations and a whole initial load on every graph (~25 s of a loaded
 * 2-core machine, against ~5 s for loading a copy), so the first graph on a machine keeps a dump
 * in the temp dir, keyed by the world and by the code that fills the database, and later graphs
 * load it; `sync` then runs once more as the CRM does at every start, an incremental run.
 */
export async function preparedCrmDatabase(world: World, sync: (db: CrmDatabase) => Promise<unknown>): Promise<CrmDatabase> {
  const hash = createHash("sha256").update(
    JSON.stringify({ seed: world.seed, now: world.now, companies: world.companies, units: world.units, employees: world.employees }),
  );
  for (const input of INPUTS) hashTree(hash, input);
  // Kept as a plain tar: PGlite loads it ~0.5 s faster than the gzipped dump, once per graph.
  const file = join(tmpdir(), `company-graph-crm-${hash.digest("hex").slice(0, 16)}.tar`);
  if (existsSync(file)) {
    const db = await openPGliteDump(new Blob([readFileSync(file)]));
    await sync(db);
    return db;
  }
  const db = await openDatabase(databaseConfig({ CRM_DATA_DIR: "memory" }));
  await applyMigrations(db.migrationFactory());
  await sync(db);
  await seedDemoData(db.prisma, demoDataOf(world), { now: new Date(world.now) });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, gunzipSync(Buffer.from(await (await db.dump!()).arrayBuffer())));
  renameSync(partial, file);
  return db;
}
