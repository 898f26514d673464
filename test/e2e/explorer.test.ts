import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { dirname, join } from "node:path";
import { configuredDemoUsers } from "@company-graph/gateway";
import { demoUsers } from "@company-graph/mocks";
import { startGraph, type Graph } from "../harness/graph";

const OPERATIONS = join(__dirname, "..", "operations");
const TOKEN_SCRIPT = join(__dirname, "..", "..", "scripts", "token.mjs");
const GRAPHIQL_DIST = join(dirname(require.resolve("@graphql-yoga/graphiql/package.json")), "dist");

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph({ explorer: { environment: "development" } });
});
afterAll(() => graph?.stop());

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http rather than fetch: fetch may not set Host, and would decompress what the test measures. */
function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  base = graph.gatewayBase,
): Promise<RawResponse> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

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
      const external = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)]
        .map(([url]) => url)
        .filter((url) => !/^https?:\/\/127\.0\.0\.1[:/]/.test(url));
      expect(external).toEqual([]);
    }
  });

  it("loads every asset the page references (bundle, CSS, Monaco workers) from the gateway, compressed, under a versioned path", async () => {
    const html = await explorerPage("/");
    const assets = new Set(
      [...html.matchAll(/(?:href|src)="([^"]+)"/g), ...html.matchAll(/"(\/explorer\/assets\/[^"]+)"/g)].map(([, path]) => path),
    );
    const version = (JSON.parse(readFileSync(require.resolve("@graphql-yoga/graphiql/package.json"), "utf8")) as { version: string })
      .version;
    const folder = `/explorer/assets/graphiql-${version}`;
    expect([...assets].sort()).toEqual(
      expect.arrayContaining([
        `${folder}/graphiql.css`,
        `${folder}/yoga-graphiql.umd.js`,
        `${folder}/monacoeditorwork/graphql.worker..bundle.js`,
        `${folder}/monacoeditorwork/json.worker.bundle.js`,
        `${folder}/monacoeditorwork/editor.worker.bundle.js`,
      ]),
    );
    for (const path of assets) {
      expect(path.startsWith(`${folder}/`)).toBe(true);
      for (const encoding of ["br", "gzip"]) {
        const response = await rawRequest("GET", path, { "accept-encoding": encoding });
        expect({ path, status: response.status, encoding: response.headers["content-encoding"] }).toEqual({ path, status: 200, encoding });
        expect(response.headers["cache-control"]).toMatch(/immutable/);
        expect(response.body.byteLength).toBeGreaterThan(1000);
        // Compressed: the 5.3 MB bundle travels as about 1.2 MB (brotli), the CSS (inline fonts) at about half.
        expect(response.body.byteLength).toBeLessThan(statSync(join(GRAPHIQL_DIST, path.slice(folder.length))).size * 0.6);
      }
    }
  });

  it("serves no asset under an unversioned name, which immutable caching would pin across versions", async () => {
    const response = await fetch(`${graph.gatewayBase}/explorer/assets/yoga-graphiql.umd.js`);
    expect(response.status).toBe(404);
  });

  it("offers every example operation of test/operations as a tab, but the partners' feed and webhook operations", async () => {
    const html = await explorerPage("/");
    const partnerIntegration = [
      "PartnerChanges",
      "RegisterWebhook",
      "WebhookSubscriptions",
      "DisableWebhook",
      "EnableWebhook",
      "RotateWebhookSecret",
    ];
    const files = readdirSync(OPERATIONS).filter(
      (file) => file.endsWith(".graphql") && !partnerIntegration.includes(file.replace(/\.graphql$/, "")),
    );
    expect(files.length).toBeGreaterThanOrEqual(3);
    const tabs = JSON.parse(/defaultTabs: (\[.*\]),\n/.exec(html)![1]) as { query: string; variables?: string }[];
    expect(tabs.map((tab) => tab.query).sort()).toEqual(files.map((file) => readFileSync(join(OPERATIONS, file), "utf8")).sort());
  });

  it("gives every example its variables: each required variable of each tab has a value", async () => {
    const tabs = JSON.parse(/defaultTabs: (\[.*\]),\n/.exec(await explorerPage("/"))![1]) as { query: string; variables?: string }[];
    for (const file of readdirSync(OPERATIONS).filter((name) => name.endsWith(".graphql"))) {
      const variablesFile = join(OPERATIONS, file.replace(/\.graphql$/, ".variables.json"));
      expect({ file, variablesFile: existsSync(variablesFile) }).toEqual({ file, variablesFile: true });
    }
    for (const tab of tabs) {
      const required = [...tab.query.matchAll(/\$(\w+): [\w[\]]+!/g)].map(([, name]) => name);
      const given = Object.keys(JSON.parse(tab.variables ?? "{}"));
      expect({
        operation: /(?:query|mutation) (\w+)/.exec(tab.query)![1],
        missing: required.filter((name) => !given.includes(name)),
      }).toEqual({ operation: expect.any(String), missing: [] });
    }
  });

  it("asks for the Danish name wherever a type has one (nameDa, not nameEn)", () => {
    for (const file of readdirSync(OPERATIONS).filter((name) => name.endsWith(".graphql"))) {
      expect({ file, asksNameEn: /\bnameEn\b/.test(readFileSync(join(OPERATIONS, file), "utf8")) }).toEqual({ file, asksNameEn: false });
    }
  });

  it("opens on the key account manager's company view, not the auditor's access log", async () => {
    const tabs = JSON.parse(/defaultTabs: (\[.*\]),\n/.exec(await explorerPage("/"))![1]) as { query: string }[];
    expect(tabs[0].query).toContain("query CompanyView");
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
    const response = await graph.queryAs(
      { role: "KEY_ACCOUNT_MANAGER", userId: manager.userId },
      `query($me: ID!) { keyAccountAlerts(employeeId: $me) { cvr } }`,
      { me: manager.userId },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.keyAccountAlerts.length).toBeGreaterThan(0);
  });

  it("are refused at start-up when EXPLORER_DEMO_USERS is not a list of users; without it, one placeholder per role", () => {
    expect(() => configuredDemoUsers(JSON.stringify([{ label: "x", identity: { userId: "u", role: "ROOT" } }]))).toThrow(
      /EXPLORER_DEMO_USERS/,
    );
    expect(configuredDemoUsers(undefined).map((user) => user.identity.role)).toEqual(
      expect.arrayContaining(["KEY_ACCOUNT_MANAGER", "ANALYST", "AUDITOR"]),
    );
  });
});

