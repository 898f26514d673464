// One bounded load run against one target with autocannon (loopback only), the variables
// rotating over many companies: Hive Gateway merges identical in-flight subgraph requests, so
// fixed variables would flatter it.
import { createRequire } from "node:module";
import { cpuSeconds } from "./processes.mjs";

const require = createRequire(import.meta.url);
const autocannon = require("autocannon");

/** Runs autocannon and keeps every response time, for exact percentiles. */
function run(options) {
  const latencies = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve({ result, latencies })));
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/**
 * Warm-up (not measured), then the measured run. CPU is read from /proc for every process
 * before and after the measured run, so it covers exactly the requests counted. With
 * `sourceCalls` ({ settle, reset, read }, see stack.mjs), the calls reaching the department
 * systems are counted over the whole measured run: the warm-up's last requests are let finish
 * before the counters are reset, and the measured run's before they are read, so the count
 * belongs to exactly the `sent` requests (autocannon abandons those in flight when time is up,
 * but the graph still serves them); the CPU then also runs to the settled end, per sent request.
 * With `gatewayFetches` (stack.mjs), our gateway's fetches per subgraph over the same span.
 */
export async function measure({
  url,
  bodies,
  headers,
  connections,
  warmupSeconds,
  durationSeconds,
  processes,
  sourceCalls,
  gatewayFetches,
}) {
  let next = Math.floor(Math.random() * bodies.length);
  // An answer with GraphQL errors is a failed request, even with HTTP 200 (so a wrong setup is never fast).
  let graphqlErrors = 0;
  const onResponse = (status, body) => {
    if (status === 200 && body.includes('"errors":')) graphqlErrors++;
  };
  const requests = [{ method: "POST", setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }), onResponse }];
  const common = { url, connections, headers: { "content-type": "application/json", ...headers }, requests };
  const warmup = warmupSeconds > 0 ? await run({ ...common, duration: warmupSeconds }) : undefined;
  graphqlErrors = 0;
  if (sourceCalls) {
    // A request abandoned when time is up ends within about the slowest one seen.
    await sourceCalls.settle(warmup?.latencies.reduce((max, ms) => Math.max(max, ms), 0) ?? 0);
    await sourceCalls.reset();
  }
  const fetchesBefore = await gatewayFetches?.read();
  const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const { result, latencies } = await run({ ...common, duration: durationSeconds });
  latencies.sort((a, b) => a - b);
  let calls;
  if (sourceCalls) {
    await sourceCalls.settle(latencies.at(-1) ?? 0);
    calls = await sourceCalls.read();
  }
  const fetchesAfter = await gatewayFetches?.read();
  // Settled, the CPU covers every sent request to its end; otherwise the answered ones.
  const served = sourceCalls ? result.requests.sent : result.requests.total;
  const cpuMsPerRequest = {};
  for (const [name, pid] of Object.entries(processes)) {
    const used = cpuSeconds(pid) - before[name];
    cpuMsPerRequest[name] = served > 0 ? (used * 1000) / served : 0;
  }
  return {
    rps: result.requests.total / durationSeconds,
    total: result.requests.total,
    sent: result.requests.sent,
    sourceCalls: calls,
    // Our gateway's fetches to each subgraph over the run (count and seconds), from its /metrics.
    subgraphFetches:
      fetchesBefore && fetchesAfter
        ? Object.fromEntries(
            Object.entries(fetchesAfter).map(([subgraph, after]) => [
              subgraph,
              {
                count: after.count - (fetchesBefore[subgraph]?.count ?? 0),
                seconds: after.seconds - (fetchesBefore[subgraph]?.seconds ?? 0),
              },
            ]),
          )
        : undefined,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts + graphqlErrors,
    non2xx: result.non2xx,
    graphqlErrors,
    cpuMsPerRequest,
  };
}

/**
 * Runs `measurement` while `clients` loops run beside it, the c-th calling `step(i)` for i = c,
 * c + clients, … one after another; they stop once it is done, and it returns the measurement.
 */
export async function whileClientsLoop(clients, step, measurement) {
  let stopped = false;
  const loop = async (first) => {
    for (let i = first; !stopped; i += clients) await step(i);
  };
  const loops = Array.from({ length: clients }, (_, first) => loop(first));
  const result = await measurement();
  stopped = true;
  await Promise.all(loops);
  return result;
}
