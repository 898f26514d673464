// One database's CVR sync measurement, in its own process so its peak memory is the sync's own:
// a fresh CRM database (embedded PGlite on disk, as the CRM runs it by default, or a database
// of its own on the PostgreSQL server, dropped at the end), the initial load from the simulated
// register, then `changes` companies changed through the register's admin endpoint and one
// incremental run. Prints `RESULT <json>` as its last line.
//
//   node bench/lib/cvr-sync-worker.mjs '<json: { registerUrl, username, password, database, postgresUrl, changes, cvrsFile }>'
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const crmDist = join(root, "subgraphs/crm/dist");
const requireFromCrm = createRequire(join(root, "subgraphs/crm/package.json"));
const { CvrSync } = requireFromCrm(join(crmDist, "services/cvr/sync.js"));
const { CvrClient } = requireFromCrm(join(crmDist, "services/cvr/cvr-client.js"));
const { openDatabase } = requireFromCrm(join(crmDist, "db/client.js"));
const { applyMigrations } = requireFromCrm(join(crmDist, "db/migrate.js"));
const { parseDatabaseUrl } = requireFromCrm(join(crmDist, "db/pg-factory.js"));
const pg = requireFromCrm("pg");

const input = JSON.parse(process.argv[2]);

/** RSS and heap sampled every 20 ms while `work` runs (the peak, and where it started). */
async function measured(work) {
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 20);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  const after = process.memoryUsage();
  const mb = (bytes) => Math.round(bytes / 2 ** 20);
  return {
    ms,
    result,
    rssBeforeMb: mb(before.rss),
    peakRssMb: mb(Math.max(peakRss, after.rss)),
    peakHeapMb: mb(Math.max(peakHeap, after.heapUsed)),
  };
}

async function admin(connection, sql) {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh CRM database and how to throw it away. */
async function freshDatabase() {
  if (input.database === "pglite") {
    const dataDir = mkdtempSync(join(tmpdir(), "bench-cvr-pglite-"));
    const db = await openDatabase({ kind: "pglite", dataDir });
    return { db, description: "PGlite on disk", drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const connection = parseDatabaseUrl(input.postgresUrl);
  const name = `bench_cvr_sync_${process.pid}`;
  await admin(connection, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(connection, `CREATE DATABASE "${name}"`);
  const db = await openDatabase({ kind: "postgres", connection: { ...connection, database: name } });
  return {
    db,
    description: `PostgreSQL ${connection.host}:${connection.port}, database ${name}`,
    drop: () => admin(connection, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Spread over the register (every n-th company), varied as the register's own changes are: names, moves, ceasings. */
function changesFor(cvrs, count) {
  const step = Math.max(1, Math.floor(cvrs.length / count));
  return cvrs
    .filter((_, i) => i % step === 0)
    .slice(0, count)
    .map((cvr, i) => ({
      cvr,
      change: {
        name: `Ændret ${input.tag ?? ""}${i} ApS`,
        ...(i % 4 === 0
          ? {
              address: {
                vejnavn: "Strandvejen",
                husnummerFra: 1 + (i % 200),
                postnummer: 2900,
                postdistrikt: "Hellerup",
                kommuneKode: 157,
                kommuneNavn: "GENTOFTE",
              },
            }
          : {}),
        ...(i % 10 === 0 ? { status: "OPHØRT" } : {}),
      },
    }));
}

async function applyChanges(changes) {
  const authorization = `Basic ${Buffer.from(`${input.username}:${input.password}`).toString("base64")}`;
  for (let i = 0; i < changes.length; i += 20) {
    await Promise.all(
      changes.slice(i, i + 20).map(async ({ cvr, change }) => {
        const response = await fetch(`${input.registerUrl}/__admin/companies/${cvr}/change`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization },
          body: JSON.stringify(change),
        });
        if (!response.ok) throw new Error(`changing ${cvr} in the register: HTTP ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }),
    );
  }
}

async function main() {
  const { db, description, drop } = await freshDatabase();
  try {
    await applyMigrations(db.migrationFactory());
    const client = new CvrClient({ url: input.registerUrl, username: input.username, password: input.password });
    const sync = new CvrSync({ db: db.prisma, client, ...(input.pageSize ? { pageSize: input.pageSize } : {}) });
    const initial = await measured(() => sync.runOnce());
    const stored = { companies: await db.prisma.company.count(), productionUnits: await db.prisma.productionUnit.count() };
    const changes = changesFor(JSON.parse(readFileSync(input.cvrsFile, "utf8")), input.changes);
    await applyChanges(changes);
    const incremental = await measured(() => sync.runOnce());
    // The changes arrived: every changed name is in the CRM.
    const changed = await db.prisma.company.findMany({
      where: { cvr: { in: changes.map((c) => c.cvr) } },
      select: { cvr: true, name: true },
    });
    const arrived = changed.filter((row) => row.name === changes.find((c) => c.cvr === row.cvr).change.name).length;
    const result = {
      database: input.database,
      description,
      initial,
      incremental,
      stored,
      changes: changes.length,
      changesArrived: arrived,
    };
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await db.close();
    await drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
