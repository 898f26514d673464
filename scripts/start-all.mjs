#!/usr/bin/env node
// `npm start`: the whole graph on embedded defaults, each service in its own process as a
// deployment runs them — four department simulators and the CVR register (simulated), five
// subgraphs, the gateway. The CRM gets its companies the way production does, by syncing them
// from the register (CVR_URL); its development entry then adds the demo staff (dev/start.ts).
// No database server is needed (the CRM uses embedded PGlite). Ctrl-C stops everything.
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { OFFLINE_ENV } from "./offline-env.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const host = process.env.HOST ?? "127.0.0.1";
// One ports table (packages/domain/src/ports.ts) for these and the services' own defaults.
const { DEFAULT_PORTS, DEPARTMENTS } = createRequire(join(root, "packages", "domain", "package.json"))("@company-graph/domain");
const gatewayPort = Number(process.env.GATEWAY_PORT ?? DEFAULT_PORTS.gateway);
const crmPort = DEFAULT_PORTS.crm;
// The simulated world is generated relative to today, so open cases and expiring permits are
// current; the CRM's demo staff come from the same world (same seed, same "now").
const today = new Date();
const simulatorNow =
  process.env.SIMULATOR_NOW ?? new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())).toISOString();
// The gateway signs every subgraph request with a key pair made for this run; the subgraphs get
// its public half and refuse anything else. (User tokens come from the development issuer.)
const gatewayKeys = generateKeyPairSync("ec", { namedCurve: "P-256" });
// The explorer's "Act as" picker offers real employees of the world the CRM is seeded from.
const { demoUsers, generateWorld, DEFAULT_CVR_CREDENTIALS } = createRequire(join(root, "mocks", "package.json"))("@company-graph/mocks");
const demoWorld = generateWorld({
  profile: process.env.SIMULATOR_PROFILE ?? "small",
  seed: Number(process.env.SIMULATOR_SEED ?? 2014),
  now: simulatorNow,
});
const gatewayPublicKey = gatewayKeys.publicKey.export({ type: "spki", format: "pem" });
// The departments sign their access-log batches and the CRM checks them with a secret made for this run.
const accessLogSecret = randomBytes(32).toString("base64url");
const baseEnv = {
  ...process.env,
  ...OFFLINE_ENV,
  HOST: host,
  SIMULATOR_NOW: simulatorNow,
  GATEWAY_PUBLIC_KEY: gatewayPublicKey,
  ACCESS_LOG_URL: `http://${host}:${crmPort}/internal/access-log`,
  ACCESS_LOG_SECRET: accessLogSecret,
};
// The simulated register's system-to-system access, as the CRM would get it from Erhvervsstyrelsen.
const cvrPort = Number(process.env.SIMULATOR_PORT_CVR || DEFAULT_PORTS.cvrRegister);
const cvrUrl = `http://${host}:${cvrPort}`;
const cvrCredentials = {
  username: process.env.SIMULATOR_CVR_USERNAME || DEFAULT_CVR_CREDENTIALS.username,
  password: process.env.SIMULATOR_CVR_PASSWORD || DEFAULT_CVR_CREDENTIALS.password,
};
// The web workspace's build; a clone built before it existed starts without it rather than not at all.
const webAppDir = join(root, "web", "dist");
const webAppBuilt = existsSync(join(webAppDir, "index.html"));
// The departments' business events: the simulated broker in the simulators' process by default;
// CASE_EVENTS_URL=amqp://guest:guest@127.0.0.1:5672 sends them through RabbitMQ instead.
const caseEventsUrl = process.env.CASE_EVENTS_URL || `http://${host}:${DEFAULT_PORTS.broker}`;

const services = [
  {
    name: "simulators",
    entry: "mocks/dist/main.js",
    env: {
      SIMULATOR_HOST: host,
      SIMULATOR_PORT_CVR: String(cvrPort),
      SIMULATOR_CASE_EVENTS_AMQP_URL: caseEventsUrl.startsWith("amqp:") ? caseEventsUrl : "",
    },
  },
  ...DEPARTMENTS.map((department) => ({
    name: department.toLowerCase(),
    entry: `subgraphs/${department.toLowerCase()}/dist/index.js`,
    env: { PORT: String(DEFAULT_PORTS.subgraphs[department]), SOURCE_URL: `http://${host}:${DEFAULT_PORTS.systems[department]}` },
  })),
  // The CRM syncs from the simulated register once it listens (the first run is the initial load)
  // and subscribes to the departments' business events: each change goes into the company's
  // history, and a case closed in a department system gets its survey.
  {
    name: "crm",
    entry: "subgraphs/crm/dev/dist/start.js",
    cwd: "subgraphs/crm",
    after: "simulators",
    env: {
      PORT: String(crmPort),
      CASE_EVENTS_URL: caseEventsUrl,
      WEBHOOK_ENDPOINTS: process.env.WEBHOOK_ENDPOINTS || "loopback",
      CVR_URL: cvrUrl,
      CVR_USERNAME: cvrCredentials.username,
      CVR_PASSWORD: cvrCredentials.password,
    },
  },
  {
    name: "gateway",
    entry: "gateway/dist/index.js",
    env: {
      PORT: String(gatewayPort),
      GATEWAY_SIGNING_KEY: gatewayKeys.privateKey.export({ type: "pkcs8", format: "pem" }),
      EXPLORER_DEMO_USERS: JSON.stringify(demoUsers(demoWorld)),
      // Virksomhedsoverblik, the web workspace (web/, built by `npm ci`'s prepare), on the gateway's origin.
      ...(webAppBuilt ? { WEB_APP_DIR: webAppDir } : {}),
      ...Object.fromEntries(
        DEPARTMENTS.map((department) => [`SUBGRAPH_${department}_URL`, `http://${host}:${DEFAULT_PORTS.subgraphs[department]}/graphql`]),
      ),
      SUBGRAPH_CRM_URL: `http://${host}:${crmPort}/graphql`,
      // The CRM's "new notification for X" for the live streams, on the case events' broker (the CRM's default too).
      NOTIFICATION_SIGNALS_URL: caseEventsUrl,
    },
  },
];

