#!/usr/bin/env node
// `npm run bench`: the company view and three other scenarios through our gateway, Hive Gateway
// and a monolith over the same data, on the city profile, interleaved over rounds; the calls
// reaching the department systems counted over every run; the company view on the small profile
// for the scale ratio and on the replica topology. Writes bench/RESULTS.md.
//
//   npm run bench                      the measured run (about 12-15 minutes, replicas and CVR sync included)
//   npm run bench -- --quick           a smoke test of the harness (2 s runs, one round); writes
//                                      bench/.cache/RESULTS.quick.md, never RESULTS.md
//   npm run bench -- --rewrite         RESULTS.md again from the last full run (bench/.cache/report.json)
//   npm run bench -- --ablation        also the ablation runs (what each tuning is worth, ~5 min more)
//   npm run bench -- --abuse           only the abuse scenario (issue #13, small profile, ~1 min);
//                                      replaces only the abuse section of RESULTS.md
//   npm run bench -- --fairness        only the fairness scenario (issue #24: a well-behaved user's company
//                                      view beside a heavy neighbour, small profile, ~1-2 min); replaces
//                                      only the fairness section of RESULTS.md
//   npm run bench -- --replicas        only the company view on the replica topology (bench/replicas.mjs)
//   npm run bench -- --live            only the live-notifications scenario (city profile, our gateway alone,
//                                      ~1-2 min with the stack's start); replaces only its section of RESULTS.md
//   npm run bench -- --cvr-sync        only the CVR sync at city scale (issue #14, ~3-5 min; with
//                                      --quick the small profile, RESULTS.md left as it is)
//   npm run bench -- --case-events     only the events per second the CRM applies, city profile
//                                      (the timed part ~20-40 s per setup; generating the city and
//                                      seeding its CRM make it ~5-9 min on a busy machine; with
//                                      --quick 200 on the small profile, RESULTS.md left as it is)
//   node bench/compare.mjs             before/after a change: our gateway against the monolith
//                                      alone (company view, trivial query, CPU per process), ~4 min
//
// Settings (environment): BENCH_CONNECTIONS (10), BENCH_DURATION (8 s), BENCH_WARMUP (2 s),
// BENCH_ROUNDS (2), BENCH_LATENCY_DURATION (4 s, one connection), BENCH_LATENCY_ROUNDS (2),
// BENCH_FAIRNESS_DURATION (6 s per fairness run), BENCH_FAIRNESS_ROUNDS (2), BENCH_LIVE_RATE (5 decisions/s),
// BENCH_LIVE_DURATION (10 s), BENCH_CASE_EVENTS (1,000 events per case-event run), SIMULATOR_SEED (2014).
// All load goes to 127.0.0.1 and is bounded in time.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, getPriority, tmpdir, totalmem } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchCredentials } from "./lib/auth.mjs";
import { measure } from "./lib/load.mjs";
import { loadAverage, rssMegabytes } from "./lib/processes.mjs";
import { BROKER_URL, gatewayFetchCounter, postJson, sourceCallCounter, startStack, systemUrl, TARGET_URLS } from "./lib/stack.mjs";
import { liveNotificationsSection, measureLiveNotifications, withLiveNotificationsSection } from "./lib/live-notifications.mjs";
import { startReplicaTopology } from "./lib/replicas.mjs";
import { measureReplicaCompanyView, replicaSection } from "./lib/replica-scenario.mjs";
import { buildScenarios } from "./lib/scenarios.mjs";
import { cvrSyncSection, measureCvrSync, withCvrSyncSection } from "./lib/cvr-sync.mjs";
import { caseEventsSection, measureCaseEvents, withCaseEventsSection } from "./lib/case-events.mjs";
import { abuseSection, measureUnderAbuse, withAbuseSection } from "./lib/abuse.mjs";
import { fairnessSection, measureFairness, withFairnessSection } from "./lib/fairness.mjs";
import { writeResults } from "./lib/report.mjs";
import { runAblation } from "./lib/ablation.mjs";
import { measureServiceLevels } from "./lib/service-levels.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const requireFromRoot = createRequire(join(root, "gateway", "package.json"));
const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
const settings = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  durationSeconds: quick ? 2 : Number(process.env.BENCH_DURATION ?? 8),
  warmupSeconds: quick ? 1 : Number(process.env.BENCH_WARMUP ?? 2),
  rounds: quick ? 1 : Number(process.env.BENCH_ROUNDS ?? 2),
  latencySeconds: quick ? 1 : Number(process.env.BENCH_LATENCY_DURATION ?? 4),
  // The latency targets are read one request at a time: one 4 s run per target moved by ±20 %
  // between runs of the same build, so two interleaved rounds are averaged.
  latencyRounds: quick ? 1 : Number(process.env.BENCH_LATENCY_ROUNDS ?? 2),
  fairnessSeconds: quick ? 2 : Number(process.env.BENCH_FAIRNESS_DURATION ?? 6),
  fairnessRounds: quick ? 1 : Number(process.env.BENCH_FAIRNESS_ROUNDS ?? 2),
  liveRate: Number(process.env.BENCH_LIVE_RATE ?? 5),
  liveSeconds: quick ? 2 : Number(process.env.BENCH_LIVE_DURATION ?? 10),
  seed: Number(process.env.SIMULATOR_SEED ?? 2014),
  caseEvents: quick ? 200 : Number(process.env.BENCH_CASE_EVENTS ?? 1000),
};
const TARGETS = ["ours", "hive", "hive-router", "monolith"];
const started = Date.now();
const log = (message) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${message}`);
// As scripts/offline-env.mjs sets them (importing it would run its command-line part): nothing phones home.
Object.assign(process.env, {
  APOLLO_TELEMETRY_DISABLED: "true",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  DO_NOT_TRACK: "1",
});

function checkBuilt() {
  const entries = [
    "mocks/dist/main.js",
    "gateway/dist/index.js",
    "subgraphs/crm/dist/index.js",
    ...["bif", "tmf", "kff", "okf"].map((d) => `subgraphs/${d}/dist/index.js`),
  ];
  const missing = entries.filter((entry) => !existsSync(join(root, entry)));
  if (missing.length) throw new Error(`not built: ${missing.join(", ")}; run \`npm run build\` first (npm ci does it)`);
}

