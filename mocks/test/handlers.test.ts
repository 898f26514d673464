import { setupServer } from "msw/node";
import { type Case, generateWorld } from "../generator/index";
import { MAX_BATCH, allHandlers, createSimulators } from "../shared/department-api";

/** Fault waits (latency, hang) are handed to the test, which releases them: nothing here waits for real time. */
type Wait = { ms: number | "infinite"; release: () => void };
const waitListeners: ((wait: Wait) => void)[] = [];
const nextWait = () => new Promise<Wait>((resolve) => waitListeners.push(resolve));
const wait = (ms: number | "infinite") => new Promise<void>((release) => waitListeners.shift()?.({ ms, release }) ?? release());

const world = generateWorld({ profile: "small" });
const simulators = createSimulators(world, { wait });
const server = setupServer(...allHandlers(simulators));
const BIF = simulators.BIF.baseUrl;
const TMF = simulators.TMF.baseUrl;
const { restaurant, manufacturer, bicycleRetailer } = world.showcase;

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  for (const simulator of Object.values(simulators)) {
    simulator.faults.clear();
    simulator.requestLog.reset();
  }
});
afterAll(() => server.close());

/** Status, content type and body; the body is typed as a case list, the common answer. */
async function json(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; type: string | null; body: { items: Case[] } & Record<string, unknown> }> {
  const response = await fetch(url, init);
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: (await response.json()) as { items: Case[] } & Record<string, unknown>,
  };
}

describe("department API contract (msw)", () => {
  it("uses the documented base URLs", () => {
    expect(simulators.BIF.baseUrl).toBe("http://bif.simulator.test");
    expect(simulators.OKF.baseUrl).toBe("http://okf.simulator.test");
  });

  it("answers /health", async () => {
    expect(await json(`${BIF}/health`)).toMatchObject({ status: 200, body: { status: "ok" } });
  });

  it("returns every case of a batch of companies in one call", async () => {
    const { status, body } = await json(`${BIF}/cases?cvr=${manufacturer},${restaurant},${bicycleRetailer}`);
    expect(status).toBe(200);
    const expected = world.cases.BIF.filter((item) => item.cvr === manufacturer || item.cvr === restaurant);
    expect(body.items).toHaveLength(expected.length);
    expect(body.items.length).toBeGreaterThan(10);
    expect(new Set(body.items.map((item) => item.cvr))).toEqual(new Set([manufacturer]));
    expect(simulators.BIF.requestLog.count("/cases")).toBe(1);
  });

  it("returns the listed cases by id, leaving unknown ids out", async () => {
    const [first, second] = world.cases.TMF;
    const { body } = await json(`${TMF}/cases?id=${first.id},TMF-9999999,${second.id}`);
    expect(body.items).toEqual([first, second]);
  });

  it("returns one case, or 404 as a problem", async () => {
    const item = world.cases.TMF[5];
    expect((await json(`${TMF}/cases/${item.id}`)).body).toEqual(item);
    const missing = await json(`${TMF}/cases/TMF-9999999`);
    expect(missing).toMatchObject({
      status: 404,
      type: "application/problem+json",
      body: { type: expect.any(String), title: "Not Found", status: 404, detail: expect.stringContaining("TMF-9999999") },
    });
  });

  it.each([
    ["no parameter", ""],
    ["both cvr and id", `?cvr=${restaurant}&id=BIF-0000001`],
    ["an empty value", `?cvr=${restaurant},`],
    ["a malformed CVR", "?cvr=1234"],
    ["a CVR failing modulus 11", "?cvr=12345678"],
    ["more than 500 values", `?id=${Array.from({ length: MAX_BATCH + 1 }, (_, i) => `BIF-${i}`).join(",")}`],
  ])("answers 400 problem+json for %s", async (_, query) => {
    const answer = await json(`${BIF}/cases${query}`);
    expect(answer).toMatchObject({
      status: 400,
      type: "application/problem+json",
      body: { type: expect.any(String), title: "Bad Request", status: 400, detail: expect.any(String) },
    });
  });

  it("accepts exactly 500 values", async () => {
    const ids = world.cases.BIF.slice(0, MAX_BATCH).map((item) => item.id);
    const { status, body } = await json(`${BIF}/cases?id=${ids.join(",")}`);
    expect(status).toBe(200);
    expect(body.items).toHaveLength(MAX_BATCH);
  });

  it("returns permits by CVR, and an empty list from systems without permits", async () => {
    const { body } = await json(`${TMF}/permits?cvr=${restaurant},${manufacturer}`);
    expect(body.items.length).toBe(world.permits.TMF.filter((permit) => permit.cvr === restaurant || permit.cvr === manufacturer).length);
    expect((body.items as unknown as { kind: string }[]).some((permit) => permit.kind === "outdoor-serving")).toBe(true);
    expect((await json(`${BIF}/permits?cvr=${manufacturer}`)).body).toEqual({ items: [] });
    expect((await json(`${BIF}/permits`)).status).toBe(400);
  });

  it("answers unknown paths with a 404 problem", async () => {
    expect(await json(`${BIF}/companies`)).toMatchObject({ status: 404, type: "application/problem+json" });
  });
});

