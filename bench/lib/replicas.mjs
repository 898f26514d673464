// The replica topology: two gateways and two replicas of every subgraph behind HAProxy, balanced
// round-robin per request, as a municipality would run the graph for availability. The
// departmental subgraphs and the CRM share per-operation state in Redis (REDIS_URL), the CRM
// replicas one PostgreSQL database made for this run; the department simulators are one process
// that counts the calls reaching each system. Everything on 127.0.0.1, on free ports. Used by
// the replica topology test (test/replicas) and the benchmark's replica scenario.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pollUntil, startService } from "./processes.mjs";
import { DEPARTMENTS } from "./stack.mjs";

const HOST = "127.0.0.1";
export const REPLICAS = 2;
const SERVICES = ["gateway", "crm", ...DEPARTMENTS];
export const HAPROXY_INSTALL = "node scripts/ensure-haproxy.mjs (as root: apt-get install -y haproxy)";

/**
 * Below Linux's ephemeral range (32768–60999): the processes bind these ports seconds after they are
 * chosen, and a port from that range may meanwhile become the local end of any outgoing connection
 * on the machine (to Redis, PostgreSQL, between the replicas), which failed a start with EADDRINUSE.
 */
const LISTEN_PORTS = { from: 20_000, to: 32_000 };
const chosenPorts = new Set();

async function canListen(port) {
  const server = createServer();
  const listening = await new Promise((resolve) => server.once("error", () => resolve(false)).listen(port, HOST, () => resolve(true)));
  if (listening) await new Promise((resolve) => server.close(resolve));
  return listening;
}

