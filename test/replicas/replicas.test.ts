import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { documentId, ensureDevIssuer, mintUserToken } from "@company-graph/gateway";
import { generateWorld } from "@company-graph/mocks";
import { startGraph, type Graph, type GraphQLResponse } from "../harness/graph";
import { demoIdentity, type Actor } from "../harness/identities";
import { partnerFeedGrant } from "../harness/partner-grants";

/**
 * No answer and no count of source calls depends on which replica serves a
 * fetch. Two gateways and two replicas of every subgraph behind HAProxy, round-robin per request
 * (bench/lib/replicas.mjs, started by topology.mjs), the CRM replicas on one PostgreSQL database,
 * per-operation state in Redis; against the one-process graph of every other test
 * (test/harness/graph.ts) on the same world. HAProxy comes from `node scripts/ensure-haproxy.mjs`
 * (the test script and CI run it); without it, PostgreSQL or Redis this suite fails, never skips.
 * Last, one replica of each tier is SIGKILLed under load: no answer may be incomplete beyond the
 * requests in flight on the killed process, as HAProxy's statistics count them at the kill.
 */
const ROOT = join(__dirname, "..", "..");
const OPERATIONS = join(ROOT, "test", "operations");
// The processes read the real clock and the harness the world's "now": answers agree to the day
// (permit status and days left are counted in UTC days), so the world is today's.
const today = new Date();
const NOW = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())).toISOString();
const world = generateWorld({ profile: "small", now: NOW });

const bifPersonalCase = world.cases.BIF.find((c) => c.caseType === "sick-pay-refund" || c.caseType === "flex-job");
if (!bifPersonalCase) throw new Error("the small world has no BIF case with personal data");
const PROFILE_GRANT = { fields: ["Query.company", "Company.name", "Company.employees"], operations: ["CompanyProfile"] };
/** An integration partner that follows every change by the feed and webhooks (the fields its operations ask for). */
const FEED_PARTNER: Actor = { role: "PARTNER", userId: "partner-replicas", grant: partnerFeedGrant() };

interface GoldenRun {
  actor: Actor;
  variables?: Record<string, unknown>;
  /** Sent by its trusted-document hash, as an integration partner must. */
  persisted?: boolean;
  /** The code both topologies refuse it with (an id neither database has). */
  refused?: string;
}

/**
 * How each golden operation is sent (its own variables file wins), in this order: the access log
 * is read after the caseworker's read it records, the inquiry registered last.
 */
const RUNS: Record<string, GoldenRun> = {
  CompanyView: { actor: "KEY_ACCOUNT_MANAGER" },
  CompaniesSearch: { actor: "FRONT_OFFICE" },
  OutreachCandidates: { actor: "KEY_ACCOUNT_MANAGER" },
  CompanyProfile: { actor: { role: "PARTNER", grant: PROFILE_GRANT }, variables: { cvr: world.showcase.restaurant }, persisted: true },
  CaseworkerRefundCase: { actor: { role: "CASEWORKER", department: "BIF" }, variables: { cvr: bifPersonalCase.cvr } },
  AccessLog: { actor: "AUDITOR", variables: { subjectCvr: bifPersonalCase.cvr } },
  RegisterInquiry: { actor: "FRONT_OFFICE" },
  PartnerChanges: { actor: FEED_PARTNER, persisted: true },
  RegisterWebhook: { actor: FEED_PARTNER, persisted: true },
  WebhookSubscriptions: { actor: FEED_PARTNER, persisted: true },
  DisableWebhook: { actor: FEED_PARTNER, persisted: true, refused: "NOT_FOUND" },
  EnableWebhook: { actor: FEED_PARTNER, persisted: true, refused: "NOT_FOUND" },
  RotateWebhookSecret: { actor: FEED_PARTNER, persisted: true, refused: "NOT_FOUND" },
};

/** Values made where the operation runs (a new inquiry's id, moments of writing and reading, a cursor over them): compared by kind, not value. */
const GENERATED: Record<string, string[]> = {
  RegisterInquiry: ["id", "receivedAt"],
  AccessLog: ["at", "endCursor"],
  RegisterWebhook: ["id", "secret", "createdAt"],
  WebhookSubscriptions: ["id", "createdAt"],
};
function normalized(value: unknown, generated: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => normalized(item, generated));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        generated.includes(key) && typeof item === "string" ? `<${key}>` : normalized(item, generated),
      ]),
    );
  }
  return value;
}

