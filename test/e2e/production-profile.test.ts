import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { Client } from "pg";
import { generateSigningKey, publicJwkOf } from "@company-graph/kit/auth";
import { issuerFromKey, mintUserToken, READINESS_CACHE_MS } from "@company-graph/gateway";
import { DEFAULT_CVR_CREDENTIALS, generateWorld } from "@company-graph/mocks";
import { demoIdentity } from "../harness/identities";
import { freePort } from "../harness/free-port";

/**
 * The production profile as a deployment runs it: every service its own process from the built
 * dist/ entry points, NODE_ENV=production, the CRM on PostgreSQL (a fresh database on the
 * machine's server), user tokens from a configured JWKS. Without PostgreSQL it fails in CI and
 * is reported as skipped (never as passed) on a developer machine.
 */
const ROOT = join(__dirname, "..", "..");
const HOST = "127.0.0.1";
const PG = {
  host: process.env.PGHOST ?? HOST,
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? process.env.USER ?? "postgres",
  password: process.env.PGPASSWORD,
};
const NOW = "2026-11-01T00:00:00.000Z";
const CAFE = "36509120";
const COMPANY_VIEW = readFileSync(join(ROOT, "test", "operations", "CompanyView.graphql"), "utf8");
const SUBGRAPHS = ["bif", "tmf", "kff", "okf"] as const;

/** Probed synchronously: whether the suite runs or is skipped must be known when it is declared. */
function postgresReachable(): boolean {
  const probe = `const { Client } = require("pg"); const c = new Client(${JSON.stringify({ ...PG, database: "postgres", connectionTimeoutMillis: 2_000 })});
    c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));`;
  return spawnSync(process.execPath, ["-e", probe], { cwd: __dirname, timeout: 5_000, stdio: "ignore" }).status === 0;
}