async function freePort() {
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const port = LISTEN_PORTS.from + Math.floor(Math.random() * (LISTEN_PORTS.to - LISTEN_PORTS.from));
    if (chosenPorts.has(port)) continue;
    chosenPorts.add(port);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port between ${LISTEN_PORTS.from} and ${LISTEN_PORTS.to} on ${HOST}`);
}

/** Fails naming the install command when HAProxy is missing: the topology never runs without it. */
export function haproxyPath() {
  const found = spawnSync("sh", ["-c", "command -v haproxy"], { encoding: "utf8" }).stdout.trim();
  if (!found) throw new Error(`HAProxy is not installed; the replica topology needs it. Install it with: ${HAPROXY_INSTALL}`);
  return found;
}

/**
 * One frontend per service, round-robin over its replicas per request: `http-server-close`
 * closes the server side after each response, so no kept-alive connection pins a client's
 * requests to one replica (Kubernetes Services would, which is why nothing may rely on it).
 *
 * A replica that dies costs only the requests it held: each replica's GET /health is checked
 * every second and two failures take it out (two successes bring it back); until then a request
 * whose connection to it fails is sent again (`retries`), to another replica (`redispatch 1`).
 * Only a failed connection is retried for a POST: the request never reached a replica. A POST
 * whose replica died after receiving it (no answer, or none in time) may have been a mutation
 * that wrote, and HAProxy cannot tell a GraphQL query from a mutation in a POST body, so it is
 * not retried here; the gateway, which knows, sends a query fetch again itself
 * (gateway/src/dead-connection-retry.ts). The gateway tier is checked on /health, not /ready: its
 * /ready asks every subgraph, so one department down would take every gateway out of the
 * balancer while they still give partial answers. A draining gateway closes its listener, which
 * fails the check and any new connection (retried on the other gateway) alike. `stats` serves
 * each replica's requests in flight (`scur`) as CSV at `<statsPort>/;csv`, for the failover test.
 */
export function haproxyConfig(frontends, backends, statsPort) {
  const lines = [
    "global",
    "  log stderr format short local0 notice",
    "defaults",
    "  mode http",
    "  log global",
    "  option http-server-close",
    "  option redispatch 1",
    "  retries 2",
    "  retry-on conn-failure empty-response response-timeout",
    "  default-server check inter 1s fall 2 rise 2",
    "  timeout connect 5s",
    "  timeout client 60s",
    "  timeout server 60s",
    "  timeout check 2s",
    "",
  ];
  lines.push("listen stats", `  bind ${HOST}:${statsPort}`, "  stats enable", "  stats uri /", "");
  for (const service of Object.keys(frontends)) {
    lines.push(`frontend ${service}`, `  bind ${HOST}:${frontends[service]}`, `  default_backend ${service}_replicas`, "");
    lines.push(
      `backend ${service}_replicas`,
      "  balance roundrobin",
      "  option httpchk GET /health",
      "  http-check expect status 200",
      "  http-request disable-l7-retry if METH_POST",
    );
    backends[service].forEach((port, index) => lines.push(`  server ${service}${index + 1} ${HOST}:${port}`));
    lines.push("");
  }
  return lines.join("\n");
}

/** Every replica as HAProxy's statistics (CSV) show it: backend, server, requests in flight (`scur`) and check status. */
export async function balancedReplicas(statsUrl) {
  const [header, ...rows] = (await (await fetch(statsUrl)).text()).trim().split("\n");
  const columns = header.replace(/^# /, "").split(",");
  const column = (row, name) => row[columns.indexOf(name)];
  return rows
    .map((line) => line.split(","))
    .filter((row) => !["FRONTEND", "BACKEND"].includes(column(row, "svname")) && column(row, "pxname") !== "stats")
    .map((row) => ({
      backend: column(row, "pxname"),
      server: column(row, "svname"),
      inFlight: Number(column(row, "scur")),
      status: column(row, "status"),
    }));
}

/** A PostgreSQL database for this run, created now and dropped by drop(); the machine's server (127.0.0.1:5432, trust). */
async function createDatabase(root, postgres) {
  const { Client } = createRequire(join(root, "subgraphs", "crm", "package.json"))("pg");
  const name = `cg_replicas_${randomBytes(6).toString("hex")}`;
  const admin = async (sql) => {
    const client = new Client({ ...postgres, database: "postgres" });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`CREATE DATABASE "${name}"`);
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${postgres.host}:${postgres.port} (user ${postgres.user}) is needed for the replica topology's CRM: ${error.message}`,
    );
  }
  const auth = `${encodeURIComponent(postgres.user)}${postgres.password ? `:${encodeURIComponent(postgres.password)}` : ""}`;
  return {
    url: `postgresql://${auth}@${postgres.host}:${postgres.port}/${name}`,
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/**
 * Starts the topology and waits until both gateways answer /ready through HAProxy and the CRM
 * holds the world. `credentials` as bench/lib/auth.mjs makes them; `now` and `seed` describe
 * the simulated world (the CRM's development seed uses the same). `env` goes to every service
 * (e.g. longer timeouts where an answer must not depend on how loaded the machine is); each
 * readiness check is polled at most `attempts` times, 100 ms apart. Aborting `signal` stops
 * whatever has started, also while it is still starting.
 */
export async function startReplicaTopology({
  root,
  workDir,
  profile = "small",
  seed = 2014,
  now,
  credentials,
  redisUrl = "redis://127.0.0.1:6379",
  postgres,
  env: extraEnv = {},
  attempts = 3_000,
  signal,
  log = () => {},
}) {
  const haproxy = haproxyPath();
  const pg = { host: HOST, port: 5432, user: process.env.PGUSER ?? "postgres", ...postgres };
  const ports = {};
  for (const service of SERVICES)
    ports[service] = { front: await freePort(), replicas: await Promise.all(Array.from({ length: REPLICAS }, freePort)) };
  const systemPorts = Object.fromEntries(
    await Promise.all([...DEPARTMENTS, "broker", "cvr"].map(async (name) => [name, await freePort()])),
  );
  const systemUrls = Object.fromEntries(DEPARTMENTS.map((d) => [d, `http://${HOST}:${systemPorts[d]}`]));
  const statsPort = await freePort();
  const statsUrl = `http://${HOST}:${statsPort}/;csv`;
  const front = (service) => `http://${HOST}:${ports[service].front}`;

  const logDir = join(workDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const services = [];
  const start = (name, entry, env) => {
    if (stopping) throw new Error(`the replica topology was stopped while ${name} was to start`);
    const service = startService({
      name,
      command: process.execPath,
      args: [join(root, entry)],
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "development",
        LOG_LEVEL: "info",
        HOST,
        SIMULATOR_SEED: String(seed),
        SIMULATOR_NOW: now,
        SIMULATOR_PROFILE: profile,
        ...credentials.env,
        ...extraEnv,
        ...env,
      },
      logFile: join(logDir, `${name}.log`),
      log: process.env.REPLICAS_VERBOSE ? log : undefined,
    });
    services.push(service);
    return service;
  };
  let stopping;
  const database = await createDatabase(root, pg);
  // One stop for everyone (the caller, an abort, a failed start), each awaiting it to the end.
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all(services.map((service) => service.stop()));
      await database.drop();
    })());
  signal?.addEventListener("abort", () => void stop(), { once: true });

  try {
    const configFile = join(workDir, "haproxy.cfg");
    writeFileSync(
      configFile,
      haproxyConfig(
        Object.fromEntries(SERVICES.map((s) => [s, ports[s].front])),
        Object.fromEntries(SERVICES.map((s) => [s, ports[s].replicas])),
        statsPort,
      ),
    );
    const balancer = startService({
      name: "haproxy",
      command: haproxy,
      args: ["-db", "-f", configFile],
      cwd: workDir,
      env: process.env,
      logFile: join(logDir, "haproxy.log"),
    });
    services.push(balancer);

    const simulators = start("simulators", "mocks/dist/main.js", {
      SIMULATOR_HOST: HOST,
      SIMULATOR_PORT_BROKER: String(systemPorts.broker),
      SIMULATOR_PORT_CVR: String(systemPorts.cvr),
      ...Object.fromEntries(DEPARTMENTS.map((d) => [`SIMULATOR_PORT_${d.toUpperCase()}`, String(systemPorts[d])])),
    });
    await pollUntil(simulators, async () => (await fetch(`${systemUrls.okf}/health`)).ok, { attempts });

    const accessLog = { ACCESS_LOG_URL: `${front("crm")}/internal/access-log` };
    const shared = { REDIS_URL: redisUrl };
    for (const department of DEPARTMENTS) {
      ports[department].replicas.forEach((port, index) =>
        start(`${department}-${index + 1}`, `subgraphs/${department}/dist/index.js`, {
          PORT: String(port),
          SOURCE_URL: systemUrls[department],
          ...accessLog,
          ...shared,
        }),
      );
    }
    // The CRM as `npm start` runs it (companies synced from the simulated CVR register, then the
    // development seed of staff). The sync is a singleton job: the first replica runs it, the
    // second serves the same database without it.
    const { DEFAULT_CVR_CREDENTIALS } = createRequire(join(root, "mocks", "package.json"))("@company-graph/mocks");
    const crmEnv = (port) => ({ PORT: String(port), DATABASE_URL: database.url, ...shared });
    const crmPrimary = start("crm-1", "subgraphs/crm/dev/dist/start.js", {
      ...crmEnv(ports.crm.replicas[0]),
      CVR_URL: `http://${HOST}:${systemPorts.cvr}`,
      CVR_USERNAME: DEFAULT_CVR_CREDENTIALS.username,
      CVR_PASSWORD: DEFAULT_CVR_CREDENTIALS.password,
    });
    await pollUntil(crmPrimary, async () => crmPrimary.lines.some((line) => line.includes("development seed")), { attempts });
    ports.crm.replicas.slice(1).forEach((port, index) => start(`crm-${index + 2}`, "subgraphs/crm/dist/index.js", crmEnv(port)));

    const subgraphUrls = Object.fromEntries(
      ["crm", ...DEPARTMENTS].map((name) => [`SUBGRAPH_${name.toUpperCase()}_URL`, `${front(name)}/graphql`]),
    );
    const gateways = ports.gateway.replicas.map((port, index) =>
      start(`gateway-${index + 1}`, "gateway/dist/index.js", { PORT: String(port), ...subgraphUrls, ...credentials.gatewayEnv, ...shared }),
    );
    // Each gateway's /ready asks every subgraph through HAProxy; both must say so.
    for (const [index, gateway] of gateways.entries())
      await pollUntil(gateway, async () => (await fetch(`http://${HOST}:${ports.gateway.replicas[index]}/ready`)).ok, { attempts });
    // Requests through HAProxy go only to replicas its checks have seen up (two passes each).
    await pollUntil(balancer, async () => (await balancedReplicas(statsUrl)).every(({ status }) => status.startsWith("UP")), { attempts });
    for (const service of services) if (!service.isRunning()) throw new Error(`${service.name} exited:\n${service.lines.join("\n")}`);
    return { gatewayUrl: `${front("gateway")}/graphql`, systemUrls, services, stop, logDir, balancerStatsUrl: statsUrl };
  } catch (error) {
    await stop();
    throw error;
  }
}