/**
 * One operation's access-log rows (one per personal field's subject) are written concurrently by
 * the subgraphs, so rows of the same instant come in either order in both topologies: compare them
 * as a set, sorted by their content once the generated times are masked.
 */
function inWrittenOrderOrNot(name: string, body: any): unknown {
  if (name !== "AccessLog" || !Array.isArray(body?.data?.accessLog?.edges)) return body;
  const edges = [...body.data.accessLog.edges].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { ...body, data: { ...body.data, accessLog: { ...body.data.accessLog, edges } } };
}

interface Topology {
  gatewayUrl: string;
  systemUrls: Record<string, string>;
  issuerDir: string;
  logDir: string;
  /** HAProxy's statistics as CSV: each replica's requests in flight and check status. */
  balancerStatsUrl: string;
  /** Each process by name ("gateway-1", "crm-2", "kff-1", …). */
  pids: Record<string, number>;
}

/** Starts topology.mjs and resolves with its READY line; fails with its output when it exits first. */
function startTopology(workDir: string): { child: ChildProcess; ready: Promise<Topology> } {
  const child = spawn(process.execPath, [join(__dirname, "topology.mjs"), workDir, NOW], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  const errors: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => errors.push(line) > 60 && errors.shift());
  const ready = new Promise<Topology>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on(
      "line",
      (line) => line.startsWith("READY ") && resolve(JSON.parse(line.slice("READY ".length))),
    );
    child.once("exit", (code) => reject(new Error(`the replica topology exited (${code}) before it was ready:\n${errors.join("\n")}`)));
  });
  return { child, ready };
}

let graph: Graph | undefined;
let graphStarted: Promise<unknown> | undefined;
let topology: Topology;
let child: ChildProcess;
let workDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "cg-replicas-"));
  const started = startTopology(workDir);
  child = started.child;
  graphStarted = startGraph({ world, sourceTimeoutMs: 60_000, subgraphTimeoutMs: 60_000, requestDeadlineMs: 120_000 }).then(
    (started) => (graph = started),
  );
  topology = await started.ready;
  await graphStarted;
}, 900_000);

afterAll(async () => {
  const exited = child && child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : undefined;
  child?.stdin?.end();
  await exited;
  await graphStarted?.catch(() => undefined);
  await graph?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}, 60_000);

function golden(name: string): { document: string; variables: Record<string, unknown> } {
  const document = readFileSync(join(OPERATIONS, `${name}.graphql`), "utf8");
  const variablesFile = join(OPERATIONS, `${name}.variables.json`);
  const variables = readdirSync(OPERATIONS).includes(`${name}.variables.json`)
    ? JSON.parse(readFileSync(variablesFile, "utf8"))
    : (RUNS[name].variables ?? {});
  return { document, variables };
}

async function send(url: string, token: string, name: string): Promise<{ status: number; body: GraphQLResponse }> {
  const { document, variables } = golden(name);
  const body = RUNS[name].persisted
    ? { variables, extensions: { persistedQuery: { version: 1, sha256Hash: documentId(document) } } }
    : { query: document, variables };
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "replica topology test" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse };
}

const topologyToken = (actor: Actor) => mintUserToken(demoIdentity(world, actor), ensureDevIssuer(topology.issuerDir));

/** Six companies with cases in all four departments: each view of one calls every department system. */
function companiesInEveryDepartment(): string[] {
  const departmentsOf = new Map<string, Set<string>>();
  for (const [department, cases] of Object.entries(world.cases))
    for (const c of cases) departmentsOf.set(c.cvr, (departmentsOf.get(c.cvr) ?? new Set()).add(department));
  const everywhere = [...departmentsOf]
    .filter(([, departments]) => departments.size === 4)
    .map(([cvr]) => cvr)
    .slice(0, 6);
  expect(everywhere).toHaveLength(6);
  return everywhere;
}