const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : null))).then(() =>
    process.exit(code),
  );
}

// What start-up waits for in the services' output: the register listening before the CRM starts
// (its first sync runs at once), and the CRM's initial load and demo staff before "ready".
const milestones = {
  simulators: { pattern: /CVR register \(simulated\) ready/ },
  synced: { pattern: /synced (\d+) companies and (\d+) production units from the CVR register/ },
  seeded: { pattern: /development seed on (\d+) companies from the CVR register/ },
};
for (const milestone of Object.values(milestones)) milestone.reached = new Promise((resolve) => (milestone.resolve = resolve));
function watch(line) {
  for (const milestone of Object.values(milestones)) {
    const match = milestone.pattern.exec(line);
    if (match) milestone.resolve(match);
  }
}

function launch(service) {
  const child = spawn(process.execPath, [join(root, service.entry)], {
    cwd: join(root, service.cwd ?? join(dirname(service.entry), "..")),
    env: { ...baseEnv, ...service.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = `[${service.name}]`.padEnd(13);
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream.on("data", (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop();
      for (const line of lines) {
        watch(line);
        console.log(`${prefix}${line}`);
      }
    });
  }
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${prefix}exited (${signal ?? code}); stopping everything`);
      stopAll(1);
    }
  });
  children.push(child);
}

for (const service of services) {
  if (service.after) milestones[service.after].reached.then(() => stopping || launch(service));
  else launch(service);
}

process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

const gatewayUrl = `http://${host}:${gatewayPort}/graphql`;
const readyUrl = `http://${host}:${gatewayPort}/ready`;
const workspaceUrl = `http://${host}:${gatewayPort}/app/`;
const started = Date.now();
// The café of the demo data (mocks/generator/showcase.ts): cases in KFF, OKF and TMF.
const showcaseCvr = "36509120";

// On a fresh clone the CRM creates its database and loads the whole register first.
const STARTUP_BUDGET_MS = 180_000;

async function gatewayReady() {
  while (!stopping && Date.now() - started < STARTUP_BUDGET_MS) {
    try {
      if ((await fetch(readyUrl)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

async function waitUntilReady() {
  const timeout = new Promise((resolve) => setTimeout(() => resolve(false), STARTUP_BUDGET_MS).unref());
  const synced = await Promise.race([milestones.synced.reached, timeout]);
  const seeded = synced && (await Promise.race([milestones.seeded.reached, timeout]));
  if (stopping) return;
  if (!seeded || !(await gatewayReady())) {
    if (stopping) return;
    console.error(
      `Company Graph did not become ready within ${STARTUP_BUDGET_MS / 1000} s (${synced ? "the gateway is not ready" : "the CRM has not synced from the CVR register"})`,
    );
    stopAll(1);
    return;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
The CRM synced ${synced[1]} companies and ${synced[2]} production units from the CVR register (simulated, ${cvrUrl}); it holds ${seeded[1]}.
Company Graph is ready after ${seconds}s: ${gatewayUrl}
${webAppBuilt ? `Virksomhedsoverblik (the web workspace): ${workspaceUrl}  (log ind som en demobruger)` : "Virksomhedsoverblik (the web workspace) is not built: npx turbo run build --filter=@company-graph/web, then npm start again"}

Every request needs a token. Mint one for a demo user of each role (development issuer):

  npm run -s token -- --role KEY_ACCOUNT_MANAGER      # also FRONT_OFFICE, ANALYST, AUDITOR, PARTNER
  npm run -s token -- --role CASEWORKER --department KFF

Try it (a café with cases in KFF, OKF and TMF, and its facts from the CVR register):

TOKEN=$(npm run -s token -- --role KEY_ACCOUNT_MANAGER)
curl -s ${gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
  -d '{"query":"{ company(cvr: \\"${showcaseCvr}\\") { cvr name register { status foundedOn address { street city } } cases(first: 5) { totalCount edges { node { id department title progress } } } } }"}'

Ctrl-C stops everything.`);
}
waitUntilReady();