describe("request log", () => {
  it("counts requests per endpoint where they arrive, but not admin calls", async () => {
    await fetch(`${BIF}/cases?cvr=${restaurant}`);
    await fetch(`${BIF}/cases/BIF-0000001`);
    await fetch(`${BIF}/permits?cvr=${restaurant}`);
    await fetch(`${BIF}/__admin/requests`);
    const log = simulators.BIF.requestLog;
    expect(log.count()).toBe(3);
    expect(log.count("/cases")).toBe(1);
    expect(log.count("/cases/{id}")).toBe(1);
    expect(log.entries[0]).toMatchObject({ method: "GET", path: "/cases", query: { cvr: restaurant } });
    expect(simulators.TMF.requestLog.count()).toBe(0);
    expect((await json(`${BIF}/__admin/requests`)).body).toEqual({ total: 3, byPath: { "/cases": 1, "/cases/{id}": 1, "/permits": 1 } });
    await fetch(`${BIF}/__admin/requests/reset`, { method: "POST" });
    expect(log.count()).toBe(0);
  });
});

describe("fault injection", () => {
  it("fails with the chosen status", async () => {
    simulators.BIF.faults.set({ status: 503 });
    expect(await json(`${BIF}/health`)).toMatchObject({ status: 503, type: "application/problem+json", body: { status: 503 } });
    simulators.BIF.faults.clear();
    expect((await fetch(`${BIF}/health`)).status).toBe(200);
  });

  it("fails a deterministic share of requests with errorRate", async () => {
    simulators.BIF.faults.set({ errorRate: 0.5 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${BIF}/health`)).status);
    expect(statuses).toEqual([200, 500, 200, 500]);
  });

  it("sends malformed JSON", async () => {
    simulators.TMF.faults.set({ malformedJson: true });
    const response = await fetch(`${TMF}/cases?cvr=${restaurant}`);
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
  });

  it("adds latency: the answer waits for it", async () => {
    simulators.BIF.faults.set({ latencyMs: 150 });
    const waiting = nextWait();
    let answered = false;
    const response = fetch(`${BIF}/health`).then((answer) => ((answered = true), answer));
    const latency = await waiting;
    expect(latency.ms).toBe(150);
    expect(answered).toBe(false);
    latency.release();
    expect((await response).status).toBe(200);
  });

  it("hangs until the caller gives up", async () => {
    simulators.BIF.faults.set({ hang: true });
    const waiting = nextWait();
    const caller = new AbortController();
    const response = fetch(`${BIF}/health`, { signal: caller.signal });
    expect((await waiting).ms).toBe("infinite");
    caller.abort();
    await expect(response).rejects.toThrow();
    expect(simulators.BIF.requestLog.count("/health")).toBe(1);
  });

  it("holds every answer until the faults are set again", async () => {
    simulators.BIF.faults.set({ hold: true });
    const before = simulators.BIF.requestLog.count("/health");
    let answered = 0;
    const responses = [fetch(`${BIF}/health`), fetch(`${BIF}/health`)].map((response) => response.then((answer) => (answered++, answer)));
    while (simulators.BIF.requestLog.count("/health") < before + 2) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(0);
    simulators.BIF.faults.set({});
    expect((await Promise.all(responses)).map((response) => response.status)).toEqual([200, 200]);
  });

  it("resets the connection", async () => {
    simulators.BIF.faults.set({ connectionReset: true });
    await expect(fetch(`${BIF}/health`)).rejects.toThrow();
  });

  it("is switched at run time over the admin endpoint, and {} clears it", async () => {
    const set = await json(`${TMF}/__admin/faults`, { method: "POST", body: JSON.stringify({ status: 500 }) });
    expect(set).toMatchObject({ status: 200, body: { status: 500 } });
    expect((await fetch(`${TMF}/health`)).status).toBe(500);
    await fetch(`${TMF}/__admin/faults`, { method: "POST", body: "{}" });
    expect((await fetch(`${TMF}/health`)).status).toBe(200);
    const invalid = await json(`${TMF}/__admin/faults`, { method: "POST", body: JSON.stringify({ errorRate: 2 }) });
    expect(invalid).toMatchObject({ status: 400, type: "application/problem+json" });
  });
});
