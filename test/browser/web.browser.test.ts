/// <reference lib="dom" />
// Virksomhedsoverblik (the web workspace, web/) in a real browser: Debian's Chromium driven by
// playwright-core against the whole graph, the gateway serving the built workspace at /app/ as
// `npm start` does. A key account manager's day and the front office's, with axe-core on every screen.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startGraph, type Graph } from "../harness/graph";
import { launchChromium, refuseNonLoopback } from "./chromium";

const CAFE = "36509120";
const PROTECTED_MANUFACTURER = "14520937";
/** A bicycle retailer without a key account manager: anyone may choose to follow it. */
const BICYCLE_SHOP = "29781648";
const ARTEFACTS = "/tmp/web.browser";
const WEB_DIST = join(__dirname, "..", "..", "web", "dist");
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let graph: Graph;
let browser: Browser;
let provider: Provider;

beforeAll(async () => {
  mkdirSync(ARTEFACTS, { recursive: true });
  provider = await startProvider();
  graph = await startGraph({
    explorer: { environment: "development" },
    webAppDir: WEB_DIST,
    webAppOidc: { issuer: provider.issuer, clientId: CLIENT_ID },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await graph?.stop();
  await provider?.stop();
});

const CLIENT_ID = "virksomhedsoverblik";
const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

interface Provider {
  issuer: string;
  /** Each authorization request's parameters, and whether its code's exchange proved the PKCE verifier. */
  authorizations: { parameters: Record<string, string>; verified?: boolean }[];
  stop: () => Promise<void>;
}

/**
 * The municipality's OpenID Connect provider, as far as the workspace sees it: discovery, an
 * authorization endpoint whose user is already logged in (it sends the browser straight back with a
 * code), and a token endpoint that checks the PKCE verifier against the challenge and answers with
 * a token the gateway trusts (the test harness's issuer stands in for the provider's keys).
 */
async function startProvider(): Promise<Provider> {
  const authorizations: Provider["authorizations"] = [];
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url!, issuer);
    const cors = {
      "access-control-allow-origin": graph?.gatewayBase ?? "",
      "access-control-allow-headers": "content-type, accept, authorization",
      vary: "origin",
    };
    if (request.method === "OPTIONS") return void response.writeHead(204, cors).end();
    if (url.pathname === "/.well-known/openid-configuration") {
      const discovery = {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        response_types_supported: ["code"],
        code_challenge_methods_supported: ["S256"],
        id_token_signing_alg_values_supported: ["RS256"],
      };
      return void response.writeHead(200, { ...cors, "content-type": "application/json" }).end(JSON.stringify(discovery));
    }
    if (url.pathname === "/authorize") {
      const parameters = Object.fromEntries(url.searchParams);
      authorizations.push({ parameters });
      const back = new URL(parameters.redirect_uri);
      back.search = new URLSearchParams({ code: `code-${authorizations.length - 1}`, state: parameters.state }).toString();
      return void response.writeHead(302, { location: back.href }).end();
    }
    if (url.pathname === "/token" && request.method === "POST") {
      let body = "";
      for await (const chunk of request) body += chunk;
      const form = new URLSearchParams(body);
      const authorization = authorizations[Number(form.get("code")?.replace("code-", ""))];
      const verified =
        Boolean(authorization) &&
        base64url(
          createHash("sha256")
            .update(form.get("code_verifier") ?? "")
            .digest(),
        ) === authorization.parameters.code_challenge;
      if (authorization) authorization.verified = verified;
      if (!verified || form.get("client_id") !== CLIENT_ID)
        return void response
          .writeHead(400, { ...cors, "content-type": "application/json" })
          .end(JSON.stringify({ error: "invalid_grant" }));
      const now = Math.floor(Date.now() / 1000);
      // The workspace reads no claim of the ID token; the provider's signature is not what is under test.
      const idToken = [
        base64url(JSON.stringify({ alg: "RS256", typ: "JWT" })),
        base64url(JSON.stringify({ iss: issuer, sub: "kam", aud: CLIENT_ID, iat: now, exp: now + 300 })),
        base64url("signature"),
      ].join(".");
      return void response
        .writeHead(200, { ...cors, "content-type": "application/json", "cache-control": "no-store" })
        .end(
          JSON.stringify({ access_token: graph.tokenFor("KEY_ACCOUNT_MANAGER"), token_type: "Bearer", expires_in: 300, id_token: idToken }),
        );
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, authorizations, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

interface Session {
  context: BrowserContext;
  page: Page;
  /** Requests to anything but the gateway's own origin, and CSP or script errors in the page. */
  problems: string[];
}

async function openWorkspace(viewport = { width: 1280, height: 800 }, otherOrigins: string[] = []): Promise<Session> {
  const context = await browser.newContext({ viewport, locale: "da-DK", timezoneId: "Europe/Copenhagen" });
  const problems = await refuseNonLoopback(context);
  const page = await context.newPage();
  page.on("request", (request) => {
    const url = new URL(request.url());
    if ((url.protocol === "http:" || url.protocol === "https:") && url.origin !== graph.gatewayBase && !otherOrigins.includes(url.origin))
      problems.push(`request to another origin: ${request.url()}`);
  });
  page.on("console", (message) => {
    // A refused request logs "Failed to load resource"; the requests themselves are checked above.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${graph.gatewayBase}/app/`);
  return { context, page, problems };
}

/** axe-core in the page (evaluated, not a script tag: the workspace's CSP allows none), WCAG 2.1 A and AA. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const results = await (globalThis as any).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return results.violations.map(
      (violation: any) => `${violation.id}: ${violation.help} (${violation.nodes.map((node: any) => node.target.join(" ")).join(", ")})`,
    );
  });
}

async function screen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
  expect({ screen: name, violations: await accessibilityViolations(page) }).toEqual({ screen: name, violations: [] });
}

async function logIn(page: Page, label: RegExp): Promise<void> {
  await page.locator("#demo-user option").nth(1).waitFor({ state: "attached" });
  const options = await page
    .locator("#demo-user option")
    .evaluateAll((elements) =>
      elements.map((element) => ({ value: (element as HTMLOptionElement).value, label: element.textContent ?? "" })),
    );
  const option = options.find((candidate) => label.test(candidate.label));
  expect(option).toBeDefined();
  await page.selectOption("#demo-user", option!.value);
  await page.getByRole("button", { name: "Log ind som demobruger" }).click();
  await page.getByRole("heading", { level: 1, name: "Mine virksomheder" }).waitFor();
}

/** An open, undecided case of the café in a department, for a caseworker to decide. */
function undecidedCafeCase(): { department: "KFF" | "TMF"; id: string; title: string } {
  for (const department of ["TMF", "KFF"] as const) {
    const found = (
      graph.world.cases[department] as { id: string; cvr: string; title: string; decidedAt?: string | null; closedAt?: string | null }[]
    ).find((candidate) => candidate.cvr === CAFE && !candidate.decidedAt && !candidate.closedAt);
    if (found) return { department, id: found.id, title: found.title };
  }
  throw new Error("the café has no undecided case in TMF or KFF");
}

describe("a key account manager's day", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openWorkspace();
  });
  afterAll(async () => {
    await session?.context.close();
  });

  it("logs in as a demo user, and a reload keeps the user but never stores the token", async () => {
    const { page } = session;
    await page.getByRole("heading", { level: 1, name: "Virksomhedsoverblik" }).waitFor();
    await screen(page, "01-log-ind");
    await logIn(page, /^Key account manager/);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Mine virksomheder" }).waitFor();
    const stored = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
    }));
    expect(stored.local).toBe("{}");
    expect(stored.session).not.toMatch(/eyJ/);
    await page.getByRole("link", { name: "Restaurant Kanalkanten ApS" }).waitFor();
    await screen(page, "02-mine-virksomheder");
  });

  it("searches the café as they type, by keyboard, with its status and advertising protection shown", async () => {
    const { page } = session;
    await page.getByRole("link", { name: "Søg" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Søg virksomhed" }).waitFor();
    await page.getByLabel(/Navn, binavn/).focus();
    await page.keyboard.type("Kanalkant");
    const result = page.getByRole("link", { name: "Restaurant Kanalkanten ApS" });
    await result.waitFor();
    await expect(page.locator(".results li").first().innerText()).resolves.toMatch(/CVR 36509120[\s\S]*Aktiv/);
    await screen(page, "03-soeg");
    await page.getByLabel(/Navn, binavn/).fill("Sydhavnens Metal");
    await page.locator(".results li", { hasText: "Sydhavnens Metalvarefabrik" }).getByText("Reklamebeskyttet").waitFor();
  });

  it("reads the café's page with a department down, named on the page, and the rest shown", async () => {
    const { page } = session;
    await graph.stopSubgraph("okf");
    try {
      await page.goto(`${graph.gatewayBase}/app/#/virksomhed/${CAFE}`);
      await page.getByRole("heading", { level: 1, name: "Restaurant Kanalkanten ApS" }).waitFor();
      await page.getByText("Økonomiforvaltningen svarer ikke lige nu").waitFor();
      expect(await page.locator(".cases-table tbody tr").count()).toBeGreaterThan(0);
      expect(await page.locator(".cases-table").innerText()).not.toMatch(/OKF/);
      await screen(page, "04-virksomhed-okf-nede");
      // What the README shows (docs/virksomhedsoverblik.png): the first screenful.
      await page.screenshot({ path: join(ARTEFACTS, "virksomhedsoverblik.png") });
    } finally {
      await graph.restartSubgraph("okf");
    }
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Restaurant Kanalkanten ApS" }).waitFor();
    await page.locator(".cases-table").getByText("Økonomi (OKF)").first().waitFor();
    expect(await page.getByText("svarer ikke lige nu").count()).toBe(0);
  });

  it("sorts and filters the cases and opens one", async () => {
    const { page } = session;
    const opened = page.getByRole("button", { name: /^Oprettet/ });
    await opened.click();
    await expect(page.locator("th", { has: opened }).getAttribute("aria-sort")).resolves.toBe("ascending");
    const dates = await page.locator(".cases-table tbody tr td:nth-child(4)").allInnerTexts();
    expect(dates.length).toBeGreaterThan(1);
    await page.selectOption("#filter-department", "TMF");
    expect(new Set(await page.locator(".cases-table tbody tr td:nth-child(2)").allInnerTexts())).toEqual(
      new Set(["Teknik og miljø (TMF)"]),
    );
    await page.selectOption("#filter-department", "");
    const first = page.locator(".cases-table tbody tr").first().getByRole("button");
    await first.focus();
    await page.keyboard.press("Enter");
    await expect(first.getAttribute("aria-expanded")).resolves.toBe("true");
    await page.locator(".details-row").getByText("Sagsnummer").waitFor();
    // The café is the demo key account manager's own account, followed without choosing to.
    await page.getByText("Din kunde (følges)").waitFor();
    await screen(page, "05-virksomhed");
  });

  it("prints the company as a one-page meeting brief", async () => {
    const { page } = session;
    await page.emulateMedia({ media: "print" });
    // A4 less the brief's margins, so the screenshot shows the page as printed.
    await page.setViewportSize({ width: 718, height: 1047 });
    try {
      await page.screenshot({ path: join(ARTEFACTS, "06-moedebrief-print.png"), fullPage: true });
      expect(await page.locator(".workspace-header").isVisible()).toBe(false);
      const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
      writeFileSync(join(ARTEFACTS, "06-moedebrief.pdf"), pdf);
      const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages).toBe(1);
    } finally {
      await page.emulateMedia({ media: "screen" });
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it("sees the notification when a department decides a followed company's case, and marks it read", async () => {
    const { page } = session;
    await page.getByRole("link", { name: /Notifikationer/ }).click();
    await page.getByRole("heading", { level: 1, name: "Notifikationer" }).waitFor();
    await page.getByText("Live: nye notifikationer vises").waitFor();
    // Decided while the list is open: it arrives over the gateway's stream, with no reload or navigation.
    const decided = undecidedCafeCase();
    const response = await fetch(`${graph.simulators[decided.department].baseUrl}/__admin/cases/${decided.id}/decide`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.ok).toBe(true);
    expect(await graph.caseEvents.pollOnce()).toBeGreaterThanOrEqual(1);
    const notification = page.locator(".notifications li.unread", { hasText: decided.title });
    await notification.waitFor();
    await expect(notification.innerText()).resolves.toMatch(/Afgørelse/);
    const badge = page.locator(".main-nav .unread");
    await expect(badge.innerText()).resolves.not.toBe("0");
    await screen(page, "07-notifikationer");
    const unreadBefore = Number(await badge.innerText());
    await notification.getByRole("button", { name: /Markér som læst/ }).click();
    await page.waitForFunction((before) => Number(document.querySelector(".main-nav .unread")?.textContent) === before - 1, unreadBefore);
  });

  it("subscribes by trusted-document id, and falls back to re-querying, saying so, where the gateway has no stream", async () => {
    const { page } = session;
    const opened: {
      authorization?: string;
      accept?: string;
      body?: { query?: string; operationName?: string; extensions?: { persistedQuery?: { sha256Hash?: string } } };
    }[] = [];
    await page.route("**/graphql/stream", (route) => {
      const request = route.request();
      opened.push({ authorization: request.headers().authorization, accept: request.headers().accept, body: request.postDataJSON() });
      return route.fulfill({ status: 404, body: "" });
    });
    try {
      await page.reload();
      await page.getByRole("link", { name: /Notifikationer/ }).click();
      await page.getByText("Live opdatering ikke tilgængelig").waitFor();
      expect(opened).toHaveLength(1);
      expect(opened[0]).toMatchObject({
        authorization: expect.stringMatching(/^Bearer ey/),
        accept: expect.stringContaining("text/event-stream"),
        body: {
          operationName: "NotificationAdded",
          extensions: { persistedQuery: { sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) } },
        },
      });
      // The id alone: the gateway holds the text.
      expect(opened[0].body?.query).toBeUndefined();
    } finally {
      await page.unroute("**/graphql/stream");
      await page.reload();
    }
  });

  it("follows and unfollows a company from its page", async () => {
    const { page } = session;
    await page.goto(`${graph.gatewayBase}/app/#/virksomhed/${BICYCLE_SHOP}`);
    await page.getByRole("heading", { level: 1, name: "Cykelhjørnet ApS" }).waitFor();
    await page.getByRole("button", { name: "Følg virksomheden" }).click();
    await page.getByRole("button", { name: /Følger/, pressed: true }).waitFor();
    await page.getByRole("link", { name: "Mine virksomheder" }).click();
    await page.getByRole("link", { name: "Cykelhjørnet ApS" }).waitFor();
    await page.goto(`${graph.gatewayBase}/app/#/virksomhed/${BICYCLE_SHOP}`);
    await page.getByRole("button", { name: /Følger/, pressed: true }).click();
    await page.getByRole("button", { name: "Følg virksomheden", pressed: false }).waitFor();
  });

  it("is shown the graph's refusal of the service levels, which are the analysts'", async () => {
    const { page } = session;
    await page.getByRole("link", { name: "Servicemål" }).click();
    await page.getByRole("heading", { level: 1, name: "Servicemål" }).waitFor();
    await page.getByText(/kun for ANALYST/).waitFor();
    expect(session.problems).toEqual([]);
  });
});

describe("production log-in", () => {
  it("logs in through the municipality's OpenID Connect provider with PKCE, keeps the token out of storage, and logs in again on reload", async () => {
    const session = await openWorkspace(undefined, [provider.issuer]);
    try {
      const { page } = session;
      await page.getByRole("button", { name: "Log ind med kommunens login" }).click();
      await page.getByRole("heading", { level: 1, name: "Mine virksomheder" }).waitFor();
      expect(provider.authorizations).toHaveLength(1);
      expect(provider.authorizations[0]).toMatchObject({
        parameters: {
          client_id: CLIENT_ID,
          response_type: "code",
          code_challenge_method: "S256",
          redirect_uri: `${graph.gatewayBase}/app/`,
        },
        verified: true,
      });
      expect(page.url()).not.toMatch(/code=|state=/);
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
      expect(stored).not.toMatch(/eyJ/);
      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Mine virksomheder" }).waitFor();
      expect(provider.authorizations.map((authorization) => authorization.verified)).toEqual([true, true]);
      expect(session.problems).toEqual([]);
    } finally {
      await session.context.close();
    }
  });
});

describe("the development unit's service levels", () => {
  it("shows them per department and service as a table and an accessible chart", async () => {
    const session = await openWorkspace();
    try {
      const { page } = session;
      await logIn(page, /^Analyst/);
      await page.getByRole("link", { name: "Servicemål" }).click();
      await page.getByRole("heading", { level: 1, name: "Servicemål" }).waitFor();
      await page.getByRole("img", { name: /over måltid pr. forvaltning/ }).waitFor();
      expect(await page.locator("table").first().locator("tbody tr").count()).toBe(4);
      await screen(page, "08-servicemaal");
      expect(session.problems).toEqual([]);
    } finally {
      await session.context.close();
    }
  });
});

describe("the front office's day", () => {
  let session: Session;
  beforeAll(async () => {
    session = await openWorkspace();
    await logIn(session.page, /^Front office/);
  });
  afterAll(async () => {
    await session?.context.close();
  });

  it("registers a two-part inquiry after a confirmation step, with the graph's validation shown", async () => {
    const { page } = session;
    await page.goto(`${graph.gatewayBase}/app/#/henvendelser/${CAFE}`);
    await page.getByRole("heading", { level: 1, name: /Henvendelser: Restaurant Kanalkanten/ }).waitFor();
    await page.getByRole("button", { name: "Gennemse henvendelsen" }).click();
    await page.getByText("Skriv, hvad henvendelsen handler om.").waitFor();
    await page.getByText("Vælg mindst én ydelse.").waitFor();
    await page.getByLabel("Emne").fill("Udeservering og alkoholbevilling til terrassen");
    await page.getByLabel("Find ydelse").fill("alkohol");
    await page.getByRole("checkbox", { name: /^Alkoholbevillinger/ }).check();
    await page.getByLabel("Find ydelse").fill("udendørsservering");
    await page.getByRole("checkbox", { name: /^Tilladelse til udendørsservering/ }).check();
    await page.getByRole("button", { name: "Gennemse henvendelsen" }).click();
    await page.getByRole("heading", { name: "Bekræft henvendelsen" }).waitFor();
    await screen(page, "09-henvendelse-bekraeft");
    const before = await page.locator("article.inquiry").count();
    // The first answer is lost on the way back (the CRM has registered it): the workspace sends
    // again with the same idempotency key and gets the first inquiry, not a second one.
    let lost = 0;
    await page.route("**/graphql", async (route) => {
      if (lost === 0 && route.request().postDataJSON()?.operationName === "RegisterInquiry") {
        lost++;
        await route.fetch();
        return route.abort("connectionreset");
      }
      return route.continue();
    });
    await page.getByRole("button", { name: "Send henvendelsen" }).click();
    await page.getByText("Henvendelsen er registreret").waitFor();
    await page.unroute("**/graphql");
    expect(lost).toBe(1);
    await page.waitForFunction((count) => document.querySelectorAll("article.inquiry").length === count + 1, before);
    const inquiry = page.locator("article.inquiry", { hasText: "Udeservering og alkoholbevilling til terrassen" });
    expect(await inquiry.locator("tbody tr").count()).toBe(2);
    const registered = await graph.query<{ company: { inquiries: { topic: string }[] } }>(
      `query($cvr: ID!) { company(cvr: $cvr) { inquiries { topic } } }`,
      { cvr: CAFE },
    );
    expect(
      registered.data!.company.inquiries.filter((candidate) => candidate.topic === "Udeservering og alkoholbevilling til terrassen"),
    ).toHaveLength(1);
  });

  it("hands a part over to a caseworker", async () => {
    const { page } = session;
    const inquiry = page.locator("article.inquiry", { hasText: "Udeservering og alkoholbevilling til terrassen" });
    const part = inquiry.locator("tbody tr").first();
    const select = part.locator("select");
    const choice = await select
      .locator("option")
      .nth(1)
      .evaluate((option) => ({ value: (option as HTMLOptionElement).value, label: option.textContent ?? "" }));
    await select.selectOption(choice.value);
    await part.getByRole("button", { name: "Overdrag" }).click();
    await inquiry.locator("tbody tr").first().getByText("Overdraget").waitFor();
    await expect(inquiry.locator("tbody tr").first().innerText()).resolves.toContain(choice.label);
    await screen(page, "10-henvendelse-overdraget");
  });

  it("adds a note and a follow-up to it, with the graph's validation shown at the field", async () => {
    const { page } = session;
    const inquiry = page.locator("article.inquiry", { hasText: "Udeservering og alkoholbevilling til terrassen" });
    await inquiry.getByLabel("Nyt notat").fill("Ringede tilbage: ansøgningen om udeservering sendes i dag.");
    await inquiry.getByRole("button", { name: "Gem notat" }).click();
    await inquiry.getByText("Ringede tilbage: ansøgningen om udeservering sendes i dag.").waitFor();
    await inquiry.getByLabel("Ny opfølgning").fill("Tjek at ansøgningen er modtaget");
    await inquiry.getByLabel("Frist").fill("2020-01-01");
    await inquiry.getByRole("button", { name: "Gem opfølgning" }).click();
    const refusal = inquiry.locator(".form-error-message");
    await refusal.waitFor();
    await expect(inquiry.getByLabel("Frist").getAttribute("aria-describedby")).resolves.toBe(await refusal.getAttribute("id"));
    await inquiry.getByLabel("Frist").fill(`${new Date().getUTCFullYear() + 1}-01-15`);
    await inquiry.getByRole("button", { name: "Gem opfølgning" }).click();
    await inquiry.getByText(/Tjek at ansøgningen er modtaget: frist 15\. jan\./).waitFor();
    await screen(page, "11-henvendelse-notat-opfoelgning");
  });

  it("is refused outreach to an advertising-protected company, with the reason in Danish", async () => {
    const { page } = session;
    await page.goto(`${graph.gatewayBase}/app/#/henvendelser/${PROTECTED_MANUFACTURER}`);
    await page.getByRole("heading", { level: 1, name: /Sydhavnens Metalvarefabrik/ }).waitFor();
    await page.getByLabel("Emne").fill("Besøg om rekruttering");
    await page.selectOption("#channel", "OUTREACH");
    await page.getByLabel("Find ydelse").fill("rekruttering");
    await page.getByRole("checkbox").first().check();
    await page.getByRole("button", { name: "Gennemse henvendelsen" }).click();
    await page.getByRole("button", { name: "Send henvendelsen" }).click();
    await page.getByText("Afvist: virksomheden er reklamebeskyttet").waitFor();
    await expect(page.locator(".alert-error").innerText()).resolves.toMatch(/reklamebeskyt/i);
    await screen(page, "12-henvendelse-afvist");
  });

  it("works at a tablet's width", async () => {
    const { page } = session;
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${graph.gatewayBase}/app/#/virksomhed/${CAFE}`);
    await page.getByRole("heading", { level: 1, name: "Restaurant Kanalkanten ApS" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screen(page, "13-virksomhed-tablet");
    expect(session.problems).toEqual([]);
  });
});