describe("the explorer's token endpoint (Act as)", () => {
  const port = () => new URL(graph.gatewayBase).port;
  const askForToken = (headers: Record<string, string>, base?: string) =>
    rawRequest("POST", "/explorer/token", { "content-type": "application/json", ...headers }, JSON.stringify({ user: 0 }), base);
  const tokenOf = (response: RawResponse) => (JSON.parse(response.body.toString()) as { token?: string }).token;

  it("mints a token for the explorer page on a loopback name of this gateway's port", async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`, `LOCALHOST:${port()}`]) {
      const response = await askForToken({ host, origin: `http://${host}`, "sec-fetch-site": "same-origin" });
      expect({ host, status: response.status }).toEqual({ host, status: 200 });
      const token = tokenOf(response)!;
      const answer = await graph.query(`{ __typename }`, {}, { authorization: `Bearer ${token}` });
      expect(answer.errors).toBeUndefined();
    }
    // A client that is not a browser sends no Origin.
    expect((await askForToken({ host: `127.0.0.1:${port()}` })).status).toBe(200);
  });

  it("refuses a Host that is not loopback, as a DNS-rebinding page sends, or another port", async () => {
    for (const host of [
      `evil.example:${port()}`,
      `127.0.0.1.evil.example:${port()}`,
      `192.168.1.10:${port()}`,
      `127.0.0.1:${Number(port()) + 1}`,
      "127.0.0.1",
      "localhost",
    ]) {
      const response = await askForToken({ host });
      expect({ host, status: response.status, token: tokenOf(response) }).toEqual({ host, status: 403, token: undefined });
    }
  });

  it("refuses another origin, even with a loopback Host", async () => {
    const host = `127.0.0.1:${port()}`;
    for (const headers of <Record<string, string>[]>[
      { origin: "http://evil.example" },
      { origin: `http://localhost:${port()}` },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ]) {
      const response = await askForToken({ host, ...headers });
      expect({ headers, status: response.status, token: tokenOf(response) }).toEqual({ headers, status: 403, token: undefined });
    }
  });

  it("mints nothing outside development, even with demo users and a loopback Host", async () => {
    const testing = await startGraph({ explorer: { environment: "test" } });
    try {
      const host = `127.0.0.1:${new URL(testing.gatewayBase).port}`;
      const response = await askForToken({ host, origin: `http://${host}` }, testing.gatewayBase);
      expect({ status: response.status, token: tokenOf(response) }).toEqual({ status: 404, token: undefined });
    } finally {
      await testing.stop();
    }
  });
});

describe("npm run token", () => {
  const token = (...args: string[]) => spawnSync(process.execPath, [TOKEN_SCRIPT, ...args], { encoding: "utf8" });

  it("--help prints how to use it, Danish first, and exits 0", () => {
    for (const flag of ["--help", "-h"]) {
      const result = token(flag);
      expect({ flag, status: result.status, stderr: result.stderr }).toEqual({ flag, status: 0, stderr: "" });
      expect(result.stdout).toMatch(/^Brug \/ usage: npm run -s token -- /);
      for (const option of ["--role", "--user", "--department", "--unit", "--grant", "--ttl", "--list"])
        expect(result.stdout).toContain(option);
    }
  });

  it.each([
    [["--bogus"], /^npm run token: ukendt eller ufuldstændigt tilvalg \/ Unknown option '--bogus'/],
    [["--role"], /^npm run token: ukendt eller ufuldstændigt tilvalg \/ Option '--role <value>' argument missing/],
    [["--role", "KING"], /^npm run token: --role skal være en af FRONT_OFFICE, .* \/ --role must be one of /],
    [["--department", "XYZ"], /^npm run token: --department skal være en af BIF, .* \/ --department must be one of /],
    [["--ttl", "8h"], /^npm run token: --ttl skal være et positivt helt antal sekunder, ikke "8h" \/ /],
    [["--role", "PARTNER", "--grant", "{fields"], /^npm run token: --grant er ikke gyldig JSON \/ --grant is not valid JSON/],
  ])("%j is refused with a clean message and exit code 2, no stack trace, no token", (args, message) => {
    const result = token(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
