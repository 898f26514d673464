/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startGraph, type Graph } from "../harness/graph";
import { launchChromium, refuseNonLoopback } from "./chromium";

const CAFE = "36509120";
const SCREENSHOT = "/tmp/explorer.browser.png";
const SCREENSHOTS = "/tmp/explorer.browser";
const EXAMPLE_INQUIRY_TOPIC = "Alkoholbevilling og udeservering til den nye terrasse";
const ALCOHOL_LICENCE = `query AlcoholLicence($cvr: ID!) {
  company(cvr: $cvr) {
    cvr
    cases(department: KFF, first: 50) {
      edges { node { id ... on KffCase { details { __typename ... on AlcoholLicenceCase { licenceType manager { name } vetting { policeStatement } } } } } }
    }
  }
}`;

let graph: Graph;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let violations: string[];

beforeAll(async () => {
  graph = await startGraph({ explorer: { environment: "development" } });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  violations = await refuseNonLoopback(context);
  page = await context.newPage();
  await page.goto(`${graph.gatewayBase}/`);
  await page.locator(".graphiql-tab").first().waitFor();
});
afterAll(async () => {
  await browser?.close();
  await graph?.stop();
});

/** GraphiQL's Monaco editor (GraphiQL keeps the API in globalThis.__MONACO) inside `selector` (query, variables or response pane). */
function editorValue(selector: string): Promise<string> {
  return page.evaluate((inside) => {
    const editor = (globalThis as any).__MONACO.editor
      .getEditors()
      .find((candidate: any) => candidate.getContainerDomNode().closest(inside));
    return editor ? (editor.getValue() as string) : "";
  }, selector);
}

function setEditorValue(selector: string, value: string): Promise<void> {
  return page.evaluate(
    ([inside, text]) => {
      const editor = (globalThis as any).__MONACO.editor
        .getEditors()
        .find((candidate: any) => candidate.getContainerDomNode().closest(inside) && candidate.getContainerDomNode().offsetParent);
      editor.setValue(text);
    },
    [selector, value] as const,
  );
}

async function actAs(label: RegExp): Promise<void> {
  const options = await page
    .locator("#user option")
    .evaluateAll((elements) =>
      elements.map((element) => ({ value: (element as HTMLOptionElement).value, label: element.textContent ?? "" })),
    );
  const option = options.find((candidate) => label.test(candidate.label));
  expect(option).toBeDefined();
  await page.selectOption("#user", option!.value);
  await page.locator("#token-status", { hasText: "token udstedt" }).waitFor();
}

async function run(): Promise<Record<string, any>> {
  await setEditorValue(".graphiql-response", "");
  await page.locator(".graphiql-execute-button").click();
  await page.waitForFunction(() => {
    const editor = (globalThis as any).__MONACO.editor
      .getEditors()
      .find((candidate: any) => candidate.getContainerDomNode().closest(".graphiql-response"));
    return editor && editor.getValue().trim().startsWith("{");
  });
  return JSON.parse(await editorValue(".graphiql-response"));
}

const activeTab = () => page.locator(".graphiql-tab.graphiql-tab-active").innerText();

async function openTab(title: string): Promise<void> {
  const titles = (await page.locator(".graphiql-tab").allInnerTexts()).map((text) => text.trim());
  expect(titles).toContain(title);
  await page.locator(".graphiql-tab").nth(titles.indexOf(title)).locator("button").first().click();
  expect(await activeTab()).toBe(title);
}

const docsButton = () => page.locator('.graphiql-sidebar button[aria-label*="Documentation"]');

/** Each tab's title, and whether a click at its middle lands on it (not on "+" or outside the bar). */
function tabsUnderThePointer(): Promise<{ title: string; reachable: boolean }[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll(".graphiql-tab")).map((tab) => {
      const box = tab.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return { title: (tab as HTMLElement).innerText.trim(), reachable: !!hit && tab.contains(hit) };
    }),
  );
}

const exampleInquiries = () => graph.crmDatabase.prisma.inquiry.count({ where: { topic: EXAMPLE_INQUIRY_TOPIC } });