/** Hive Gateway lives in its own folder with its own lock file, out of the main install. */
function ensureHiveGateway() {
  if (
    ["gateway/dist/bin.js", "router-runtime/package.json"].every((file) =>
      existsSync(join(root, "bench/hive/node_modules/@graphql-hive", file)),
    )
  )
    return;
  log("installing Hive Gateway into bench/hive (first run only, ~515 MB, from the npm registry)");
  const result = spawnSync("npm", ["ci", "--prefix", join(root, "bench/hive"), "--no-audit", "--no-fund"], {
    stdio: "inherit",
    env: process.env,
  });
  if (result.status !== 0) throw new Error("installing Hive Gateway failed");
}

function machine() {
  const model = cpus()[0]?.model ?? "unknown";
  return {
    date: new Date().toISOString(),
    cpu: `${cpus().length} × ${model}`,
    memoryGb: (totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    loadAtStart: loadAverage(),
  };
}

/** Where two answers differ, as paths with both values (`a.b[0]: ours → theirs`); keys in any order are the same answer. */
function differingPaths(ours, theirs, path = "data") {
  if (sameAnswer(ours, theirs)) return [];
  if (
    ours &&
    theirs &&
    typeof ours === "object" &&
    typeof theirs === "object" &&
    Array.isArray(ours) === Array.isArray(theirs) &&
    !(Array.isArray(ours) && ours.length !== theirs.length)
  ) {
    const keys = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
    return [...keys].flatMap((key) => differingPaths(ours[key], theirs[key], Array.isArray(ours) ? `${path}[${key}]` : `${path}.${key}`));
  }
  const shown = (value) => (JSON.stringify(value) ?? "undefined").slice(0, 120);
  return [`\`${path}\`: ${shown(ours)} → ${shown(theirs)}`];
}

/** Normalized JSON equality: the same values, object keys in any order (list order counts). */
function sameAnswer(a, b) {
  const normalized = (value) =>
    JSON.stringify(value, (_key, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, v[k]]),
          )
        : v,
    );
  return normalized(a) === normalized(b);
}

