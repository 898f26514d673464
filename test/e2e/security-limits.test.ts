import { startGraph, type Graph } from "../harness/graph";

/**
 * Through the gateway: abusive documents are refused before any
 * subgraph is asked (and the refusal costs the gateway little: the walk is linear, see
 * gateway/test/operation-limits.test.ts), and one token cannot take the whole gateway.
 */
let graph: Graph;
const BUDGET = 40;
beforeAll(async () => {
  // Budgets are read once, when the gateway starts.
  process.env.RATE_LIMIT_USER_REQUESTS = String(BUDGET);
  graph = await startGraph({ subgraphTimeoutMs: 1_000 });
});
afterAll(async () => {
  delete process.env.RATE_LIMIT_USER_REQUESTS;
  await graph?.stop();
});

function fragmentFanOut(count: number): string {
  let document = `query FanOut { company(cvr: "36509120") { ...F0 } }\n`;
  for (let i = 0; i < count; i++)
    document += i < count - 1 ? `fragment F${i} on Company { name ...F${i + 1} ...F${i + 1} }\n` : `fragment F${i} on Company { name }\n`;
  return document;
}

const ABUSIVE: [string, string, string][] = [
  ["20 fragments spreading the next twice", fragmentFanOut(20), "cost"],
  ["30 fragments spreading the next twice", fragmentFanOut(30), "cost"],
  ["lists without first, nested", "{ units { employees { unit { employees { unit { employees { id } } } } } } }", "cost"],
  [
    "a variable's default as nested page sizes",
    "query Pages($f: Int = 100) { companies(first: $f) { edges { node { cases(first: $f) { edges { node { id title } } } } } } }",
    "cost",
  ],
  [
    "500 aliases of a company's cases",
    `query Aliases { ${Array.from({ length: 500 }, (_, i) => `c${i}: company(cvr: "36509120") { cases { edges { node { id title } } } }`).join(" ")} }`,
    "tokens",
  ],
  [
    "40 aliases of a company's name",
    `query Aliases { ${Array.from({ length: 40 }, (_, i) => `c${i}: company(cvr: "36509120") { name }`).join(" ")} }`,
    "aliases",
  ],
];

describe("operation limits", () => {
  it.each(ABUSIVE)("refuses %s with OPERATION_TOO_COMPLEX, the limit and what was measured", async (_name, document, limit) => {
    const response = await fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${graph.tokenFor()}` },
      body: JSON.stringify({ query: document }),
    });
    const body = (await response.json()) as { data?: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(response.status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toMatchObject({ code: "OPERATION_TOO_COMPLEX", limit, maximum: expect.any(Number) });
    if (limit !== "tokens")
      expect(body.errors[0].extensions.measured as number).toBeGreaterThan(body.errors[0].extensions.maximum as number);
    expect(body.errors[0].message).toMatch(/^Forespørgslen er for kompleks/);
  });

  it("refuses them for an integration partner too, before anything else", async () => {
    const response = await graph.queryAs("PARTNER", fragmentFanOut(30));
    expect(response.data ?? undefined).toBeUndefined();
    expect(response.errors?.[0].extensions?.code).toMatch(/OPERATION_TOO_COMPLEX|FORBIDDEN/);
  });

  it("counts the refusals in /metrics, though they are answered before Apollo Server's pipeline", async () => {
    const metrics = await (await fetch(`${graph.gatewayBase}/metrics`)).text();
    const refused = /graphql_errors_total\{service="gateway",code="OPERATION_TOO_COMPLEX"\} (\d+)/.exec(metrics);
    expect(Number(refused?.[1])).toBeGreaterThanOrEqual(ABUSIVE.length);
  });

  it("still answers the company view", async () => {
    const company = graph.world.companies[0];
    const response = await graph.query(
      "query View($cvr: ID!) { company(cvr: $cvr) { cvr name cases(first: 10) { totalCount edges { node { id title } } } } }",
      { cvr: company.cvr },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.company.cvr).toBe(company.cvr);
  });
});

describe("rate limits", () => {
  it("answers 1,000 requests beyond one token's budget with 429/RATE_LIMITED and Retry-After, while another user is served", async () => {
    const token = graph.tokenFor("FRONT_OFFICE");
    const send = () =>
      fetch(`${graph.gatewayBase}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
    const statuses: number[] = [];
    let refusal: { response: Response; body: any } | undefined;
    for (let batch = 0; batch < (BUDGET + 1_000) / 20; batch++) {
      const responses = await Promise.all(Array.from({ length: 20 }, send));
      for (const response of responses) {
        statuses.push(response.status);
        if (response.status === 429 && !refusal) refusal = { response, body: await response.json() };
        else await response.arrayBuffer();
      }
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(BUDGET);
    expect(statuses.filter((status) => status === 429)).toHaveLength(1_000);
    expect(Number(refusal!.response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refusal!.body.errors[0].extensions).toMatchObject({ code: "RATE_LIMITED" });
    const other = await graph.queryAs("ANALYST", "{ __typename }");
    expect(other).toEqual({ data: { __typename: "Query" } });
    const metrics = await (await fetch(`${graph.gatewayBase}/metrics`)).text();
    const counted = /graphql_errors_total\{service="gateway",code="RATE_LIMITED"\} (\d+)/.exec(metrics);
    expect(Number(counted?.[1])).toBeGreaterThanOrEqual(1_000);
  });

  it("counts a request refused for its token in /metrics too", async () => {
    const errorsOf = async () =>
      Number(
        /graphql_errors_total\{service="gateway",code="UNAUTHENTICATED"\} (\d+)/.exec(
          await (await fetch(`${graph.gatewayBase}/metrics`)).text(),
        )?.[1] ?? 0,
      );
    const before = await errorsOf();
    const response = await graph.query("{ __typename }", {}, { authorization: "Bearer not.a.jwt" });
    expect(response.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect(await errorsOf()).toBe(before + 1);
  });
});

describe("circuit breaker per subgraph in the gateway", () => {
  const VIEW =
    "query View($cvr: ID!) { company(cvr: $cvr) { cvr name cases(first: 20) { totalCount incompleteDepartments edges { node { id department } } } } }";

  it("after a hung department subgraph's circuit opens, the company view answers at once with that department named", async () => {
    const cvr = graph.world.companies[0].cvr;
    await graph.hangSubgraph("kff");
    const codes: string[] = [];
    // Timeouts until the circuit opens (5 consecutive failures); then the gateway no longer waits for KFF.
    for (let i = 0; i < 8 && !codes.includes("SUBGRAPH_UNAVAILABLE"); i++) {
      const response = await graph.query(VIEW, { cvr });
      codes.push(
        ...(response.errors ?? []).filter((error) => error.extensions?.subgraph === "kff").map((error) => String(error.extensions?.code)),
      );
    }
    expect(codes).toContain("SUBGRAPH_TIMEOUT");
    const ready = (await (await fetch(`${graph.gatewayBase}/ready`)).json()) as { circuits: Record<string, string> };
    expect(ready.circuits.kff).toBe("open");

    const response = await graph.query(VIEW, { cvr });
    expect(response.data?.company.cvr).toBe(cvr);
    const kff = response.errors?.find((error) => error.extensions?.subgraph === "kff");
    expect(kff?.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", department: "KFF" });
    const metrics = await (await fetch(`${graph.gatewayBase}/metrics`)).text();
    expect(metrics).toMatch(/gateway_subgraph_circuit_open\{subgraph="kff"\} 1/);
  });
});