describe("the explorer in Chromium", () => {
  it("opens on the company view and, before anyone is picked, points at »Act as«", async () => {
    expect(await activeTab()).toContain("CompanyView");
    const answer = await run();
    expect(answer.errors[0].message).toMatch(/^Vælg en bruger under »Act as«/);
  });

  it("before anyone is picked, the docs pane says in Danish why it has no schema", async () => {
    await docsButton().click();
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.getByText(/^Vælg en bruger under »Act as«/).waitFor();
    expect(await page.getByText("Error fetching schema").count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}-docs-before-a-user.png` });
    await docsButton().click();
  });

  it("as a key account manager: each example tab opens with one click, and the company view shows the café", async () => {
    await actAs(/^Key account manager/);
    expect(await editorValue(".graphiql-response")).toBe("");
    const tabs = page.locator(".graphiql-tab");
    const titles = await tabs.allInnerTexts();
    expect(titles.length).toBeGreaterThanOrEqual(3);
    // Every tab but the last lost its first click while GraphiQL's reorder animation offset the tabs.
    for (const title of [titles[2], titles[1], titles[0]]) {
      await tabs.filter({ hasText: title }).locator("button").first().click();
      expect(await activeTab()).toBe(title);
    }
    expect(await activeTab()).toContain("CompanyView");
    const answer = await run();
    expect(answer.errors).toBeUndefined();
    expect(answer.data.company.cvr).toBe(CAFE);
    expect(answer.data.company.cases.totalCount).toBeGreaterThan(0);
  });

  it("every example tab runs with its own variables: none is refused for a missing variable", async () => {
    const titles = (await page.locator(".graphiql-tab").allInnerTexts()).map((title) => title.trim());
    for (const title of titles.filter((candidate) => candidate !== "RegisterInquiry")) {
      await openTab(title);
      const answer = await run();
      const refusedInput = (answer.errors ?? []).filter((error: any) =>
        ["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"].includes(error.extensions?.code),
      );
      expect({ title, refusedInput }).toEqual({ title, refusedInput: [] });
      expect({ title, data: answer.data !== null && answer.data !== undefined }).toEqual({ title, data: true });
    }
  });

  it("as front office: the previous user's answer is gone, and the alcohol licence's personal fields are FORBIDDEN", async () => {
    await actAs(/^Front office/);
    expect(await editorValue(".graphiql-response")).toBe("");
    await page.locator(".graphiql-tab-add").click();
    await setEditorValue(".graphiql-query-editor", ALCOHOL_LICENCE);
    await setEditorValue(".graphiql-editor-tool", JSON.stringify({ cvr: CAFE }));
    // GraphiQL reads the operation name from the editor after a debounce; running before it has
    // would send the previous tab's name with this document.
    await page.locator(".graphiql-tab.graphiql-tab-active", { hasText: "AlcoholLicence" }).waitFor();
    const answer = await run();
    const licences = answer.data.company.cases.edges
      .map((edge: any) => edge.node.details)
      .filter((details: any) => details?.__typename === "AlcoholLicenceCase");
    expect(licences.length).toBeGreaterThan(0);
    for (const licence of licences)
      expect({ manager: licence.manager, vetting: licence.vetting }).toEqual({ manager: null, vetting: null });
    const forbidden = (answer.errors ?? []).filter((error: any) => error.extensions?.code === "FORBIDDEN");
    expect(forbidden.length).toBeGreaterThan(0);
    for (const error of forbidden) if (error.path) expect(["manager", "vetting"]).toContain(error.path.at(-1));
  });

  it("every tab, the eighth included, is in view and takes a click: none hides under »+«", async () => {
    const tabs = await tabsUnderThePointer();
    expect(tabs.length).toBeGreaterThanOrEqual(8);
    expect(tabs.filter((tab) => !tab.reachable)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}-eight-tabs.png` });
    await openTab(tabs.at(-1)!.title);
    await openTab(tabs[0].title);
  });

  it("the RegisterInquiry example writes only after the user confirms it", async () => {
    const before = await exampleInquiries();
    await openTab("RegisterInquiry");
    const declined: string[] = [];
    page.once("dialog", (dialog) => {
      declined.push(dialog.message());
      void dialog.dismiss();
    });
    const notRun = await run();
    expect(declined).toHaveLength(1);
    expect(declined[0]).toMatch(/^Denne operation skriver/);
    expect(notRun.errors[0].message).toMatch(/^Ikke kørt/);
    expect(await exampleInquiries()).toBe(before);

    page.once("dialog", (dialog) => void dialog.accept());
    const written = await run();
    expect(written.errors).toBeUndefined();
    expect(written.data.registerInquiry.topic).toBe(EXAMPLE_INQUIRY_TOPIC);
    expect(await exampleInquiries()).toBe(before + 1);
  });

  it("reads the schema again for the new user: Docs finds Company", async () => {
    await docsButton().click();
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.waitFor();
    expect(await page.getByText("Error fetching schema").count()).toBe(0);
    await docs.locator("input").fill("Company");
    await page
      .locator('[role="option"], .graphiql-doc-explorer-search li', { hasText: /^Company$/ })
      .first()
      .waitFor();
  });

  it("a reload keeps the chosen user and the tabs, an edited example too, without a duplicate", async () => {
    // The docs search of the test before holds the focus (and makes the page inert) until Escape.
    await page.keyboard.press("Escape");
    await openTab("CompanyView");
    await setEditorValue(".graphiql-query-editor", `${await editorValue(".graphiql-query-editor")}\n# read before the visit`);
    // GraphiQL stores its tabs after a debounce.
    await page.waitForFunction(() => (sessionStorage.getItem("graphiql:tabState") ?? "").includes("# read before the visit"));
    const titles = await page.locator(".graphiql-tab").allInnerTexts();
    const user = await page.locator("#user").inputValue();
    expect(user).not.toBe("");
    await page.reload();
    await page.locator(".graphiql-tab").first().waitFor();
    expect(await page.locator("#user").inputValue()).toBe(user);
    await page.locator("#token-status", { hasText: "token udstedt" }).waitFor();
    expect((await page.locator(".graphiql-tab").allInnerTexts()).sort()).toEqual([...titles].sort());
    await openTab("CompanyView");
    expect(await editorValue(".graphiql-query-editor")).toContain("# read before the visit");
    const answer = await run();
    expect(answer.errors).toBeUndefined();
    expect(answer.data.company.cvr).toBe(CAFE);
    await page.screenshot({ path: `${SCREENSHOTS}-after-reload.png` });
  });

  it("fits the window: no scrolling, the settings gear in view (screenshot in /tmp)", async () => {
    await page.screenshot({ path: SCREENSHOT });
    const size = await page.evaluate(() => ({
      scrollHeight: document.documentElement.scrollHeight,
      scrollWidth: document.documentElement.scrollWidth,
      height: innerHeight,
      width: innerWidth,
    }));
    expect(size.scrollHeight).toBeLessThanOrEqual(size.height);
    expect(size.scrollWidth).toBeLessThanOrEqual(size.width);
    const gear = await page.locator('.graphiql-sidebar button[aria-label*="settings" i]').boundingBox();
    expect(gear).not.toBeNull();
    expect(gear!.y + gear!.height).toBeLessThanOrEqual(size.height);
  });

  it("asked nothing of any host but this machine", () => {
    expect(violations).toEqual([]);
  });
});
