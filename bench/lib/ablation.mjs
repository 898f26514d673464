// What each tuning is worth: our gateway and subgraphs restarted with one part swapped back
// (ablation-preload.cjs) or one setting changed, measured on the company view and the trivial
// query, interleaved over rounds. A change the harness cannot swap (the subgraphs' HTTP layer) is
// measured against the commit before it instead: `git worktree add` that commit, build it, run
// `node bench/compare.mjs` in both.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { measure } from "./load.mjs";
import { loadAverage } from "./processes.mjs";
import { countSourceCalls, postJson, resetSourceCounters, TARGET_URLS } from "./stack.mjs";

const PRELOAD = join(dirname(fileURLToPath(import.meta.url)), "ablation-preload.cjs");
/** A variant of our stack swapped in by the ablation's own harness (ablation-preload.cjs), never by a switch in production code. */
const swapped = (variant) => ({ BENCH_ABLATION: variant, NODE_OPTIONS: `--require ${PRELOAD}` });

export const VARIANTS = [
  { variant: "default", switch: "–", env: {} },
  { variant: "stock subgraph fetcher (make-fetch-happen)", switch: "harness: stock-fetcher", env: swapped("stock-fetcher") },
  { variant: "Node's fetch for subgraphs", switch: "harness: node-fetch", env: swapped("node-fetch") },
  { variant: "Apollo cache-control plugin on in the subgraphs", switch: "harness: cache-control", env: swapped("cache-control") },
  {
    variant: "no early entity fetches (the departments wait for the CRM's company)",
    switch: "GATEWAY_EARLY_ENTITY_FETCHES=off",
    env: { GATEWAY_EARLY_ENTITY_FETCHES: "off" },
  },
  {
    variant: "larger V8 young generation",
    switch: "NODE_OPTIONS=--max-semi-space-size=32",
    env: { NODE_OPTIONS: "--max-semi-space-size=32" },
  },
];

export async function runAblation({ stack, scenarios, headers, settings, log }) {
  const rounds = settings.rounds;
  const view = scenarios.find((s) => s.name === "company view");
  const trivial = scenarios.find((s) => s.name === "trivial");
  const date = new Date().toISOString();
  const loadAtStart = loadAverage();
  const samples = new Map(VARIANTS.map((v) => [v.variant, { view: [], viewOne: [], trivial: [], calls: undefined }]));
  // Latency one request at a time too: what shortens the critical path shows there, not under load.
  const oneAtATime = { ...settings, connections: 1, warmupSeconds: 1, durationSeconds: settings.latencySeconds };
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? VARIANTS : [...VARIANTS].reverse();
    for (const variant of order) {
      await stack.restartOurs(variant.env);
      const pids = { gateway: stack.services.gateway.pid };
      const sample = samples.get(variant.variant);
      sample.calls ??= await countSourceCalls(() => postJson(TARGET_URLS.ours, JSON.parse(view.bodies[2]), headers));
      for (const [scenario, list, mode] of [
        [view, sample.view, settings],
        [view, sample.viewOne, oneAtATime],
        [trivial, sample.trivial, settings],
      ]) {
        const result = await measure({ url: TARGET_URLS.ours, bodies: scenario.bodies, headers, ...mode, processes: pids });
        await resetSourceCounters();
        list.push(result);
        log(
          `ablation round ${round} ${variant.switch.padEnd(40)} ${scenario.name.padEnd(13)} ${mode === oneAtATime ? "one at a time " : ""}${result.rps.toFixed(0).padStart(5)} req/s p50 ${result.p50.toFixed(1)} ms`,
        );
      }
    }
  }
  await stack.restartOurs({});
  const average = (list) => ({
    rps: list.reduce((s, r) => s + r.rps, 0) / list.length,
    p50: list.reduce((s, r) => s + r.p50, 0) / list.length,
  });
  return {
    date,
    loadAtStart,
    rounds,
    durationSeconds: settings.durationSeconds,
    results: VARIANTS.map((v) => {
      const sample = samples.get(v.variant);
      return {
        variant: v.variant,
        switch: v.switch,
        view: average(sample.view),
        viewOne: average(sample.viewOne),
        trivial: average(sample.trivial),
        calls: sample.calls,
      };
    }),
  };
}