/** Problems seen, and per scenario which target's answer differs from our gateway's (and where). */
async function checkAnswers(scenarios, headers) {
  const problems = [];
  const differing = {};
  for (const scenario of scenarios) {
    const answers = {};
    for (const target of TARGETS) {
      const { status, body } = await postJson(TARGET_URLS[target], JSON.parse(scenario.bodies[0]), headers);
      if (status !== 200 || body.errors) {
        problems.push(`${scenario.name} via ${target}: HTTP ${status} ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
        ((differing[scenario.name] ??= {})[target] ??= []).push(`errors (HTTP ${status})`);
      }
      // Identical empty answers would hide an empty database: every scenario asks for something that exists.
      const empty = Object.entries(body.data ?? {})
        .filter(([, value]) => value === null)
        .map(([field]) => field);
      if (empty.length)
        problems.push(`${scenario.name} via ${target}: \`${empty.join("`, `")}\` answered null (is the CRM database empty?)`);
      answers[target] = body.data;
    }
    for (const target of TARGETS.filter((t) => t !== "ours")) {
      const differences = differingPaths(answers.ours, answers[target]);
      if (!differences.length) continue;
      problems.push(
        `${scenario.name}: ${target}'s answer differs from our gateway's at ${differences.slice(0, 4).join(", ")}; not measured on it`,
      );
      ((differing[scenario.name] ??= {})[target] ??= []).push(...differences.map((d) => d.split(":")[0]));
    }
  }
  return { problems, differing };
}

/** Headers with a fresh token per abusive identity (the abuse scenario times the limits themselves with them). */
function abuserMinter(kit, workDir) {
  const mint = minter(kit, workDir);
  return (n) => mint({ userId: `bench-abuser-${n}`, role: "KEY_ACCOUNT_MANAGER" });
}

/** Headers with a fresh token for any identity, from the run's development issuer. */
function minter(kit, workDir) {
  const { ensureDevIssuer, mintUserToken } = kit.requireFromGateway(join(root, "gateway/dist/auth/dev-issuer.js"));
  const issuer = ensureDevIssuer(join(workDir, "dev-issuer"));
  return (identity) => ({ authorization: `Bearer ${mintUserToken(identity, issuer, { ttlSeconds: 3600 })}`, "x-purpose": "benchmark" });
}

function processPids(stack) {
  return Object.fromEntries(Object.entries(stack.services).map(([name, service]) => [name, service.pid]));
}

/**
 * Interleaved rounds over scenarios and targets. Under load (`connections` in flight) p50 is
 * mostly queueing — connections / RPS — so latency targets are read from the `oneAtATime` pass:
 * one connection, the next request sent when the last answered. Every run counts the calls
 * reaching the department systems over its whole measured part, not for one sample query.
 */
async function loadRounds({ stack, scenarios, headers, targets, rounds, oneAtATime = false, differing = {} }) {
  const runs = [];
  const pids = processPids(stack);
  const sourceCalls = sourceCallCounter();
  const gatewayFetches = gatewayFetchCounter();
  const load = oneAtATime ? { ...settings, connections: 1, warmupSeconds: 1, durationSeconds: settings.latencySeconds } : settings;
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of scenarios) {
      // Alternate the order of targets between rounds so none always runs first or last.
      // A peer that answered this scenario differently from ours is not measured on it: its figures would be for another answer.
      const answering = targets.filter((target) => target === "ours" || !differing[scenario.name]?.[target]);
      const order = round % 2 === 1 ? answering : [...answering].reverse();
      for (const target of order) {
        const result = await measure({
          url: TARGET_URLS[target],
          bodies: scenario.bodies,
          headers,
          ...load,
          processes: pids,
          sourceCalls,
          gatewayFetches: target === "ours" ? gatewayFetches : undefined,
        });
        runs.push({ round, scenario: scenario.name, target, ...result });
        const perView = ["BIF", "TMF", "KFF", "OKF"].map((d) => (result.sourceCalls[d] / result.sent).toFixed(2)).join("/");
        log(
          `${oneAtATime ? `one at a time, round ${round}` : `round ${round}`} ${scenario.name.padEnd(14)} ${target.padEnd(8)} ${result.rps.toFixed(0).padStart(5)} req/s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(1)} ms  source calls per request ${perView}${result.non2xx || result.errors ? `  (${result.non2xx} non-2xx, ${result.errors} errors, ${result.graphqlErrors} of them GraphQL errors)` : ""}`,
        );
      }
    }
  }
  return runs;
}

/**
 * The company view on the replica topology (lib/replicas.mjs: two gateways, two replicas of
 * every subgraph behind HAProxy, small profile), measured and written as bench/replicas.mjs
 * does (lib/replica-scenario.mjs): one at a time, under load, and source calls over a counted run.
 */
