// The subgraph's HTTP layer (serveSubgraph on node:http): what reaches Apollo Server, and what is
// answered before it, as the gateway and an intruder on the internal network see it.
import { parse } from "graphql";
import { generateSigningKey, KeySet, publicJwkOf, signGatewayToken } from "../src/auth";
import { serveSubgraph, type RunningServer } from "../src/server";

const key = generateSigningKey("gateway");
const identity = { userId: "u", role: "ANALYST" as const, operationId: "op-1" };
const QUERY = "{ hello }";
let server: RunningServer;
let contexts: { operationId: string | undefined; readOnly: boolean }[] = [];

beforeAll(async () => {
  server = await serveSubgraph(
    {
      name: "test",
      typeDefs: parse(`type Query { hello: String }`),
      resolvers: { Query: { hello: () => "hej" } },
      context: ({ operationId, readOnly }) => (contexts.push({ operationId, readOnly }), {}),
      health: () => ({ circuit: "closed" }),
    },
    { host: "127.0.0.1", port: 0 },
    { gatewayKeys: new KeySet([publicJwkOf(key)]) },
  );
});
afterAll(() => server.stop());
beforeEach(() => (contexts = []));

const tokenFor = (document: string, variables?: Record<string, unknown>) =>
  signGatewayToken({ identity, audience: "test", document, variables, operationType: "query" }, key);
/** An answer as the tests read it: its shape is what they check. */
const json = (response: Response): Promise<any> => response.json();
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-gateway-token": tokenFor(QUERY), ...headers },
    body,
  });

describe("a subgraph's HTTP layer", () => {
  it("executes the signed fetch with the signed operation id, and gives it a request id", async () => {
    const response = await post(JSON.stringify({ query: QUERY }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toEqual(expect.any(String));
    expect(await response.json()).toEqual({ data: { hello: "hej" } });
    expect(contexts).toEqual([{ operationId: "op-1", readOnly: true }]);
  });

  it("answers 401 without a gateway token, before reading the body", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(response.status).toBe(401);
    expect((await json(response)).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(contexts).toEqual([]);
  });

  it("refuses a body over 5 MB (413), unreadable JSON (400) and a body that is not JSON (401: not the signed fetch)", async () => {
    const large = await post(JSON.stringify({ query: QUERY, variables: { padding: "x".repeat(5 * 1024 * 1024) } }));
    expect([large.status, (await json(large)).errors[0].extensions.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    const broken = await post("{ not json");
    expect([broken.status, (await json(broken)).errors[0].extensions.code]).toEqual([400, "BAD_REQUEST"]);
    const text = await post(JSON.stringify({ query: QUERY }), { "content-type": "text/plain" });
    expect(text.status).toBe(401);
    expect(contexts).toEqual([]);
  });

  it("runs no GET (what a browser sends without a preflight), and shows no landing page", async () => {
    const url = `${server.url}?query=${encodeURIComponent(QUERY)}`;
    const get = await fetch(url, { headers: { "x-gateway-token": tokenFor(QUERY), accept: "text/html" } });
    expect(get.status).toBe(401);
    expect(await get.text()).not.toMatch(/<html/i);
    expect(contexts).toEqual([]);
  });

  it("serves /health and /metrics, and nothing else", async () => {
    const base = server.url.replace(/\/graphql$/, "");
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok", service: "test", circuit: "closed" });
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/^# HELP/m);
    const missing = await fetch(`${base}/elsewhere`);
    expect([missing.status, (await json(missing)).errors[0].extensions.code]).toEqual([404, "NOT_FOUND"]);
    expect((await fetch(`${base}/internal/access-log`, { method: "POST" })).status).toBe(404);
  });
});
