import { startGraph, type Graph } from "../harness/graph";

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

const COMPANY = "query Company($cvr: ID!) { company(cvr: $cvr) { cvr name } }";

describe("the Company graph through the gateway", () => {
  it("answers a company by CVR with its name", async () => {
    const company = graph.world.companies[0];
    const response = await graph.query(COMPANY, { cvr: company.cvr });
    expect(response).toEqual({ data: { company: { cvr: company.cvr, name: company.name } } });
  });

  it.each([
    ["12345678", /check digit/],
    ["abc", /exactly 8 digits/],
    ["1234567", /exactly 8 digits/],
  ])("rejects CVR %s with BAD_USER_INPUT and a message saying why", async (cvr, message) => {
    const response = await graph.query(COMPANY, { cvr });
    expect(response.data?.company ?? null).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors![0].message).toMatch(message);
  });

  it("answers null for a valid CVR the municipality does not know", async () => {
    const unknown = "13748136";
    expect(graph.world.companies.some((company) => company.cvr === unknown)).toBe(false);
    expect(await graph.query(COMPANY, { cvr: unknown })).toEqual({ data: { company: null } });
  });

  it("never shows stack traces or internals in errors", async () => {
    const responses = await Promise.all([
      graph.query("{ company(cvr: 12) { cvr } }"),
      graph.query("{ nope }"),
      graph.query(COMPANY, { cvr: "12345678" }),
    ]);
    for (const response of responses) {
      const text = JSON.stringify(response.errors);
      expect(text).not.toMatch(/stacktrace|\.ts:\d|node_modules|127\.0\.0\.1/);
    }
  });

  it("refuses a cross-site GET without a preflight header (CSRF prevention)", async () => {
    const response = await fetch(`${graph.gatewayBase}/graphql?query=${encodeURIComponent("{ __typename }")}`);
    expect(response.status).toBe(400);
  });

  it("answers malformed requests with a GraphQL error, not a 500", async () => {
    const response = await fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(response.status).not.toBe(500);
  });
});

describe("health and readiness", () => {
  it("reports the process alive on /health", async () => {
    const response = await fetch(`${graph.gatewayBase}/health`);
    expect(response.status).toBe(200);
  });

  it("is not ready while a subgraph is down, and ready again when it is back", async () => {
    expect((await fetch(`${graph.gatewayBase}/ready`)).status).toBe(200);
    await graph.stopSubgraph("tmf");
    const down = await fetch(`${graph.gatewayBase}/ready`);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { subgraphs: Record<string, { ready: boolean }> };
    expect(body.subgraphs.tmf.ready).toBe(false);
    expect(body.subgraphs.bif.ready).toBe(true);
    await graph.restartSubgraph("tmf");
    expect((await fetch(`${graph.gatewayBase}/ready`)).status).toBe(200);
  });
});

describe("no traffic leaves the machine", () => {
  it("refuses and records a request to a non-loopback address", async () => {
    const response = await fetch("http://example.org/");
    expect(response.status).toBe(500);
    expect(graph.networkViolations).toEqual(["GET http://example.org/"]);
    graph.networkViolations.length = 0;
  });
});