async function measureReplicas({ workDir, credentials, now, bodies, headers }) {
  rmSync(workDir, { recursive: true, force: true });
  const loadAtStart = loadAverage();
  const topology = (running = await startReplicaTopology({ root, workDir, profile: "small", seed: settings.seed, now, credentials, log }));
  try {
    const result = await measureReplicaCompanyView({ topology, bodies, headers, settings, log });
    const section = replicaSection(result, {
      date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
      profile: "small",
      connections: settings.connections,
      load: loadAtStart,
    });
    return {
      ...result,
      section: section.replace("Measured by `node bench/replicas.mjs`", "Measured by `npm run bench` (after the main run)"),
    };
  } finally {
    await topology.stop();
  }
}

/** The stack that is up, so that a failure or Ctrl-C never leaves processes behind. */
let running;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await running?.stop();
    process.exit(130);
  });
}

/** What every run that starts a stack needs: built code, the machine's facts, the kit's token helpers, the world's "now", a work folder and the bench's users. */
function prepareRun() {
  checkBuilt();
  const info = machine();
  log(`${info.cpu}, node ${info.node}, load average ${info.loadAtStart}`);
  const kit = requireFromRoot(join(root, "packages/kit/dist/auth"));
  kit.requireFromGateway = requireFromRoot;
  const mocks = requireFromRoot(join(root, "mocks"));
  const workDir = mkdtempSync(join(tmpdir(), "company-graph-bench-"));
  const credentials = benchCredentials(kit, join(root, "gateway/dist"), workDir);
  return { info, kit, mocks, now: mocks.DEFAULT_NOW, workDir, credentials };
}

/**
 * A scenario run on its own (`--abuse`, `--fairness`): `measureSection` builds its section of
 * RESULTS.md from the run's setup, and only that section is replaced (never with --quick).
 */
