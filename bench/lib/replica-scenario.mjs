// The company view on the replica topology (lib/replicas.mjs): what balancing every fetch over
// two replicas costs, and whether the department systems are still called once per view over a
// whole loaded run. Its section of RESULTS.md is replaced on its own (`npm run bench -- --replicas`
// is `node bench/replicas.mjs`).
import { measure } from "./load.mjs";
import { countSourceCalls, DEPARTMENTS } from "./stack.mjs";

/**
 * Waits until no call reaches a department system for half a second (at most 40 looks): the
 * requests autocannon abandoned at the end of its run still reach the systems after it.
 */
async function quiet(systemUrls) {
  const totals = async () =>
    (await Promise.all(Object.values(systemUrls).map(async (url) => (await (await fetch(`${url}/__admin/requests`)).json()).total))).join();
  let last = await totals();
  for (let look = 0; look < 40; look++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await totals();
    if (now === last) return;
    last = now;
  }
}

/**
 * Exactly `views` company views, `connections` at a time, with the calls each department system
 * received meanwhile: a timed load run ends with requests in flight whose source calls land
 * after it, so calls per view are counted over a run of known size instead.
 */
async function countedViews({ topology, bodies, headers, views, connections }) {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < views) {
      const body = bodies[next++ % bodies.length];
      const response = await fetch(topology.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
      const answer = await response.json();
      if (response.status !== 200 || answer.errors) failed++;
    }
  };
  await quiet(topology.systemUrls);
  const calls = await countSourceCalls(
    () => Promise.all(Array.from({ length: connections }, worker)),
    (department) => topology.systemUrls[department],
  );
  return { views, failed, perView: Object.fromEntries(DEPARTMENTS.map((d) => [d.toUpperCase(), calls[d.toUpperCase()] / views])) };
}

/** One-at-a-time latency and throughput under `connections` (autocannon), then source calls over counted views. */
export async function measureReplicaCompanyView({ topology, bodies, headers, settings, log }) {
  const processes = Object.fromEntries(topology.services.map((service) => [service.name, service.pid]));
  const run = async (connections, durationSeconds) => {
    const result = await measure({
      url: topology.gatewayUrl,
      bodies,
      headers,
      connections,
      warmupSeconds: settings.warmupSeconds,
      durationSeconds,
      processes,
    });
    log(
      `replicas, ${connections} connection(s): ${result.rps.toFixed(1)} req/s, p50 ${result.p50.toFixed(2)} ms${result.non2xx || result.errors ? ` (${result.non2xx} non-2xx, ${result.errors} errors)` : ""}`,
    );
    return result;
  };
  const oneAtATime = await run(1, settings.latencySeconds);
  const loaded = await run(settings.connections, settings.durationSeconds);
  const counted = await countedViews({ topology, bodies, headers, views: settings.countedViews ?? 100, connections: settings.connections });
  log(
    `replicas, ${counted.views} counted views: source calls per view ${Object.values(counted.perView)
      .map((n) => n.toFixed(2))
      .join("/")}, ${counted.failed} failed`,
  );
  return { oneAtATime, loaded, counted };
}

const sum = (values) => values.reduce((total, value) => total + value, 0);

/** The marked section of RESULTS.md for one replica run. */
export function replicaSection({ oneAtATime, loaded, counted }, { date, profile, connections, load }) {
  const cpu = loaded.cpuMsPerRequest;
  const group = (prefix) =>
    sum(
      Object.entries(cpu)
        .filter(([name]) => name.startsWith(prefix))
        .map(([, ms]) => ms),
    );
  const calls = DEPARTMENTS.map((d) => `${d.toUpperCase()} ${counted.perView[d.toUpperCase()].toFixed(2)}`).join(", ");
  return [
    "<!-- replicas:start -->",
    "## Replica topology: company view (issue #16, item 2)",
    "",
    `Measured by \`node bench/replicas.mjs\` on ${date} (load average ${load} at the start), ${profile} profile: two gateways and two replicas of every subgraph behind`,
    "HAProxy (round-robin per request, `option http-server-close`, each replica health-checked, failed connections redispatched), the CRM replicas on PostgreSQL, per-operation state in",
    "Redis, one simulator process. Not interleaved with the main run above: compare its ratios, not these milliseconds.",
    "",
    "| | replica topology |",
    "|---|---|",
    `| company view, p50 one request at a time | ${oneAtATime.p50.toFixed(2)} ms (p99 ${oneAtATime.p99.toFixed(1)} ms) |`,
    `| company view, RPS under ${connections} connections | ${loaded.rps.toFixed(1)} (${loaded.non2xx + loaded.errors} failed) |`,
    `| CPU per view, all processes | ${sum(Object.values(cpu)).toFixed(1)} ms: gateways ${group("gateway").toFixed(1)}, CRM ${group("crm").toFixed(1)}, departments ${sum(DEPARTMENTS.map(group)).toFixed(1)}, simulators ${group("simulators").toFixed(1)}, HAProxy ${group("haproxy").toFixed(1)} |`,
    `| source calls per view, ${counted.views} views ${connections} at a time, all counted (${counted.failed} failed) | ${calls} |`,
    "",
    "<!-- replicas:end -->",
  ].join("\n");
}

/** RESULTS.md with the replica section replaced (or added at the end). */
export function withReplicaSection(previous, section) {
  const marked = /<!-- replicas:start -->[\s\S]*?<!-- replicas:end -->/;
  return marked.test(previous) ? previous.replace(marked, section) : `${previous.trimEnd()}\n\n${section}\n`;
}