async function onPostgres(sql: string): Promise<void> {
  const client = new Client({ ...PG, database: "postgres" });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Service {
  name: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

const services: Service[] = [];

function start(name: string, entry: string, env: Record<string, string>): Service {
  const child = spawn(process.execPath, [join(ROOT, entry)], {
    cwd: join(ROOT, entry, "..", ".."),
    // Only what a deployment would set: no test-runner variables leak into the services.
    env: {
      PATH: process.env.PATH ?? "",
      APOLLO_TELEMETRY_DISABLED: "true",
      CHECKPOINT_DISABLE: "1",
      DO_NOT_TRACK: "1",
      NODE_ENV: "production",
      HOST,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const service = { name, child, output, exited };
  services.push(service);
  return service;
}

async function stopAll(): Promise<void> {
  for (const { child } of services) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  // A safety net, not an assertion: a service that ignores SIGTERM must not keep the run alive.
  const deadline = setTimeout(() => services.forEach(({ child }) => child.exitCode === null && child.kill("SIGKILL")), 10_000);
  await Promise.all(services.map((service) => service.exited));
  clearTimeout(deadline);
}

function describeServices(): string {
  return services
    .map((service) => `--- ${service.name} (exit ${service.child.exitCode})\n${service.output.join("").slice(-3_000)}`)
    .join("\n");
}

/** Resolves once the service has logged a match, checked as its output arrives; fails when it ends first. */
function waitForOutput(service: Service, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const streams = [service.child.stdout!, service.child.stderr!];
    const settle = (outcome: () => void) => {
      for (const stream of streams) stream.off("data", check);
      service.child.off("close", ended);
      outcome();
    };
    const check = () => {
      if (pattern.test(service.output.join(""))) settle(resolve);
    };
    // "close", not "exit": the output is complete by then.
    const ended = () => settle(() => reject(new Error(`${service.name} ended without logging ${pattern}:\n${describeServices()}`)));
    for (const stream of streams) stream.on("data", check);
    service.child.once("close", ended);
    check();
  });
}

/**
 * Resolves once every service has logged that it listens ("… ready at <url>"; the simulators log
 * their CVR register last) and the gateway then reports ready. The gateway is ready when every
 * subgraph answers a probe query within a second, and a subgraph that has just started can miss
 * that on a loaded machine (its first GraphQL request is its slowest). So /ready is asked again,
 * as a Kubernetes readiness probe would, each time the gateway can have a fresh answer: it reuses
 * one for READINESS_CACHE_MS. A gateway still unready after READINESS_ATTEMPTS answers fails the
 * run with what its ops listener says of each subgraph.
 */
async function waitUntilReady(gatewayReadyUrl: string, simulators: Service): Promise<void> {
  await Promise.all(
    services.map((service) => waitForOutput(service, service === simulators ? /CVR register \(simulated\) ready at / : / ready at /)),
  );
  for (let attempt = 1; ; attempt++) {
    const ready = await fetch(gatewayReadyUrl);
    if (ready.ok) return;
    if (attempt === READINESS_ATTEMPTS || gateway.child.exitCode !== null) {
      const detail = await fetch(`${opsUrl}/ready`).then(
        (answer) => answer.text(),
        (error: Error) => error.message,
      );
      throw new Error(
        `${gatewayReadyUrl} answered ${ready.status} ${attempt} times with every service listening; ${opsUrl}/ready: ${detail}\n${describeServices()}`,
      );
    }
    await delay(READINESS_CACHE_MS);
  }
}
/** Answers of /ready before the gateway counts as never becoming ready: 20 fresh answers, 40 s. */
const READINESS_ATTEMPTS = 20;

const reachable = postgresReachable();
if (!reachable && process.env.CI)
  throw new Error(`PostgreSQL is not reachable at ${PG.host}:${PG.port} as ${PG.user}; CI must run the production profile`);
const describeIfPostgres = reachable ? describe : describe.skip;
const database = `cg_prod_${randomBytes(6).toString("hex")}`;
let gateway: Service;
let crm: Service;
let tmf: Service;
let gatewayUrl: string;
/** The gateway's ops listener (/metrics and the detailed /ready). */
let opsUrl: string;
let simulatorPorts: Record<string, number>;
let token: string;

beforeAll(async () => {
  if (!reachable) return;
  await onPostgres(`CREATE DATABASE "${database}"`);
  const databaseUrl = `postgresql://${encodeURIComponent(PG.user)}${PG.password ? `:${encodeURIComponent(PG.password)}` : ""}@${PG.host}:${PG.port}/${database}`;

  const ports = {
    gateway: await freePort(),
    ops: await freePort(),
    crm: await freePort(),
    ...Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, await freePort()]))),
  } as Record<string, number>;
  simulatorPorts = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, await freePort()])));
  const brokerPort = await freePort();
  const cvrPort = await freePort();
  const gatewayKeys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const userIssuerKey = generateSigningKey("prod-users");
  const jwksPath = join(mkdtempSync(join(tmpdir(), "cg-prod-")), "jwks.json");
  writeFileSync(jwksPath, JSON.stringify({ keys: [publicJwkOf(userIssuerKey)] }));
  const issuer = issuerFromKey(userIssuerKey, "https://login.example/company-graph", "company-graph-prod");
  token = mintUserToken(demoIdentity(generateWorld({ profile: "small", now: NOW }), "KEY_ACCOUNT_MANAGER"), issuer);

  const subgraphSecurity = {
    GATEWAY_PUBLIC_KEY: gatewayKeys.publicKey.export({ type: "spki", format: "pem" }).toString(),
    ACCESS_LOG_URL: `http://${HOST}:${ports.crm}/internal/access-log`,
    ACCESS_LOG_SECRET: randomBytes(32).toString("base64url"),
  };
  const simulators = start("simulators", "mocks/dist/main.js", {
    SIMULATOR_NOW: NOW,
    SIMULATOR_HOST: HOST,
    SIMULATOR_PORT_BROKER: String(brokerPort),
    SIMULATOR_PORT_CVR: String(cvrPort),
    ...Object.fromEntries(SUBGRAPHS.map((name) => [`SIMULATOR_PORT_${name.toUpperCase()}`, String(simulatorPorts[name])])),
  });
  // Companies come only from the register, as in production: the simulated one, with its credentials.
  const cvr = {
    CVR_URL: `http://${HOST}:${cvrPort}`,
    CVR_USERNAME: DEFAULT_CVR_CREDENTIALS.username,
    CVR_PASSWORD: DEFAULT_CVR_CREDENTIALS.password,
  };
  crm = start("crm", "subgraphs/crm/dist/index.js", {
    PORT: String(ports.crm),
    DATABASE_URL: databaseUrl,
    CASE_EVENTS_URL: `http://${HOST}:${brokerPort}`,
    CASE_EVENTS_INTERVAL_MS: "200",
    ...cvr,
    ...subgraphSecurity,
  });
  for (const name of SUBGRAPHS) {
    const service = start(name, `subgraphs/${name}/dist/index.js`, {
      PORT: String(ports[name]),
      SOURCE_URL: `http://${HOST}:${simulatorPorts[name]}`,
      ...subgraphSecurity,
    });
    if (name === "tmf") tmf = service;
  }
  gateway = start("gateway", "gateway/dist/index.js", {
    PORT: String(ports.gateway),
    // A free port, not the default 9400: another production gateway on this machine may hold it.
    OPS_PORT: String(ports.ops),
    GATEWAY_SIGNING_KEY: gatewayKeys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    AUTH_JWKS_PATH: jwksPath,
    AUTH_ISSUER: issuer.trust.issuer,
    AUTH_AUDIENCE: issuer.trust.audience,
    ...Object.fromEntries(
      ["crm", ...SUBGRAPHS].map((name) => [`SUBGRAPH_${name.toUpperCase()}_URL`, `http://${HOST}:${ports[name]}/graphql`]),
    ),
  });
  gatewayUrl = `http://${HOST}:${ports.gateway}`;
  opsUrl = `http://${HOST}:${ports.ops}`;
  await waitUntilReady(`${gatewayUrl}/ready`, simulators);
  await waitForOutput(crm, /synced \d+ companies and \d+ production units from the CVR register/);
}, 120_000);