async function sectionOnly(measureSection, withSection) {
  const run = prepareRun();
  try {
    const section = await measureSection(run);
    const file = join(root, "bench/RESULTS.md");
    if (quick) log("--quick: RESULTS.md left as it is");
    else writeFileSync(file, withSection(readFileSync(file, "utf8"), section));
  } finally {
    await running?.stop();
    rmSync(run.workDir, { recursive: true, force: true });
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** `--abuse`: the small stack with our gateway alone, the abuse scenario, its section of RESULTS.md. */
function abuseOnly() {
  return sectionOnly(async ({ info, kit, mocks, now, workDir, credentials }) => {
    const small = buildScenarios(mocks.generateWorld({ profile: "small", seed: settings.seed, now }));
    const stack = (running = await startStack({
      root,
      workDir,
      cacheDir: join(root, "bench/.cache"),
      profile: "small",
      seed: settings.seed,
      now,
      credentials,
      targets: ["ours"],
      log,
    }));
    const trivialBodies = small.scenarios.find((s) => s.name === "trivial").bodies;
    const abuse = await measureUnderAbuse({
      url: TARGET_URLS.ours,
      trivialBodies,
      headers: credentials.clientHeaders,
      abuserHeaders: credentials.abuserHeaders,
      mintAbuser: abuserMinter(kit, workDir),
      seconds: settings.latencySeconds,
      processes: processPids(stack),
      log,
    });
    await stack.stop();
    return abuseSection(abuse, info.date, info.loadAtStart);
  }, withAbuseSection);
}

/**
 * The fairness scenario (lib/fairness.mjs) on its own small stack: our gateway with its default
 * budgets in flight (the load runs lift them) behind 127.0.0.1 as its trusted ingress.
 */
async function measureFairnessOnStack({ kit, workDir, credentials, now, viewBodies }) {
  // The budgets in flight at their defaults; those per window stay lifted, so the neighbour never runs out of them.
  const inFlight = ["RATE_LIMIT_CONCURRENT", "RATE_LIMIT_COST_IN_FLIGHT", "RATE_LIMIT_ADDRESS_COST_IN_FLIGHT"];
  const gatewayEnv = Object.fromEntries(Object.entries(credentials.gatewayEnv).filter(([name]) => !inFlight.includes(name)));
  const stack = (running = await startStack({
    root,
    workDir,
    cacheDir: join(root, "bench/.cache"),
    profile: "small",
    seed: settings.seed,
    now,
    credentials: { ...credentials, gatewayEnv: { ...gatewayEnv, TRUSTED_PROXIES: "127.0.0.1" } },
    targets: ["ours"],
    log,
  }));
  try {
    return await measureFairness({
      url: TARGET_URLS.ours,
      viewBodies,
      mint: minter(kit, workDir),
      seconds: settings.fairnessSeconds,
      rounds: settings.fairnessRounds,
      processes: processPids(stack),
      log,
    });
  } finally {
    await stack.stop();
  }
}

/** `--fairness`: the fairness scenario alone, its section of RESULTS.md. */
function fairnessOnly() {
  return sectionOnly(async ({ info, kit, mocks, now, workDir, credentials }) => {
    const small = buildScenarios(mocks.generateWorld({ profile: "small", seed: settings.seed, now }));
    const fairness = await measureFairnessOnStack({
      kit,
      workDir,
      credentials,
      now,
      viewBodies: small.scenarios.find((s) => s.name === "company view").bodies,
    });
    return fairnessSection(fairness, info.date, info.loadAtStart, getPriority());
  }, withFairnessSection);
}

/** How often the CRM reads the simulated broker in the live-notifications scenario (CASE_EVENTS_INTERVAL_MS). */
const LIVE_POLL_MS = 50;

/**
 * The live-notifications scenario (lib/live-notifications.mjs) on its own city stack: our gateway
 * alone, the CRM's feed from the simulated broker on and the gateway's signals from it.
 */
async function measureLiveOnStack({ kit, mocks, workDir, credentials, now, world }) {
  const extraEnv = { CASE_EVENTS_URL: BROKER_URL, CASE_EVENTS_INTERVAL_MS: String(LIVE_POLL_MS), NOTIFICATION_SIGNALS_URL: BROKER_URL };
  const stack = (running = await startStack({
    root,
    workDir,
    cacheDir: join(root, "bench/.cache"),
    profile: world.profile,
    seed: settings.seed,
    now,
    credentials,
    targets: ["ours"],
    extraEnv,
    log,
  }));
  try {
    const kam = mocks.demoUsers(world).find((user) => user.identity.role === "KEY_ACCOUNT_MANAGER").identity;
    return await measureLiveNotifications({
      gatewayBase: new URL(TARGET_URLS.ours).origin,
      tmfUrl: systemUrl("tmf"),
      world,
      kam,
      headers: minter(kit, workDir),
      rate: settings.liveRate,
      seconds: settings.liveSeconds,
      log,
    });
  } finally {
    await stack.stop();
  }
}

/** `--live`: the live-notifications scenario alone, its section of RESULTS.md; `--quick`: on the small profile, not written. */
function liveOnly() {
  return sectionOnly(async ({ info, kit, mocks, now, workDir, credentials }) => {
    const world = mocks.generateWorld({ profile: quick ? "small" : "city", seed: settings.seed, now });
    const live = await measureLiveOnStack({ kit, mocks, workDir, credentials, now, world });
    return liveNotificationsSection(live, { date: info.date, loadAtStart: info.loadAtStart, pollMs: LIVE_POLL_MS });
  }, withLiveNotificationsSection);
}

/** `--cvr-sync`: the CVR sync at city scale alone (no stack), its section of RESULTS.md; `--quick`: the small profile, not written. */
async function cvrSyncOnly() {
  checkBuilt();
  const mocks = requireFromRoot(join(root, "mocks"));
  const measurement = await measureCvrSync({
    root,
    profile: quick ? "small" : "city",
    seed: settings.seed,
    now: mocks.DEFAULT_NOW,
    changes: quick ? 100 : 1000,
    log,
  });
  const file = join(root, "bench/RESULTS.md");
  if (quick) log("--quick: RESULTS.md left as it is");
  else writeFileSync(file, withCvrSyncSection(readFileSync(file, "utf8"), cvrSyncSection(measurement)));
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** `--case-events`: the events per second the CRM applies alone (no stack), its section of RESULTS.md; `--quick`: the small profile, not written. */
async function caseEventsOnly() {
  checkBuilt();
  const mocks = requireFromRoot(join(root, "mocks"));
  const measurement = await measureCaseEvents({
    root,
    profile: quick ? "small" : "city",
    seed: settings.seed,
    now: mocks.DEFAULT_NOW,
    events: settings.caseEvents,
    log,
  });
  const file = join(root, "bench/RESULTS.md");
  if (quick) log("--quick: RESULTS.md left as it is");
  else writeFileSync(file, withCaseEventsSection(readFileSync(file, "utf8"), caseEventsSection(measurement)));
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function main() {
  if (args.has("--abuse")) return abuseOnly();
  if (args.has("--case-events")) return caseEventsOnly();
  if (args.has("--fairness")) return fairnessOnly();
  if (args.has("--cvr-sync")) return cvrSyncOnly();
  if (args.has("--live")) return liveOnly();
  if (args.has("--rewrite")) return rewriteOnly();
  if (args.has("--replicas")) return import("./replicas.mjs");
  checkBuilt(); // before Hive Gateway's first-run install, not after it
  ensureHiveGateway();
  const { info, kit, mocks, now, workDir, credentials } = prepareRun();
  const cacheDir = join(root, "bench/.cache");
  const headers = credentials.clientHeaders;
  const report = { info, settings, quick };

  try {
    // ---- city profile: all scenarios, all targets ----
    let generated = Date.now();
    const cityWorld = mocks.generateWorld({ profile: "city", seed: settings.seed, now });
    log(
      `generated the city world in ${Date.now() - generated} ms: ${cityWorld.companies.length} companies, ${Object.values(cityWorld.cases).reduce((n, list) => n + list.length, 0)} cases`,
    );
    const city = buildScenarios(cityWorld);
    report.scenarios = city.describe;
    let stack = (running = await startStack({
      root,
      workDir,
      cacheDir,
      profile: "city",
      seed: settings.seed,
      now,
      credentials,
      targets: TARGETS,
      log,
    }));
    report.crmSeed = stack.crmData;
    report.startup = stack.ready;
    log(
      `city stack ready: ${JSON.stringify(stack.ready)} (ms); CRM data ${stack.crmData.cached ? "from cache" : `seeded in ${(stack.crmData.seedMs / 1000).toFixed(1)} s`}`,
    );
    // First, while nothing has warmed the path: the first service-level request after start.
    report.serviceLevels = await measureServiceLevels({
      url: TARGET_URLS.ours,
      headers: credentials.analystHeaders,
      now,
      seconds: settings.latencySeconds,
      processes: processPids(stack),
    });
    log(
      `service levels: first request ${report.serviceLevels.coldMs.toFixed(0)} ms, then p50 ${report.serviceLevels.warm.p50.toFixed(0)} ms p99 ${report.serviceLevels.warm.p99.toFixed(0)} ms over ${report.serviceLevels.periods} periods`,
    );
    await city.fillCursors(TARGET_URLS.monolith, headers);
    const answers = await checkAnswers(city.scenarios, headers);
    report.problems = [...report.serviceLevels.problems, ...answers.problems];
    report.differing = answers.differing;
    for (const problem of report.problems) log(`PROBLEM ${problem}`);
    report.runs = await loadRounds({
      stack,
      scenarios: city.scenarios,
      headers,
      targets: TARGETS,
      rounds: settings.rounds,
      differing: answers.differing,
    });
    report.latencyRuns = await loadRounds({
      stack,
      scenarios: city.scenarios,
      headers,
      targets: TARGETS,
      rounds: settings.latencyRounds,
      oneAtATime: true,
      differing: answers.differing,
    });
    report.rss = Object.fromEntries(Object.entries(processPids(stack)).map(([name, pid]) => [name, rssMegabytes(pid)]));
    if (args.has("--ablation")) report.ablation = await runAblation({ stack, scenarios: city.scenarios, headers, settings, log });
    await stack.stop();

    // The later parts each fail on their own: the city figures are written whatever happens to them.
    const part = async (name, fn) => {
      try {
        await fn();
      } catch (error) {
        report.problems.push(
          `${name} failed, so its figures are missing from this run: ${String(error?.message ?? error)
            .split("\n")
            .slice(0, 3)
            .join(" ")}`,
        );
        log(`PROBLEM ${report.problems.at(-1)}`);
        await running?.stop();
      }
    };
    // ---- small profile: the company view through our gateway, for the scale ratio ----
    const small = buildScenarios(mocks.generateWorld({ profile: "small", seed: settings.seed, now }));
    const smallView = small.scenarios.filter((s) => s.name === "company view");
    await part("the small profile", async () => {
      stack = running = await startStack({
        root,
        workDir,
        cacheDir,
        profile: "small",
        seed: settings.seed,
        now,
        credentials,
        targets: ["ours"],
        log,
      });
      report.smallScenario = small.describe.find((s) => s.name === "company view");
      const smallAnswer = await postJson(TARGET_URLS.ours, JSON.parse(smallView[0].bodies[0]), headers);
      if (!smallAnswer.body.data?.company || smallAnswer.body.errors)
        report.problems.push(`company view on the small profile: ${JSON.stringify(smallAnswer.body).slice(0, 300)}`);
      report.smallRuns = await loadRounds({ stack, scenarios: smallView, headers, targets: ["ours"], rounds: settings.rounds });
      report.smallLatencyRuns = await loadRounds({ stack, scenarios: smallView, headers, targets: ["ours"], rounds: 1, oneAtATime: true });
      const trivialBodies = small.scenarios.find((s) => s.name === "trivial").bodies;
      report.abuse = await measureUnderAbuse({
        url: TARGET_URLS.ours,
        trivialBodies,
        headers,
        abuserHeaders: credentials.abuserHeaders,
        mintAbuser: abuserMinter(kit, workDir),
        seconds: settings.latencySeconds,
        processes: processPids(stack),
        log,
      });
      await stack.stop();
    });

    // ---- fairness (issue #24): a well-behaved user beside a heavy neighbour, default budgets ----
    await part("the fairness scenario", async () => {
      report.fairnessPriority = getPriority();
      report.fairness = await measureFairnessOnStack({ kit, workDir, credentials, now, viewBodies: smallView[0].bodies });
    });

    // ---- the replica topology (issue #16, item 2): the same company views behind HAProxy ----
    await part("the replica topology", async () => {
      const { section, ...replicas } = await measureReplicas({
        workDir: join(cacheDir, "logs", "replicas"),
        credentials,
        now,
        bodies: smallView[0].bodies,
        headers,
      });
      report.replicas = replicas;
      report.replicasSection = section;
    });

    // ---- live notifications: a department's event to the SSE stream, on the city profile ----
    await part("the live-notifications scenario", async () => {
      report.live = await measureLiveOnStack({ kit, mocks, workDir, credentials, now, world: cityWorld });
    });

    // ---- the CRM's CVR sync at city scale (no stack: the register and the sync on their own) ----
    await part("the CVR sync", async () => {
      report.cvrSync = await measureCvrSync({
        root,
        profile: quick ? "small" : "city",
        seed: settings.seed,
        now,
        changes: quick ? 100 : 1000,
        log,
      });
    });

    // ---- the departments' business events: how fast the CRM applies them (no stack) ----
    await part("the case events", async () => {
      report.caseEvents = await measureCaseEvents({
        root,
        profile: quick ? "small" : "city",
        seed: settings.seed,
        now,
        events: settings.caseEvents,
        log,
      });
    });
  } finally {
    await running?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  report.elapsedSeconds = (Date.now() - started) / 1000;
  // Every figure of the run, so the file can be written again from it (--rewrite).
  writeFileSync(join(cacheDir, quick ? "report.quick.json" : "report.json"), JSON.stringify(report));
  writeReport(report);
  log(`wrote ${quick ? "bench/.cache/RESULTS.quick.md" : "bench/RESULTS.md"} in ${report.elapsedSeconds.toFixed(0)} s total`);
}

/** A --quick run's numbers mean nothing: they never replace RESULTS.md (nor its abuse or CVR sync section). */
function writeReport(report) {
  const file = join(root, "bench/RESULTS.md");
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  const results = writeResults(report, previous);
  const withLive = report.live
    ? withLiveNotificationsSection(
        results,
        liveNotificationsSection(report.live, { date: report.info.date, loadAtStart: report.info.loadAtStart, pollMs: LIVE_POLL_MS }),
      )
    : results;
  writeFileSync(report.quick ? join(root, "bench/.cache/RESULTS.quick.md") : file, withLive);
}

/** `--rewrite`: RESULTS.md written again from the last full run's figures (bench/.cache/report.json), e.g. after a change to the report. */
function rewriteOnly() {
  writeReport(JSON.parse(readFileSync(join(root, "bench/.cache/report.json"), "utf8")));
  log("wrote bench/RESULTS.md from bench/.cache/report.json");
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