/** Calls each department system received during fn(), counted by the simulators (health checks left out). */
async function sourceCalls(fn: () => Promise<unknown>): Promise<Record<string, number>> {
  const systems = Object.entries(topology.systemUrls);
  await Promise.all(systems.map(([, url]) => fetch(`${url}/__admin/requests/reset`, { method: "POST" })));
  await fn();
  const counts: Record<string, number> = {};
  for (const [department, url] of systems) {
    const log = (await (await fetch(`${url}/__admin/requests`)).json()) as { total: number; byPath: Record<string, number> };
    counts[department.toUpperCase()] = log.total - (log.byPath["/health"] ?? 0);
  }
  return counts;
}

describe("the replica topology (2 gateways, 2 replicas of every subgraph, HAProxy round-robin per request)", () => {
  it("runs every golden operation", () => {
    const files = readdirSync(OPERATIONS)
      .filter((file) => file.endsWith(".graphql"))
      .map((file) => file.replace(/\.graphql$/, ""));
    expect(Object.keys(RUNS).sort()).toEqual(files.sort());
  });

  it("answers every golden operation as the one-process graph does", async () => {
    for (const name of Object.keys(RUNS)) {
      const expected = await send(`${graph!.gatewayBase}/graphql`, graph!.tokenFor(RUNS[name].actor), name);
      const actual = await send(topology.gatewayUrl, topologyToken(RUNS[name].actor), name);
      const refused = RUNS[name].refused;
      expect({ name, status: actual.status, codes: actual.body.errors?.map((error) => error.extensions?.code) }).toEqual({
        name,
        status: 200,
        codes: refused ? [refused] : undefined,
      });
      const generated = GENERATED[name] ?? [];
      const comparable = (body: unknown) => ({ name, ...(inWrittenOrderOrNot(name, normalized(body, generated)) as object) });
      expect(comparable(actual.body)).toEqual(comparable(expected.body));
    }
  });

  it("calls each department system once per company view, over several views at once", async () => {
    const everywhere = companiesInEveryDepartment();
    const { document } = golden("CompanyView");
    const token = topologyToken("KEY_ACCOUNT_MANAGER");
    const calls = await sourceCalls(() =>
      Promise.all(
        everywhere.map(async (cvr) => {
          const response = await fetch(topology.gatewayUrl, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: document, variables: { cvr, first: 25 } }),
          });
          const body = (await response.json()) as GraphQLResponse;
          expect(body.errors).toBeUndefined();
          expect(body.data?.company?.cases.edges.length).toBeGreaterThan(0);
        }),
      ),
    );
    expect(calls).toEqual({ BIF: 6, TMF: 6, KFF: 6, OKF: 6 });
  });

  it("completes cases on the other replica from what the first read (Redis), without a second call", async () => {
    // The caseworker's details are BIF-only fields: a second BIF fetch (_entities) follows the case
    // index, and round-robin sends it to the other BIF replica.
    const calls = await sourceCalls(() =>
      send(topology.gatewayUrl, topologyToken(RUNS.CaseworkerRefundCase.actor), "CaseworkerRefundCase"),
    );
    expect(calls).toEqual({ BIF: 1, TMF: 1, KFF: 1, OKF: 1 });
  });
});

