// The login throttle behind the ingress docs/deployment.md prescribes: every client reaches the
// gateway from the ingress' address, and only X-Forwarded-For tells them apart.
import { startGraph, type Graph } from "../harness/graph";

const COMPANY_NAME = `query CompanyName($cvr: ID!) { company(cvr: $cvr) { name } }`;
/** More than the default AUTH_FAILURE_LIMIT (20) bad tokens in one window. */
const BAD_TOKENS = 21;

async function post(graph: Graph, authorization: string, forwardedFor?: string) {
  const response = await fetch(`${graph.gatewayBase}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
    body: JSON.stringify({ query: COMPANY_NAME, variables: { cvr: graph.world.companies[0].cvr } }),
  });
  const body = (await response.json()) as { data?: { company: { name: string } | null }; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code, name: body.data?.company?.name };
}

describe("behind a trusted ingress", () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph({ trustedProxies: ["127.0.0.1"] });
  });
  afterAll(() => graph?.stop());

  it("counts failed logins per client address, and never refuses a valid token for another's failures", async () => {
    const attacker = "203.0.113.7";
    const statuses: number[] = [];
    for (let i = 0; i < BAD_TOKENS; i++) statuses.push((await post(graph, "Bearer not.a.jwt", `198.51.100.1, ${attacker}`)).status);
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Another client behind the same ingress still gets 401 for a bad token, not 429.
    expect(await post(graph, "Bearer not.a.jwt", "192.0.2.44")).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    // A valid token is served, from another client and from the attacker's own address alike.
    const name = graph.world.companies[0].name;
    expect(await post(graph, `Bearer ${graph.tokenFor("CASEWORKER")}`, "192.0.2.44")).toMatchObject({ status: 200, name });
    expect(await post(graph, `Bearer ${graph.tokenFor("KEY_ACCOUNT_MANAGER")}`, attacker)).toMatchObject({ status: 200, name });
    // The attacker's further failures stay refused.
    expect(await post(graph, "Bearer not.a.jwt", attacker)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
  });

  it("counts an address written with its port (as some ingresses append it) as the address: a new port is not a new client", async () => {
    const attacker = "203.0.113.9";
    const statuses: number[] = [];
    for (let i = 0; i < BAD_TOKENS; i++) statuses.push((await post(graph, "Bearer not.a.jwt", `${attacker}:${40_000 + i}`)).status);
    expect(statuses[20]).toBe(429);
    expect(await post(graph, "Bearer not.a.jwt", attacker)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    // An IPv6 client with its port, bracketed, counts as its /64 like any IPv6 address.
    const v6: number[] = [];
    for (let i = 0; i < BAD_TOKENS; i++)
      v6.push((await post(graph, "Bearer not.a.jwt", `[2001:db8:7:7::${(i + 1).toString(16)}]:${50_000 + i}`)).status);
    expect(v6[20]).toBe(429);
  });
});

describe("without a trusted proxy", () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(() => graph?.stop());

  it("ignores X-Forwarded-For: a client naming a new address for every try is still counted as itself", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < BAD_TOKENS; i++) statuses.push((await post(graph, "Bearer not.a.jwt", `203.0.113.${i + 1}`)).status);
    expect(statuses[20]).toBe(429);
  });
});
