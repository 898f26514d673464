/**
 * An overall deadline per client request, so slow subgraph fetches in sequence cannot add up
 * past it; in production /metrics and the detailed /ready only on the ops listener, the public
 * port keeping /health and the plain /ready status that the Kubernetes probes use (deploy/base/gateway.yaml); a partner's own document refused before any
 * parse, validation or limit (trusted documents before expensive work).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSigningKey, publicJwkOf } from "@company-graph/kit/auth";
import { startGraph, type Graph } from "../harness/graph";
import { freePort } from "../harness/free-port";

const ROOT = join(__dirname, "..", "..");
const HOST = "127.0.0.1";

describe("the development gateway: request deadline, partners' documents, the login hint, one port", () => {
  // The subgraph timeout alone would let the hung KFF fetch take 20 s after the CRM's slow answer;
  // each fetch may use half of what is left of the deadline, so the CRM and the other departments
  // still answer after it.
  const REQUEST_DEADLINE_MS = 3_000;
  /** The deadline's clock: the test moves it while the CRM's answer is held, instead of the CRM taking that long. */
  let requestClock = 0;
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph({ subgraphTimeoutMs: 20_000, requestDeadlineMs: REQUEST_DEADLINE_MS, requestClock: () => requestClock });
  });
  afterAll(() => graph?.stop());

  const companyView = () =>
    graph.query(
      `query($cvr: ID!) { company(cvr: $cvr) { cvr name cases(first: 100) { totalCount incompleteDepartments edges { node { id department } } } } }`,
      { cvr: graph.world.showcase.manufacturer },
    );

  it("cuts a hung fetch after a slow one at its share of the deadline, naming its department; the company stays", async () => {
    // Warm: a fresh process plans the operation first.
    for (let attempt = 0; attempt < 5 && (await companyView()).errors; attempt++);
    expect((await companyView()).errors).toBeUndefined();

    await graph.hangSubgraph("kff");
    // The CRM's answer comes a second late by the deadline's clock: the hung KFF fetch after it
    // has half of the 2 s left.
    const crmAnswers = graph.holdSubgraphResponses("crm");
    const answered = companyView();
    await crmAnswers.held;
    requestClock += 1_000;
    crmAnswers.release();
    const response = await answered;
    expect(response.data?.company).toMatchObject({ cvr: graph.world.showcase.manufacturer, cases: { incompleteDepartments: ["KFF"] } });
    for (const edge of response.data?.company.cases.edges ?? []) expect(edge.node.department).not.toBe("KFF");
    expect(response.errors?.length).toBeGreaterThan(0);
    for (const error of response.errors ?? []) {
      expect(error.extensions).toMatchObject({ code: "SUBGRAPH_TIMEOUT", subgraph: "kff", department: "KFF" });
      // The request's deadline, not the subgraph's 20 s timeout, ended the fetch.
      expect(error.message).toMatch(/deadline/);
    }
    await graph.restartSubgraph("kff");
  });

  it("refuses a partner's own document before parsing, validating or measuring it", async () => {
    const send = async (actor: Parameters<Graph["tokenFor"]>[0], query: string) => {
      const response = await fetch(`${graph.gatewayBase}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${graph.tokenFor(actor)}` },
        body: JSON.stringify({ query }),
      });
      return {
        status: response.status,
        codes: ((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.map(
          (error) => error.extensions?.code,
        ),
      };
    };
    const partner = { role: "PARTNER" as const, grant: { fields: ["Query.company", "Company.name"], operations: [] } };
    const tooManyAliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: company(cvr: "1") { name }`).join(" ")} }`;
    // Anyone else is measured (and refused by the limits) or gets the parse error.
    expect(await send("KEY_ACCOUNT_MANAGER", tooManyAliases)).toEqual({ status: 400, codes: ["OPERATION_TOO_COMPLEX"] });
    expect((await send("KEY_ACCOUNT_MANAGER", "{ company(")).codes).toEqual(["GRAPHQL_PARSE_FAILED"]);
    // A partner is refused first: neither the parse nor the limits ran.
    expect(await send(partner, tooManyAliases)).toEqual({ status: 403, codes: ["FORBIDDEN"] });
    expect(await send(partner, "{ company(")).toEqual({ status: 403, codes: ["FORBIDDEN"] });
  });

  it("tells a caller without a token, in Danish first, to pick a user under »Act as« or run `npm run token`", async () => {
    const response = await fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(response.status).toBe(401);
    const [error] = ((await response.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors;
    expect(error.extensions.code).toBe("UNAUTHENTICATED");
    expect(error.message).toMatch(/^Log ind kræves: vælg en bruger under »Act as«.*`npm run token`.* — Authentication required/);
  });

  it("in development keeps /metrics and the detailed /ready on the public port, with no ops listener", async () => {
    expect(graph.opsBase).toBeUndefined();
    const ready = (await (await fetch(`${graph.gatewayBase}/ready`)).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({ subgraphs: expect.any(Object), circuits: expect.any(Object) });
    expect(await (await fetch(`${graph.gatewayBase}/metrics`)).text()).toMatch(/gateway_subgraph_circuit_open/);
  });
});

describe("the production gateway's ops listener (NODE_ENV=production, OPS_HOST, OPS_PORT)", () => {
  let child: ChildProcess;
  let publicBase: string;
  let opsBase: string;
  const output: string[] = [];

  beforeAll(async () => {
    const [publicPort, opsPort, closedPort] = [await freePort(), await freePort(), await freePort()];
    const jwksPath = join(mkdtempSync(join(tmpdir(), "cg-surface-")), "jwks.json");
    writeFileSync(jwksPath, JSON.stringify({ keys: [publicJwkOf(generateSigningKey("surface-users"))] }));
    const gatewayKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    child = spawn(process.execPath, [join(ROOT, "gateway", "dist", "index.js")], {
      cwd: join(ROOT, "gateway"),
      env: {
        PATH: process.env.PATH ?? "",
        APOLLO_TELEMETRY_DISABLED: "true",
        NODE_ENV: "production",
        HOST,
        PORT: String(publicPort),
        OPS_HOST: HOST,
        OPS_PORT: String(opsPort),
        GATEWAY_SIGNING_KEY: gatewayKey,
        AUTH_JWKS_PATH: jwksPath,
        AUTH_ISSUER: "https://login.example/company-graph",
        AUTH_AUDIENCE: "company-graph",
        // No subgraph runs: the gateway is up but not ready, which is all this test needs.
        ...Object.fromEntries(
          ["crm", "bif", "tmf", "kff", "okf"].map((name) => [`SUBGRAPH_${name.toUpperCase()}_URL`, `http://${HOST}:${closedPort}/graphql`]),
        ),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Ready when it logs so; no polling.
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        if (output.join("").includes("gateway ready at")) resolve();
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      child.once("exit", (code) => reject(new Error(`the gateway exited (${code}):\n${output.join("")}`)));
    });
    publicBase = `http://${HOST}:${publicPort}`;
    opsBase = `http://${HOST}:${opsPort}`;
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("answers /metrics only on the ops listener; the public port says 404", async () => {
    expect((await fetch(`${publicBase}/metrics`)).status).toBe(404);
    const metrics = await fetch(`${opsBase}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/gateway_subgraph_circuit_open/);
  });

  it("keeps /health and the plain /ready status on the public port for the probes, the details on the ops listener", async () => {
    expect((await fetch(`${publicBase}/health`)).status).toBe(200);
    const plain = await fetch(`${publicBase}/ready`);
    expect(plain.status).toBe(503);
    expect(await plain.json()).toEqual({ ready: false });

    const detailed = await fetch(`${opsBase}/ready`);
    expect(detailed.status).toBe(503);
    const body = (await detailed.json()) as {
      ready: boolean;
      subgraphs: Record<string, { ready: boolean }>;
      circuits: Record<string, string>;
    };
    expect(body.ready).toBe(false);
    expect(Object.keys(body.subgraphs).sort()).toEqual(["bif", "crm", "kff", "okf", "tmf"]);
    expect(body.circuits).toEqual(expect.any(Object));
  });

  it("serves nothing else on the ops listener, and the start-up log names it", async () => {
    expect(
      (await fetch(`${opsBase}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status,
    ).toBe(404);
    expect((await fetch(`${opsBase}/metrics`)).headers.get("x-powered-by")).toBeNull();
    expect(output.join("")).toContain(opsBase);
  });
});