/** What HAProxy knows of one replica: the requests it has in flight, and its health as the checks see it (UP, DOWN, …). */
async function balancedReplica(service: string, replica: number): Promise<{ inFlight: number; status: string }> {
  const [header, ...rows] = (await (await fetch(topology.balancerStatsUrl)).text()).trim().split("\n");
  const columns = header.replace(/^# /, "").split(",");
  const row = rows
    .map((line) => line.split(","))
    .find(([backend, server]) => backend === `${service}_replicas` && server === `${service}${replica}`);
  if (!row) throw new Error(`HAProxy has no server ${service}${replica}`);
  return { inFlight: Number(row[columns.indexOf("scur")]), status: row[columns.indexOf("status")] };
}

/** Polls a state the test waits for (a count reached, a health transition); the interval only spares the two cores. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Why a company view's answer is incomplete (a department missing, company null, an error, 5xx, a socket error), or undefined when it is whole. */
async function incompleteness(response: Promise<Response>): Promise<string | undefined> {
  try {
    const answer = await response;
    const text = await answer.text();
    if (answer.status !== 200) return `HTTP ${answer.status}`;
    const body = JSON.parse(text) as GraphQLResponse;
    if (!body.data?.company) return "company: null";
    const missing = body.data.company.cases.incompleteDepartments as string[];
    if (missing.length > 0) return `missing ${missing.join(", ")}`;
    if (body.errors?.length) return `errors: ${body.errors.map((error) => error.extensions?.code).join(", ")}`;
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return `socket error: ${cause?.code ?? (error as Error).message}`;
  }
}

/** A bounded load: `concurrency` clients each sending one company view after another until stopped. */
function companyViewLoad(cvrs: string[], concurrency: number) {
  const { document } = golden("CompanyView");
  const token = topologyToken("KEY_ACCOUNT_MANAGER");
  const outcomes: (string | undefined)[] = [];
  let stopped = false;
  const view = (cvr: string) =>
    fetch(topology.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: document, variables: { cvr, first: 25 } }),
    });
  const clients = Array.from({ length: concurrency }, async (_, client) => {
    for (let n = client; !stopped; n += concurrency) outcomes.push(await incompleteness(view(cvrs[n % cvrs.length])));
  });
  return {
    answered: () => outcomes.length,
    async stop() {
      stopped = true;
      await Promise.all(clients);
      return { answers: outcomes.length, incomplete: outcomes.filter((outcome): outcome is string => outcome !== undefined) };
    },
  };
}

describe("failover: one replica of each tier SIGKILLed under load", () => {
  const CONCURRENCY = 8;
  const kffSystem = () => topology.systemUrls.kff;
  const kffDataRequests = async () => {
    const log = (await (await fetch(`${kffSystem()}/__admin/requests`)).json()) as { total: number; byPath: Record<string, number> };
    return log.total - (log.byPath["/health"] ?? 0);
  };

  /**
   * Holds the KFF system's answers, so every company view of the load stops at its KFF fetch and
   * nothing moves; reads what the victim has in flight, kills it, releases the hold, and lets the
   * load run on until HAProxy's checks have taken the victim out and as many views again as there
   * are clients have been answered after that.
   */
  async function killUnderLoad(service: "gateway" | "crm" | "kff") {
    await fetch(`${kffSystem()}/__admin/requests/reset`, { method: "POST" });
    await fetch(`${kffSystem()}/__admin/faults`, { method: "POST", body: JSON.stringify({ hold: true }) });
    const release = () => fetch(`${kffSystem()}/__admin/faults`, { method: "POST", body: "{}" });
    const load = companyViewLoad(companiesInEveryDepartment(), CONCURRENCY);
    try {
      await until(async () => (await kffDataRequests()) === CONCURRENCY);
      const replicas = [await balancedReplica(service, 1), await balancedReplica(service, 2)];
      process.kill(topology.pids[`${service}-1`], "SIGKILL");
      await release();
      await until(async () => (await balancedReplica(service, 1)).status.startsWith("DOWN"));
      const answeredAtDown = load.answered();
      await until(async () => load.answered() >= answeredAtDown + 3 * CONCURRENCY);
      return {
        inFlightOnVictim: replicas[0].inFlight,
        inFlightOnTier: replicas[0].inFlight + replicas[1].inFlight,
        ...(await load.stop()),
      };
    } finally {
      // A failed step must not leave the next test's views held.
      await release();
      await load.stop();
    }
  }

  it("a department subgraph's replica: the fetches it held are sent to the other replica, no answer is incomplete", async () => {
    const outcome = await killUnderLoad("kff");
    // Each held view had its KFF fetch in flight on one of the two replicas.
    expect(outcome.inFlightOnTier).toBe(CONCURRENCY);
    expect(outcome.inFlightOnVictim).toBeGreaterThan(0);
    expect(outcome.incomplete).toEqual([]);
  });

  it("a CRM replica: no answer is incomplete", async () => {
    const outcome = await killUnderLoad("crm");
    expect(outcome.incomplete).toEqual([]);
  });

  it("a gateway replica: only the requests in flight on it are lost", async () => {
    const outcome = await killUnderLoad("gateway");
    // Every held view was in flight on one of the two gateways.
    expect(outcome.inFlightOnTier).toBe(CONCURRENCY);
    expect(outcome.inFlightOnVictim).toBeGreaterThan(0);
    expect(outcome.incomplete).toHaveLength(outcome.inFlightOnVictim);
  });
});
