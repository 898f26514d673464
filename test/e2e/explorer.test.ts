import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { configuredDemoUsers } from "@company-graph/gateway";
import { demoUsers } from "@company-graph/mocks";
import { startGraph, type Graph } from "../harness/graph";

const OPERATIONS = join(__dirname, "..", "operations");

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

async function explorerPage(path: string): Promise<string> {
  const response = await fetch(`${graph.gatewayBase}${path}`, { headers: { accept: "text/html,application/xhtml+xml" } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  return response.text();
}

describe("the development explorer", () => {
  it("serves GraphiQL at / and at /graphql to a browser, with nothing from outside this gateway", async () => {
    for (const path of ["/", "/graphql"]) {
      const html = await explorerPage(path);
      expect(html).toContain("renderYogaGraphiQL");
      const external = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map(([url]) => url).filter((url) => !/^https?:\/\/127\.0\.0\.1[:/]/.test(url));
      expect(external).toEqual([]);
    }
  });

  it("loads every asset the page references (bundle, CSS, Monaco workers) from the gateway", async () => {
    const html = await explorerPage("/");
    const assets = new Set([...html.matchAll(/(?:href|src)="([^"]+)"/g), ...html.matchAll(/"(\/explorer\/assets\/[^"]+)"/g)].map(([, path]) => path));
    expect([...assets].sort()).toEqual(
      expect.arrayContaining([
        "/explorer/assets/graphiql.css",
        "/explorer/assets/yoga-graphiql.umd.js",
        "/explorer/assets/monacoeditorwork/graphql.worker..bundle.js",
        "/explorer/assets/monacoeditorwork/json.worker.bundle.js",
        "/explorer/assets/monacoeditorwork/editor.worker.bundle.js",
      ]),
    );
    for (const path of assets) {
      expect(path.startsWith("/")).toBe(true);
      const response = await fetch(`${graph.gatewayBase}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it("offers every example operation of test/operations as a tab", async () => {
    const html = await explorerPage("/");
    const files = readdirSync(OPERATIONS).filter((file) => file.endsWith(".graphql"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const tabs = JSON.parse(/defaultTabs: (\[.*\]),\n/.exec(html)![1]) as { query: string; variables?: string }[];
    expect(tabs.map((tab) => tab.query).sort()).toEqual(files.map((file) => readFileSync(join(OPERATIONS, file), "utf8")).sort());
  });

  it("runs an example operation the way the page's fetcher sends it", async () => {
    const tabs = JSON.parse(/defaultTabs: (\[.*\]),\n/.exec(await explorerPage("/"))![1]) as { query: string; variables?: string }[];
    const companyView = tabs.find((tab) => tab.query.includes("query CompanyView"))!;
    const variables = JSON.parse(companyView.variables ?? "{}") as { cvr?: string };
    expect(variables.cvr).toMatch(/^\d{8}$/);
    const response = await fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "apollo-require-preflight": "true", authorization: `Bearer ${graph.tokenFor()}` },
      body: JSON.stringify({ query: companyView.query, variables }),
    });
    const body = (await response.json()) as { data?: { company: { cvr: string; cases: { totalCount: number } } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.company.cvr).toBe(variables.cvr);
    expect(body.data?.company.cases.totalCount).toBeGreaterThan(0);
  });

  it("still answers GraphQL clients on GET /graphql with JSON, not the page", async () => {
    const response = await fetch(`${graph.gatewayBase}/graphql?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true", authorization: `Bearer ${graph.tokenFor()}` },
    });
    expect(response.headers.get("content-type")).toMatch(/json/);
  });
});

describe("the explorer in production", () => {
  it("is not served, nor its assets, nor Apollo's landing page", async () => {
    const production = await startGraph({ production: true });
    try {
      for (const path of ["/", "/graphql", "/explorer/assets/yoga-graphiql.umd.js"]) {
        const response = await fetch(`${production.gatewayBase}${path}`, { headers: { accept: "text/html" } });
        const body = await response.text();
        expect({ path, explorer: /renderYogaGraphiQL|embeddable-sandbox|landing-page/i.test(body) }).toEqual({ path, explorer: false });
        expect(response.status).toBeGreaterThanOrEqual(400);
      }
    } finally {
      await production.stop();
    }
  });
});

describe("the explorer's demo users (npm start passes them as EXPLORER_DEMO_USERS)", () => {
  it("are real employees of the demo world: the key account manager sees their own companies' alerts", async () => {
    const users = demoUsers(graph.world);
    const employeeIds = new Set(graph.world.employees.map((employee) => employee.id));
    for (const { identity } of users.filter((user) => user.identity.role !== "AUDITOR")) expect(employeeIds).toContain(identity.userId);
    expect(configuredDemoUsers(JSON.stringify(users))).toEqual(users);

    const manager = users.find((user) => user.identity.role === "KEY_ACCOUNT_MANAGER")!.identity;
    const response = await graph.queryAs({ role: "KEY_ACCOUNT_MANAGER", userId: manager.userId }, `query($me: ID!) { keyAccountAlerts(employeeId: $me) { cvr } }`, { me: manager.userId });
    expect(response.errors).toBeUndefined();
    expect(response.data?.keyAccountAlerts.length).toBeGreaterThan(0);
  });

  it("are refused at start-up when EXPLORER_DEMO_USERS is not a list of users; without it, one placeholder per role", () => {
    expect(() => configuredDemoUsers(JSON.stringify([{ label: "x", identity: { userId: "u", role: "ROOT" } }]))).toThrow(/EXPLORER_DEMO_USERS/);
    expect(configuredDemoUsers(undefined).map((user) => user.identity.role)).toEqual(expect.arrayContaining(["KEY_ACCOUNT_MANAGER", "ANALYST", "AUDITOR"]));
  });
});
