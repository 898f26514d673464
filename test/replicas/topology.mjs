#!/usr/bin/env node
// Starts the replica topology (bench/lib/replicas.mjs) for the topology test, which runs under
// Jest and cannot import ES modules: prints one line `READY <json>` when it is up, stops
// everything when its stdin closes (the test ended or died) or on SIGTERM.
//   node test/replicas/topology.mjs <work dir> <SIMULATOR_NOW>
import { createRequire } from "node:module";
import { join } from "node:path";
import { benchCredentials } from "../../bench/lib/auth.mjs";
import { startReplicaTopology } from "../../bench/lib/replicas.mjs";

const root = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");
const [workDir, now] = process.argv.slice(2);
if (!workDir || !now) throw new Error("usage: topology.mjs <work dir> <SIMULATOR_NOW>");
const requireFromGateway = createRequire(join(root, "gateway", "package.json"));
const kit = requireFromGateway(join(root, "packages/kit/dist/auth"));
kit.requireFromGateway = requireFromGateway;
const credentials = benchCredentials(kit, join(root, "gateway/dist"), workDir);

const aborted = new AbortController();
// The answers are compared, not timed: no fetch may time out on a loaded machine.
// WEBHOOK_ENDPOINTS: the golden RegisterWebhook names http://127.0.0.1, as in development.
const env = { SOURCE_TIMEOUT_MS: "60000", SUBGRAPH_TIMEOUT_MS: "60000", REQUEST_DEADLINE_MS: "120000", WEBHOOK_ENDPOINTS: "loopback" };
const starting = startReplicaTopology({ root, workDir, now, credentials, env, signal: aborted.signal, log: (line) => console.error(line) });
const stop = async (code) => {
  aborted.abort();
  const topology = await starting.catch(() => undefined);
  await topology?.stop().catch((error) => console.error(error));
  process.exit(code);
};
process.stdin.on("end", () => stop(0));
process.stdin.resume();
process.on("SIGTERM", () => stop(0));
try {
  const topology = await starting;
  const pids = Object.fromEntries(topology.services.map((service) => [service.name, service.pid]));
  console.log(
    `READY ${JSON.stringify({ gatewayUrl: topology.gatewayUrl, systemUrls: topology.systemUrls, issuerDir: join(workDir, "dev-issuer"), logDir: topology.logDir, balancerStatsUrl: topology.balancerStatsUrl, pids })}`,
  );
} catch (error) {
  console.error(error.stack ?? String(error));
  await stop(1);
}
