// The company view on the replica topology (lib/replicas.mjs): what balancing every fetch over
// two replicas costs, and whether the department systems are still called once per view over a
// whole loaded run. Its section of RESULTS.md is replaced on its own (`npm run bench -- --replicas`
// is `node bench/replicas.mjs`).
import { measure } from "./load.mjs";
import { countSourceCalls, DEPARTMENTS } from "./stack.mjs";

/** One-at-a-time latency, then throughput under `connections`, each with source calls counted over the run. */
export async function measureReplicaCompanyView({ topology, bodies, headers, settings, log }) {
  const processes = Object.fromEntries(topology.services.map((service) => [service.name, service.pid]));
  const urlOf = (department) => topology.systemUrls[department];
  const run = async (connections, durationSeconds) => {
    await measure({ url: topology.gatewayUrl, bodies, headers, connections, warmupSeconds: 0, durationSeconds: settings.warmupSeconds, processes });
    let result;
    const calls = await countSourceCalls(async () => {
      result = await measure({ url: topology.gatewayUrl, bodies, headers, connections, warmupSeconds: 0, durationSeconds, processes });
    }, urlOf);
    const perView = Object.fromEntries(DEPARTMENTS.map((d) => [d.toUpperCase(), calls[d.toUpperCase()] / result.total]));
    log(`replicas, ${connections} connection(s): ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, source calls per view ${Object.values(perView).map((n) => n.toFixed(2)).join("/")}${result.non2xx || result.errors ? ` (${result.non2xx} non-2xx, ${result.errors} errors)` : ""}`);
    return { ...result, sourceCallsPerView: perView, byPath: calls.byPath };
  };
  const oneAtATime = await run(1, settings.latencySeconds);
  const loaded = await run(settings.connections, settings.durationSeconds);
  return { oneAtATime, loaded };
}

const sum = (values) => values.reduce((total, value) => total + value, 0);

/** The marked section of RESULTS.md for one replica run. */
export function replicaSection({ oneAtATime, loaded }, { date, profile, connections }) {
  const cpu = loaded.cpuMsPerRequest;
  const group = (prefix) => sum(Object.entries(cpu).filter(([name]) => name.startsWith(prefix)).map(([, ms]) => ms));
  const calls = (run) => DEPARTMENTS.map((d) => `${d.toUpperCase()} ${run.sourceCallsPerView[d.toUpperCase()].toFixed(2)}`).join(", ");
  return [
    "<!-- replicas:start -->",
    "## Replica topology: company view (issue #16, item 2)",
    "",
    `Measured by \`node bench/replicas.mjs\` on ${date}, ${profile} profile: two gateways and two replicas of every subgraph behind`,
    "HAProxy (round-robin per request, `option http-server-close`), the CRM replicas on PostgreSQL, per-operation state in",
    "Redis, one simulator process. Not interleaved with the main run above: compare its ratios, not these milliseconds.",
    "",
    "| | replica topology |",
    "|---|---|",
    `| company view, p50 one request at a time | ${oneAtATime.p50.toFixed(2)} ms (p99 ${oneAtATime.p99.toFixed(1)} ms) |`,
    `| company view, RPS under ${connections} connections | ${loaded.rps.toFixed(0)} (${loaded.non2xx + loaded.errors} failed) |`,
    `| CPU per view, all processes | ${sum(Object.values(cpu)).toFixed(1)} ms: gateways ${group("gateway").toFixed(1)}, CRM ${group("crm").toFixed(1)}, departments ${sum(DEPARTMENTS.map(group)).toFixed(1)}, simulators ${group("simulators").toFixed(1)}, HAProxy ${group("haproxy").toFixed(1)} |`,
    `| source calls per view, whole run one at a time (${oneAtATime.total} views) | ${calls(oneAtATime)} |`,
    `| source calls per view, whole loaded run (${loaded.total} views) | ${calls(loaded)} |`,
    "",
    "<!-- replicas:end -->",
  ].join("\n");
}

/** RESULTS.md with the replica section replaced (or added at the end). */
export function withReplicaSection(previous, section) {
  const marked = /<!-- replicas:start -->[\s\S]*?<!-- replicas:end -->/;
  return marked.test(previous) ? previous.replace(marked, section) : `${previous.trimEnd()}\n\n${section}\n`;
}