afterAll(async () => {
  await stopAll();
  if (reachable) await onPostgres(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
}, 30_000);

function companyView(): Promise<Response> {
  return fetch(`${gatewayUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: COMPANY_VIEW, variables: { cvr: CAFE } }),
  });
}

describeIfPostgres(
  `the production profile (separate processes, NODE_ENV=production, PostgreSQL${reachable ? "" : `: skipped, nothing answers on ${PG.host}:${PG.port}`})`,
  () => {
    it("answers the company view with the CRM on PostgreSQL and every department complete", async () => {
      const body = (await (await companyView()).json()) as { data?: any; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data.company.cvr).toBe(CAFE);
      expect(body.data.company.cases.totalCount).toBeGreaterThan(0);
      expect(body.data.company.cases.incompleteDepartments).toEqual([]);
      expect(crm.output.join("")).toContain(`PostgreSQL ${PG.host}:${PG.port}/${database}`);
    });

    it("serves neither introspection nor the explorer, and logs JSON lines", async () => {
      const introspection = await fetch(`${gatewayUrl}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "{ __schema { types { name } } }" }),
      });
      expect(JSON.stringify(await introspection.json())).toMatch(/introspection/i);
      expect((await fetch(`${gatewayUrl}/`, { headers: { accept: "text/html" } })).status).toBe(404);
      const gatewayLines = gateway.output.join("").split("\n").filter(Boolean);
      expect(gatewayLines.length).toBeGreaterThan(0);
      for (const line of gatewayLines) expect(() => JSON.parse(line)).not.toThrow();
    });

    it("issues the survey for a case closed in a department system, through the message broker", async () => {
      const tmfCases = (await (await fetch(`http://${HOST}:${simulatorPorts.tmf}/cases?cvr=${CAFE}`)).json()) as {
        items: { id: string; closedAt: string | null }[];
      };
      const open = tmfCases.items.find((sourceCase) => !sourceCase.closedAt)!;
      expect((await fetch(`http://${HOST}:${simulatorPorts.tmf}/__admin/cases/${open.id}/close`, { method: "POST" })).status).toBe(200);
      const invitations = async () => {
        const response = await fetch(`${gatewayUrl}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: `query($cvr: ID!) { company(cvr: $cvr) { surveyInvitations { caseId } } }`,
            variables: { cvr: CAFE },
          }),
        });
        return (
          (await response.json()) as { data: { company: { surveyInvitations: { caseId: string | null }[] } } }
        ).data.company.surveyInvitations.filter((invitation) => invitation.caseId === open.id);
      };
      // The CRM reads the broker on its own interval and logs each event it applies.
      await waitForOutput(crm, new RegExp(`^(?=.*"msg":"hændelse anvendt")(?=.*"objectId":"${open.id}").*$`, "m"));
      expect(await invitations()).toHaveLength(1);
    });

    /** The department's system holds its answers until `release`: a subgraph fetch stays in flight exactly as long as the test needs. */
    async function holdAnswers(department: (typeof SUBGRAPHS)[number]): Promise<{ release: () => Promise<void> }> {
      const faults = `http://${HOST}:${simulatorPorts[department]}/__admin/faults`;
      await fetch(faults, { method: "POST", body: JSON.stringify({ hold: true }) });
      return { release: async () => void (await fetch(faults, { method: "POST", body: "{}" })) };
    }

    /** Resolves once the department's system has received a request since `reset`: the subgraph's fetch is then in flight. */
    async function requestInFlightAt(department: (typeof SUBGRAPHS)[number]): Promise<{ arrived: Promise<void> }> {
      const admin = `http://${HOST}:${simulatorPorts[department]}/__admin/requests`;
      await fetch(`${admin}/reset`, { method: "POST" });
      const arrived = (async () => {
        // Health checks (the gateway's /ready) are no part of the operation.
        const dataRequests = async () =>
          Object.entries(((await (await fetch(admin)).json()) as { byPath: Record<string, number> }).byPath).filter(
            ([path]) => path !== "/health",
          ).length;
        while ((await dataRequests()) === 0) await new Promise((resolve) => setImmediate(resolve));
      })();
      return { arrived };
    }

    it("drains a subgraph: the fetch in flight at SIGTERM completes, then the process exits 0", async () => {
      // The TMF system holds its answer, so the gateway's TMF index fetch is in flight in the TMF subgraph.
      const tmfSystem = await holdAnswers("tmf");
      const { arrived } = await requestInFlightAt("tmf");
      const inFlight = companyView();
      await arrived;
      tmf.child.kill("SIGTERM");
      await waitForOutput(tmf, /signal received, draining in-flight requests/);
      await tmfSystem.release();
      const body = (await (await inFlight).json()) as { data?: any };
      // TMF's index reached the CRM's merge: the in-flight fetch was answered, not cut off.
      expect(body.data.company.cases.incompleteDepartments).toEqual([]);
      expect(await tmf.exited).toBe(0);
      // The operation's later fetch to TMF (completing case references) met a stopped process:
      // with one replica that is expected; behind a load balancer it goes to another one.
    });

    it("drains the gateway: unready from SIGTERM on, the request in flight gets its whole answer, then the process exits 0", async () => {
      const kffSystem = await holdAnswers("kff");
      const { arrived } = await requestInFlightAt("kff");
      const inFlight = companyView();
      await arrived;
      gateway.child.kill("SIGTERM");
      await waitForOutput(gateway, /signal received, draining in-flight requests/);
      // While the request drains: no new connection on the public port, and /ready says why to whoever watches the ops port.
      await expect(fetch(`${gatewayUrl}/ready`)).rejects.toThrow();
      const readiness = await fetch(`${opsUrl}/ready`);
      expect({ status: readiness.status, body: await readiness.json() }).toEqual({ status: 503, body: { ready: false, draining: true } });
      await kffSystem.release();
      const response = await inFlight;
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data?: any };
      expect(body.data.company.cvr).toBe(CAFE);
      expect(body.data.company.cases.incompleteDepartments).not.toContain("KFF");
      expect(await gateway.exited).toBe(0);
      await expect(fetch(`${gatewayUrl}/health`)).rejects.toThrow();
    });
  },
);
