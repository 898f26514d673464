// Issue 14, item 5: the CRM's CVR sync at city scale. The simulated register serves the
// profile's companies and production units over real HTTP (its own process); for each database
// a worker process loads them all (initial sync), then 1,000 companies are changed through the
// register's admin endpoint and one incremental run applies them. Time and peak memory of each.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAverage, startService, waitUntil } from "./processes.mjs";

const CVR_SYNC_TARGETS = { initialSeconds: 60, incrementalSecondsPer1000: 2 };
const CREDENTIALS = { username: "bench", password: "bench-cvr" };
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

async function postgresReachable(root) {
  const { createRequire } = await import("node:module");
  const pg = createRequire(join(root, "subgraphs/crm/package.json"))("pg");
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function measureCvrSync({
  root,
  profile = "city",
  seed,
  now,
  changes = 1000,
  databases: only,
  pageSize,
  log,
  baseEnv = process.env,
}) {
  const workDir = mkdtempSync(join(tmpdir(), "bench-cvr-sync-"));
  const cvrsFile = join(workDir, "cvrs.json");
  const register = startService({
    name: "cvr-register",
    command: process.execPath,
    args: [join(root, "bench/lib/cvr-register-server.mjs"), profile, String(seed), now, cvrsFile],
    cwd: root,
    env: { ...baseEnv, CVR_USERNAME: CREDENTIALS.username, CVR_PASSWORD: CREDENTIALS.password },
  });
  const runs = [];
  const loadAtStart = loadAverage();
  const date = new Date().toISOString();
  try {
    await waitUntil(register, async () => register.lines.some((line) => line.startsWith("{")), 300_000);
    const ready = JSON.parse(register.lines.find((line) => line.startsWith("{")));
    log(
      `CVR register (simulated, ${profile}) ready in ${(ready.generatedMs / 1000).toFixed(1)} s: ${ready.companies} companies, ${ready.productionUnits} production units`,
    );
    const databases = only ?? ["pglite", ...((await postgresReachable(root)) ? ["postgres"] : [])];
    if (!only && databases.length === 1) log(`PostgreSQL at ${POSTGRES_URL} is not reachable: the CVR sync is measured on PGlite only`);
    for (const database of databases) {
      const input = {
        registerUrl: ready.url,
        ...CREDENTIALS,
        database,
        postgresUrl: POSTGRES_URL,
        changes,
        cvrsFile,
        pageSize,
        tag: `${database} `,
      };
      const worker = startService({
        name: `cvr-sync-${database}`,
        command: process.execPath,
        args: [join(root, "bench/lib/cvr-sync-worker.mjs"), JSON.stringify(input)],
        cwd: join(root, "subgraphs/crm"),
        env: { ...baseEnv, LOG_LEVEL: "warn" },
      });
      const code = await worker.exited;
      const line = worker.lines.find((entry) => entry.startsWith("RESULT "));
      if (code !== 0 || !line) throw new Error(`the CVR sync worker on ${database} failed (exit ${code}):\n${worker.lines.join("\n")}`);
      const run = JSON.parse(line.slice("RESULT ".length));
      runs.push(run);
      log(
        `CVR sync on ${database}: initial ${(run.initial.ms / 1000).toFixed(1)} s (${run.initial.result.companies} companies, ${run.initial.result.productionUnits} units, peak RSS ${run.initial.peakRssMb} MB), incremental ${(run.incremental.ms / 1000).toFixed(2)} s for ${run.changes} changed companies (${run.incremental.result.companies} companies, ${run.incremental.result.productionUnits} units read, peak RSS ${run.incremental.peakRssMb} MB); ${run.changesArrived}/${run.changes} changes arrived`,
      );
    }
  } finally {
    await register.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  return { date, loadAtStart, profile, seed, changes, runs };
}

const seconds = (ms, digits = 1) => (ms / 1000).toFixed(digits);
const verdict = (value, goal) => (value <= goal ? "✅ met" : `❌ missed by ${Math.round((value / goal - 1) * 100)} %`);
const DATABASE_NAMES = {
  pglite: "embedded PGlite (on disk, in the sync's process)",
  postgres: "PostgreSQL 127.0.0.1:5432 (a database of its own, dropped after)",
};

/** The section of RESULTS.md (between its markers) for one measurement. */
export function cvrSyncSection(measurement) {
  const lines = [
    "<!-- cvr-sync:start -->",
    "## CVR sync at city scale (issue #14, item 5)",
    "",
    `Measured ${measurement.date.slice(0, 16).replace("T", " ")} UTC, load average at its start ${measurement.loadAtStart ?? "–"}; ${measurement.profile} profile (seed ${measurement.seed}). The simulated CVR register (mocks/cvr) serves its documents over HTTP from a process of its own; the CRM's CvrSync (subgraphs/crm/dist) runs in another, on a fresh, migrated database: the initial load by scroll, then ${measurement.changes.toLocaleString("en")} companies changed through the register's admin endpoint (new names; every 4th moved to Gentofte, every 10th ceased) and one incremental run. Peak memory is the sync process's RSS and V8 heap, sampled every 20 ms (with PostgreSQL the server's own memory is not in it).`,
    "",
    "| database | initial sync | companies + production units | peak RSS / heap MB | incremental run | per 1,000 changes | read (companies + units) | peak RSS / heap MB | changes arrived |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const run of measurement.runs) {
    const per1000 = (run.incremental.ms / run.changes) * 1000;
    lines.push(
      `| ${DATABASE_NAMES[run.database] ?? run.database} | **${seconds(run.initial.ms)} s** (${verdict(run.initial.ms / 1000, CVR_SYNC_TARGETS.initialSeconds)}) | ${run.initial.result.companies.toLocaleString("en")} + ${run.initial.result.productionUnits.toLocaleString("en")} | ${run.initial.peakRssMb} / ${run.initial.peakHeapMb} | ${seconds(run.incremental.ms, 2)} s | **${seconds(per1000, 2)} s** (${verdict(per1000 / 1000, CVR_SYNC_TARGETS.incrementalSecondsPer1000)}) | ${run.incremental.result.companies + run.incremental.result.unchanged} + ${run.incremental.result.productionUnits} | ${run.incremental.peakRssMb} / ${run.incremental.peakHeapMb} | ${run.changesArrived}/${run.changes} |`,
    );
  }
  lines.push(
    "",
    `Targets: initial sync ≤ ${CVR_SYNC_TARGETS.initialSeconds} s, incremental ≤ ${CVR_SYNC_TARGETS.incrementalSecondsPer1000} s per 1,000 changed companies. Run alone: \`npm run bench -- --cvr-sync\`.`,
    "<!-- cvr-sync:end -->",
  );
  return lines.join("\n");
}

/** RESULTS.md with the CVR sync section replaced (or added before the ablation section). */
export function withCvrSyncSection(previous, section) {
  const marked = /<!-- cvr-sync:start -->[\s\S]*?<!-- cvr-sync:end -->/;
  if (marked.test(previous)) return previous.replace(marked, () => section);
  const anchor = previous.indexOf("<!-- ablation:start -->");
  return anchor < 0 ? `${previous.trimEnd()}\n\n${section}\n` : `${previous.slice(0, anchor)}${section}\n\n${previous.slice(anchor)}`;
}
