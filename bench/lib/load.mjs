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
 * before and after the measured run, so it covers exactly the requests counted.
 */
export async function measure({ url, bodies, headers, connections, warmupSeconds, durationSeconds, processes }) {
  let next = Math.floor(Math.random() * bodies.length);
  const requests = [{ method: "POST", setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }];
  const common = { url, connections, headers: { "content-type": "application/json", ...headers }, requests };
  if (warmupSeconds > 0) await run({ ...common, duration: warmupSeconds });
  const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const { result, latencies } = await run({ ...common, duration: durationSeconds });
  latencies.sort((a, b) => a - b);
  const cpuMsPerRequest = {};
  for (const [name, pid] of Object.entries(processes)) {
    const used = cpuSeconds(pid) - before[name];
    cpuMsPerRequest[name] = result.requests.total > 0 ? (used * 1000) / result.requests.total : 0;
  }
  return {
    rps: result.requests.total / durationSeconds,
    total: result.requests.total,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuMsPerRequest,
  };
}
