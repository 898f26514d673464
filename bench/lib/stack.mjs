// The whole stack for one profile, each service in its own process: the four simulated
// department systems (real HTTP), the five subgraphs, our gateway, Hive Gateway on the same
// supergraph and subgraphs, and the monolith on the same department systems and CRM data.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { createRequire } from "node:module";
import { startService, waitUntil } from "./processes.mjs";

export const DEPARTMENTS = ["bif", "tmf", "kff", "okf"];
// Away from `npm start`'s ports (4000-4005, 4101-4104) so the benchmark can run beside it.
const PORTS = { gateway: 4700, bif: 4701, tmf: 4702, kff: 4703, okf: 4704, crm: 4705, hive: 4720, "hive-router": 4721, monolith: 4730 };
const SYSTEM_PORTS = { bif: 4711, tmf: 4712, kff: 4713, okf: 4714 };
// The simulated message broker: served by the simulators, not read here (the CRM's feed is off in the benchmark).
const BROKER_PORT = 4715;
// The simulated CVR register: the one that fills the cached CRM database, and the stack's own (unread).
const SEED_CVR_PORT = 4716;
const CVR_PORT = 4717;
const HOST = "127.0.0.1";
/** The simulated broker of a running stack (the live-notifications scenario turns the CRM's feed on). */
export const BROKER_URL = `http://${HOST}:${BROKER_PORT}`;
export const systemUrl = (department) => `http://${HOST}:${SYSTEM_PORTS[department]}`;
const graphqlUrl = (port) => `http://${HOST}:${port}/graphql`;
export const TARGET_URLS = {
  ours: graphqlUrl(PORTS.gateway),
  hive: graphqlUrl(PORTS.hive),
  "hive-router": graphqlUrl(PORTS["hive-router"]),
  monolith: graphqlUrl(PORTS.monolith),
};
/** Hive Gateway's two setups: its JavaScript query planner, and Hive Router's Rust one (router-runtime). */
export const HIVE_TARGETS = { hive: "gateway.config.mjs", "hive-router": "gateway.router-runtime.config.mjs" };

async function postJson(url, body, headers = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * The CRM database for a profile, seeded once and kept under bench/.cache (keyed by profile,
 * seed, now and the migrations), then copied for each process that opens it: PGlite is
 * single-process, so the CRM subgraph and the monolith each get their own identical copy.
 */
async function seededCrmData({ root, cacheDir, profile, seed, now, baseEnv, log }) {
  const migrations = join(root, "subgraphs/crm/prisma/migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(migrations).sort()) hash.update(name);
  const key = `crm-${profile}-${seed}-${now.slice(0, 10)}-${hash.digest("hex").slice(0, 10)}`;
  const dataDir = join(cacheDir, key);
  const metaFile = join(cacheDir, `${key}.json`);
  // A cache whose fill delivered no companies (an interrupted or older fill) is filled again.
  const cachedMeta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, "utf8")) : undefined;
  if (cachedMeta && seededCompanies(cachedMeta.seededLine) > 0) return { dataDir, ...cachedMeta, cached: true };
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  log(
    `filling the CRM with the ${profile} profile into ${dataDir} (first run only): a sync from the simulated CVR register, then the demo staff`,
  );
  // As npm start fills it: companies only from the register, then the development seed step (subgraphs/crm/dev).
  const credentials = createRequire(join(root, "mocks", "package.json"))("@company-graph/mocks").DEFAULT_CVR_CREDENTIALS;
  const register = startService({
    name: "cvr-register",
    command: process.execPath,
    args: [join(root, "mocks/dist/main.js")],
    cwd: root,
    env: {
      ...baseEnv,
      SIMULATOR_PROFILE: profile,
      SIMULATOR_HOST: HOST,
      SIMULATOR_PORT_CVR: String(SEED_CVR_PORT),
      SIMULATOR_PORT_BROKER: "0",
      ...Object.fromEntries(DEPARTMENTS.map((d) => [`SIMULATOR_PORT_${d.toUpperCase()}`, "0"])),
    },
  });
  await waitUntil(register, async () => register.lines.some((line) => line.includes("CVR register (simulated) ready")), 300_000);
  const crm = startService({
    name: "crm-seed",
    command: process.execPath,
    args: [join(root, "subgraphs/crm/dev/dist/start.js")],
    cwd: join(root, "subgraphs/crm"),
    env: {
      ...baseEnv,
      PORT: "0",
      CRM_DATA_DIR: dataDir,
      SIMULATOR_PROFILE: profile,
      CVR_URL: `http://${HOST}:${SEED_CVR_PORT}`,
      CVR_USERNAME: credentials.username,
      CVR_PASSWORD: credentials.password,
    },
  });
  const seedMs = await waitUntil(crm, async () => crm.lines.some((line) => line.includes("development seed on")), 900_000);
  await crm.stop();
  await register.stop();
  const seededLine = crm.lines.find((line) => line.includes("development seed on")) ?? "";
  if (!(seededCompanies(seededLine) > 0))
    throw new Error(`the CRM's fill from the CVR register delivered no companies: ${seededLine || crm.lines.join("\n")}`);
  const meta = { seedMs, seededLine };
  writeFileSync(metaFile, JSON.stringify(meta));
  return { dataDir, ...meta, cached: false };
}

