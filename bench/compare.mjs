#!/usr/bin/env node
// `node bench/compare.mjs`: our gateway against the monolith (and, with BENCH_TARGETS, Hive
// Gateway), on the city profile, for before/after comparisons of a change in a few minutes instead
// of the full run's twelve: the company view and the trivial query one request at a time (p50) and
// under load (RPS, CPU per request in every process), interleaved over rounds. Every peer's answer
// is compared with ours first; a peer that answers a scenario differently is not measured on it.
// Prints the figures; writes nothing. With BENCH_PROFILE_DIR=<dir> every process writes a V8 CPU
// profile there when it stops.
//
// Settings (environment): BENCH_ROUNDS (2), BENCH_DURATION (6 s under load), BENCH_LATENCY_DURATION
// (4 s one at a time), BENCH_CONNECTIONS (10), BENCH_SCENARIOS ("company view,trivial"),
// BENCH_TARGETS ("ours,monolith"; also hive, hive-router), BENCH_PROFILE ("city"; "small" starts in seconds).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchCredentials } from "./lib/auth.mjs";
import { measure } from "./lib/load.mjs";
import { loadAverage } from "./lib/processes.mjs";
import { postJson, sourceCallCounter, startStack, TARGET_URLS } from "./lib/stack.mjs";
import { buildScenarios } from "./lib/scenarios.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const requireFromRoot = createRequire(join(root, "gateway", "package.json"));
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const load = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  warmupSeconds: 1,
  durationSeconds: Number(process.env.BENCH_DURATION ?? 6),
};
const oneAtATime = { connections: 1, warmupSeconds: 1, durationSeconds: Number(process.env.BENCH_LATENCY_DURATION ?? 4) };
const wanted = (process.env.BENCH_SCENARIOS ?? "company view,trivial").split(",");
const TARGETS = (process.env.BENCH_TARGETS ?? "ours,monolith").split(",");
const profile = process.env.BENCH_PROFILE ?? "city";
const seed = Number(process.env.SIMULATOR_SEED ?? 2014);
Object.assign(process.env, {
  APOLLO_TELEMETRY_DISABLED: "true",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  DO_NOT_TRACK: "1",
});

const kit = requireFromRoot(join(root, "packages/kit/dist/auth"));
kit.requireFromGateway = requireFromRoot;
const mocks = requireFromRoot(join(root, "mocks"));
const workDir = mkdtempSync(join(tmpdir(), "company-graph-compare-"));
const credentials = benchCredentials(kit, join(root, "gateway/dist"), workDir);
const log = (message) => console.log(`[compare] ${message}`);
const scenarios = buildScenarios(mocks.generateWorld({ profile, seed, now: mocks.DEFAULT_NOW })).scenarios.filter((s) =>
  wanted.includes(s.name),
);
const stack = await startStack({
  root,
  workDir,
  cacheDir: join(root, "bench/.cache"),
  profile,
  seed,
  now: mocks.DEFAULT_NOW,
  credentials,
  targets: TARGETS,
  log: () => {},
});
const pids = Object.fromEntries(Object.entries(stack.services).map(([name, service]) => [name, service.pid]));
const sums = {};
/** Normalized JSON equality: the same values, object keys in any order. */
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
const answering = {};
try {
  for (const scenario of scenarios) {
    const answers = {};
    for (const target of TARGETS)
      answers[target] = await postJson(TARGET_URLS[target], JSON.parse(scenario.bodies[0]), credentials.clientHeaders);
    answering[scenario.name] = TARGETS.filter((target) => {
      const same =
        answers[target].status === 200 &&
        !answers[target].body.errors &&
        normalized(answers[target].body) === normalized(answers.ours.body);
      if (!same) log(`${scenario.name}: ${target} answers differently from ours (or with errors): NOT MEASURED on it`);
      return same;
    });
  }
  log(`load average ${loadAverage()} (1 min) before the runs`);
  // Freshly started processes are still compiling their hot paths: warm every target up first, unmeasured.
  for (const scenario of scenarios)
    for (const target of answering[scenario.name])
      await measure({
        url: TARGET_URLS[target],
        bodies: scenario.bodies,
        headers: credentials.clientHeaders,
        ...load,
        warmupSeconds: 0,
        durationSeconds: 4,
        processes: {},
      });
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of scenarios) {
      for (const target of round % 2 ? answering[scenario.name] : [...answering[scenario.name]].reverse()) {
        for (const [mode, settings] of [
          ["load", load],
          ["one", oneAtATime],
        ]) {
          const result = await measure({
            url: TARGET_URLS[target],
            bodies: scenario.bodies,
            headers: credentials.clientHeaders,
            ...settings,
            processes: pids,
            sourceCalls: sourceCallCounter(),
          });
          const cpu = Object.entries(result.cpuMsPerRequest).filter(([, ms]) => ms >= 0.05);
          const total = cpu.reduce((sum, [, ms]) => sum + ms, 0);
          const entry = (sums[`${scenario.name} ${target} ${mode}`] ??= { n: 0, rps: 0, p50: 0, cpu: 0, by: {} });
          entry.n++;
          entry.rps += result.rps;
          entry.p50 += result.p50;
          entry.cpu += total;
          for (const [name, ms] of cpu) entry.by[name] = (entry.by[name] ?? 0) + ms;
          log(
            `round ${round} ${scenario.name} ${target} ${mode}: ${result.rps.toFixed(0)} req/s p50 ${result.p50.toFixed(2)} ms, CPU ${total.toFixed(1)} ms/request (${cpu.map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(", ")})${result.errors || result.non2xx ? ` ${result.errors} errors ${result.non2xx} non-2xx` : ""}`,
          );
        }
      }
    }
  }
} finally {
  await stack.stop();
  rmSync(workDir, { recursive: true, force: true });
}
for (const [key, { n, rps, p50, cpu, by }] of Object.entries(sums)) {
  log(
    `MEAN (load average ${loadAverage()} now) ${key}: ${(rps / n).toFixed(0)} req/s p50 ${(p50 / n).toFixed(2)} ms CPU ${(cpu / n).toFixed(1)} ms (${Object.entries(
      by,
    )
      .map(([name, ms]) => `${name} ${(ms / n).toFixed(1)}`)
      .join(", ")})`,
  );
}
