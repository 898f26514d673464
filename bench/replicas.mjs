#!/usr/bin/env node
// The company view on the replica topology (bench/lib/replicas.mjs, issue #16): two gateways and
// two replicas of every subgraph behind HAProxy, small profile (the CRM replicas' PostgreSQL is
// filled by the CVR sync at every start). Replaces only the replica section of RESULTS.md.
//
//   node bench/replicas.mjs            the measured run (about 1 minute after start-up)
//   node bench/replicas.mjs --quick    a smoke test (1 s runs), RESULTS.md left as it is
//
// Settings (environment) as bench/run.mjs: BENCH_CONNECTIONS (10), BENCH_DURATION (8 s),
// BENCH_WARMUP (2 s), BENCH_LATENCY_DURATION (4 s), SIMULATOR_SEED (2014); BENCH_COUNTED_VIEWS (100)
// company views whose source calls are counted exactly.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchCredentials } from "./lib/auth.mjs";
import { startReplicaTopology } from "./lib/replicas.mjs";
import { measureReplicaCompanyView, replicaSection, withReplicaSection } from "./lib/replica-scenario.mjs";
import { buildScenarios } from "./lib/scenarios.mjs";
import { loadAverage } from "./lib/processes.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const quick = process.argv.includes("--quick");
const settings = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  durationSeconds: quick ? 1 : Number(process.env.BENCH_DURATION ?? 8),
  warmupSeconds: quick ? 1 : Number(process.env.BENCH_WARMUP ?? 2),
  latencySeconds: quick ? 1 : Number(process.env.BENCH_LATENCY_DURATION ?? 4),
  seed: Number(process.env.SIMULATOR_SEED ?? 2014),
  countedViews: quick ? 20 : Number(process.env.BENCH_COUNTED_VIEWS ?? 100),
};
const loadAtStart = loadAverage();
const started = Date.now();
const log = (message) => console.log(`[bench replicas ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${message}`);
Object.assign(process.env, {
  APOLLO_TELEMETRY_DISABLED: "true",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  DO_NOT_TRACK: "1",
});

const requireFromGateway = createRequire(join(root, "gateway", "package.json"));
const kit = requireFromGateway(join(root, "packages/kit/dist/auth"));
kit.requireFromGateway = requireFromGateway;
const mocks = requireFromGateway(join(root, "mocks"));
const workDir = mkdtempSync(join(tmpdir(), "company-graph-bench-replicas-"));
const credentials = benchCredentials(kit, join(root, "gateway/dist"), workDir);
const profile = "small";
const now = mocks.DEFAULT_NOW;

let topology;
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, async () => (await topology?.stop(), process.exit(130)));
try {
  log("starting 2 gateways, 2 replicas of every subgraph, HAProxy, the simulators");
  topology = await startReplicaTopology({ root, workDir, profile, seed: settings.seed, now, credentials, log });
  const { scenarios } = buildScenarios(mocks.generateWorld({ profile, seed: settings.seed, now }));
  const companyView = scenarios.find((scenario) => scenario.name === "company view");
  const result = await measureReplicaCompanyView({
    topology,
    bodies: companyView.bodies,
    headers: credentials.clientHeaders,
    settings,
    log,
  });
  const section = replicaSection(result, {
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    profile,
    connections: settings.connections,
    load: loadAtStart,
  });
  console.log(section);
  const file = join(root, "bench/RESULTS.md");
  if (quick) log("--quick: RESULTS.md left as it is");
  else writeFileSync(file, withReplicaSection(readFileSync(file, "utf8"), section));
} finally {
  await topology?.stop();
  rmSync(workDir, { recursive: true, force: true });
}
log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