/** Companies the development seed step found (its log line: "development seed on N companies …"). */
function seededCompanies(line = "") {
  return Number(/development seed on (\d+) companies/.exec(line)?.[1] ?? 0);
}

async function assertPortsFree() {
  const { createServer } = await import("node:net");
  for (const port of [...Object.values(PORTS), ...Object.values(SYSTEM_PORTS), BROKER_PORT, SEED_CVR_PORT, CVR_PORT]) {
    await new Promise((resolve, reject) => {
      const probe = createServer().once("error", () =>
        reject(new Error(`port ${port} is in use: another benchmark still running? (the benchmark uses ${HOST}:4700-4730)`)),
      );
      probe.listen(port, HOST, () => probe.close(resolve));
    });
  }
}

export async function startStack({ root, workDir, cacheDir, profile, seed, now, credentials, targets, extraEnv = {}, log }) {
  await assertPortsFree();
  const baseEnv = { ...process.env, ...extraEnv, HOST, SIMULATOR_SEED: String(seed), SIMULATOR_NOW: now, ...credentials.env };
  const crmData = await seededCrmData({ root, cacheDir, profile, seed, now, baseEnv, log });
  const copies = {};
  for (const name of ["crm", "monolith"]) {
    copies[name] = join(workDir, `${profile}-${name}-data`);
    rmSync(copies[name], { recursive: true, force: true });
    cpSync(crmData.dataDir, copies[name], { recursive: true });
  }

  // Every service's output, for when something fails (bench/.cache is gitignored).
  const logDir = join(cacheDir, "logs", profile);
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const services = {};
  const launchers = {};
  let overrides = {};
  // BENCH_PROFILE_DIR=<dir>: every process writes a V8 CPU profile there when it stops (open in Chrome DevTools).
  const profilerArgs = (name) =>
    process.env.BENCH_PROFILE_DIR
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`, `--cpu-prof-name=${profile}-${name}.cpuprofile`]
      : [];
  const start = (name, entry, env) => {
    launchers[name] = () =>
      (services[name] = startService({
        name,
        command: process.execPath,
        args: [...profilerArgs(name), join(root, entry)],
        cwd: root,
        env: { ...baseEnv, ...env, ...overrides },
        logFile: join(logDir, `${name}.log`),
      }));
    return launchers[name]();
  };
  start("simulators", "mocks/dist/main.js", {
    SIMULATOR_PROFILE: profile,
    SIMULATOR_HOST: HOST,
    SIMULATOR_PORT_BROKER: String(BROKER_PORT),
    SIMULATOR_PORT_CVR: String(CVR_PORT),
    ...Object.fromEntries(DEPARTMENTS.map((d) => [`SIMULATOR_PORT_${d.toUpperCase()}`, String(SYSTEM_PORTS[d])])),
  });
  for (const department of DEPARTMENTS) {
    start(department, `subgraphs/${department}/dist/index.js`, {
      PORT: String(PORTS[department]),
      SOURCE_URL: systemUrl(department),
      ACCESS_LOG_URL: `http://${HOST}:${PORTS.crm}/internal/access-log`,
    });
  }
  start("crm", "subgraphs/crm/dist/index.js", { PORT: String(PORTS.crm), CRM_DATA_DIR: copies.crm, CRM_SEED: "off" });
  const subgraphUrls = Object.fromEntries(
    [...DEPARTMENTS, "crm"].map((name) => [`SUBGRAPH_${name.toUpperCase()}_URL`, graphqlUrl(PORTS[name])]),
  );
  if (targets.includes("ours"))
    start("gateway", "gateway/dist/index.js", { PORT: String(PORTS.gateway), ...subgraphUrls, ...credentials.gatewayEnv });
  const hiveTargets = Object.keys(HIVE_TARGETS).filter((target) => targets.includes(target));
  if (hiveTargets.length) {
    // The same supergraph, pointed at this run's subgraph ports.
    let supergraph = withoutTypesHiveCannotLoad(readFileSync(join(root, "schema/supergraph.graphql"), "utf8"), requireGraphql(root));
    for (const name of [...DEPARTMENTS, "crm"])
      supergraph = supergraph.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*`), `$1${graphqlUrl(PORTS[name])}`);
    const supergraphPath = join(workDir, "supergraph.graphql");
    writeFileSync(supergraphPath, supergraph);
    // No Hive or Apollo credentials may reach it: without them it reports nothing anywhere.
    const hiveEnv = Object.fromEntries(
      Object.entries({ ...baseEnv, ...credentials.hiveEnv }).filter(
        ([name]) => !/^(HIVE_|APOLLO_KEY|APOLLO_GRAPH_REF|OPENTELEMETRY)/.test(name),
      ),
    );
    hiveEnv.BENCH_SUBGRAPH_URLS = JSON.stringify(
      Object.fromEntries([...DEPARTMENTS, "crm"].map((name) => [name, graphqlUrl(PORTS[name])])),
    );
    for (const target of hiveTargets) {
      services[target] = startService({
        name: target,
        logFile: join(logDir, `${target}.log`),
        command: process.execPath,
        args: [
          join(root, "bench/hive/node_modules/@graphql-hive/gateway/dist/bin.js"),
          "supergraph",
          supergraphPath,
          "--config-path",
          join(root, "bench/hive", HIVE_TARGETS[target]),
          "--host",
          HOST,
          "--port",
          String(PORTS[target]),
        ],
        cwd: join(root, "bench/hive"),
        env: hiveEnv,
      });
    }
  }
  if (targets.includes("monolith")) {
    start("monolith", "bench/monolith/server.mjs", {
      PORT: String(PORTS.monolith),
      CRM_DATA_DIR: copies.monolith,
      ...Object.fromEntries(DEPARTMENTS.map((d) => [`SOURCE_URL_${d.toUpperCase()}`, systemUrl(d)])),
    });
  }

  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(Object.values(services).map((service) => service.stop()));
    for (const copy of Object.values(copies)) rmSync(copy, { recursive: true, force: true });
  };
  try {
    const ready = {};
    const answers = (url, headers) => async () => (await postJson(url, { query: "{ __typename }" }, headers)).status === 200;
    ready.simulators = await waitUntil(services.simulators, async () => (await fetch(`${systemUrl("okf")}/health`)).ok, 120_000);
    if (services.gateway)
      ready.gateway = await waitUntil(services.gateway, async () => (await fetch(`http://${HOST}:${PORTS.gateway}/ready`)).ok, 120_000);
    for (const target of Object.keys(HIVE_TARGETS))
      if (services[target]) ready[target] = await waitUntil(services[target], answers(TARGET_URLS[target]), 120_000);
    if (services.monolith)
      ready.monolith = await waitUntil(services.monolith, async () => (await fetch(`http://${HOST}:${PORTS.monolith}/health`)).ok, 120_000);
    /** Restarts our gateway and the five subgraphs with extra environment (the ablation's switches). */
    const restartOurs = async (env) => {
      const names = ["gateway", "crm", ...DEPARTMENTS];
      await Promise.all(names.map((name) => services[name].stop()));
      overrides = env;
      for (const name of names) launchers[name]();
      overrides = {};
      await waitUntil(services.gateway, async () => (await fetch(`http://${HOST}:${PORTS.gateway}/ready`)).ok, 120_000);
    };
    return { services, ready, crmData, stop: stopAll, restartOurs };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Hive Gateway 2.15.1 refuses the supergraph with "Multiple canonical definitions for
 * DepartmentStatisticsRecord": each department's @requires field (bifStatistics, tmfStatistics…)
 * returns that shared value type, and its computed-field isolation marks it canonical once per
 * department. No scenario reads service-level statistics, so Hive gets the supergraph without
 * them (RESULTS.md says so); everything the scenarios touch is unchanged.
 */
export const TYPES_HIVE_CANNOT_LOAD = ["ServiceLevelReport", "DepartmentStatisticsRecord", "ServiceStatisticsRecord"];

function requireGraphql(root) {
  return createRequire(join(root, "gateway", "package.json"))("graphql");
}

function withoutTypesHiveCannotLoad(sdl, graphql) {
  const { parse, print, visit, Kind } = graphql;
  const removed = new Set(TYPES_HIVE_CANNOT_LOAD);
  const namedType = (type) => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));
  return print(
    visit(parse(sdl), {
      ObjectTypeDefinition: (node) => (removed.has(node.name.value) ? null : undefined),
      FieldDefinition: (node) => (removed.has(namedType(node.type)) ? null : undefined),
    }),
  );
}

/** A simulator's admin endpoint; retried once, as an idle keep-alive socket may just have been closed. */
async function admin(url, init) {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

/** Calls that reached each department system during fn(): the simulators (at `urlOf(department)`) count them where they arrive. */
export async function countSourceCalls(fn, urlOf = systemUrl) {
  const counter = sourceCallCounter(urlOf);
  await counter.reset();
  await fn();
  return counter.read();
}

/**
 * The department systems' own request counters for a whole load run (load.mjs `sourceCalls`):
 * `settle(slowestMs)` waits as long as the slowest request took (at most 15 s), then until no
 * call has arrived for a moment, so the requests still in flight when a run ends are counted
 * with it; `read()` as countSourceCalls returns.
 */
export function sourceCallCounter(urlOf = systemUrl) {
  const read = async () => {
    const counts = { byPath: {} };
    for (const department of DEPARTMENTS) {
      const body = await (await admin(`${urlOf(department)}/__admin/requests`)).json();
      counts[department.toUpperCase()] = body.total - (body.byPath["/health"] ?? 0);
      for (const [path, n] of Object.entries(body.byPath)) if (path !== "/health") counts.byPath[`${department.toUpperCase()} ${path}`] = n;
    }
    return counts;
  };
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    read,
    reset: () => Promise.all(DEPARTMENTS.map((d) => admin(`${urlOf(d)}/__admin/requests/reset`, { method: "POST" }))),
    async settle(slowestMs = 0) {
      await pause(Math.min(slowestMs, 15_000));
      let last = -1;
      for (let attempt = 0; attempt < 40; attempt++) {
        await pause(150);
        const now = await read();
        const seen = DEPARTMENTS.reduce((sum, d) => sum + now[d.toUpperCase()], 0);
        if (seen === last) return;
        last = seen;
      }
    },
  };
}

/**
 * Our gateway's fetches to each subgraph so far, { crm: { count, seconds }, … }, from its
 * /metrics (gateway_subgraph_fetch_duration_seconds, on the public port outside production);
 * `read()` gives undefined where the gateway has no such metric.
 */
export function gatewayFetchCounter(url = `http://${HOST}:${PORTS.gateway}/metrics`) {
  return {
    async read() {
      try {
        const text = await (await admin(url)).text();
        const fetches = {};
        for (const [, kind, subgraph, value] of text.matchAll(
          /^gateway_subgraph_fetch_duration_seconds_(sum|count)\{subgraph="([^"]+)"\} (\S+)$/gm,
        )) {
          (fetches[subgraph] ??= { count: 0, seconds: 0 })[kind === "sum" ? "seconds" : "count"] = Number(value);
        }
        return Object.keys(fetches).length ? fetches : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** The simulators keep every request they count: forget them between load runs. */
export async function resetSourceCounters() {
  await Promise.all(DEPARTMENTS.map((d) => admin(`${systemUrl(d)}/__admin/requests/reset`, { method: "POST" })));
}

export { postJson };
