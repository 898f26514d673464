import { http, HttpResponse, delay } from "msw";
import { setupServer } from "msw/node";
import { SourceClient } from "../src/source-client";
import { SourceError } from "../src/errors";
import { redirectLogs } from "../src/observability/logger";

const base = "http://tmf.source.test";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Retries wait for nothing here: what is tested is which attempts happen, not how long apart. */
const noBackoff = async () => undefined;
const client = new SourceClient({ department: "TMF", baseUrl: base, timeoutMs: 200, sleep: noBackoff });

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error("expected a SourceError");
}

describe("source client", () => {
  it("sends list parameters comma-separated and parses JSON", async () => {
    server.use(http.get(`${base}/cases`, ({ request }) => HttpResponse.json({ cvr: new URL(request.url).searchParams.get("cvr") })));
    await expect(client.getJson("/cases", { cvr: ["13748136", "10000009"] })).resolves.toEqual({ cvr: "13748136,10000009" });
  });

  it.each([
    ["a 503", () => new HttpResponse(null, { status: 503 }), "SOURCE_UNAVAILABLE"],
    ["a 503 with a problem body", () => HttpResponse.json({ title: "Service Unavailable" }, { status: 503 }), "SOURCE_UNAVAILABLE"],
    ["a 400", () => new HttpResponse(null, { status: 400 }), "SOURCE_BAD_RESPONSE"],
    ["malformed JSON", () => new HttpResponse("{not json", { headers: { "content-type": "application/json" } }), "SOURCE_BAD_RESPONSE"],
    ["a connection reset", () => HttpResponse.error(), "SOURCE_UNAVAILABLE"],
  ])("turns %s into a SourceError naming the department", async (_name, respond, code) => {
    server.use(http.get(`${base}/cases`, respond));
    const error = await failure(client.getJson("/cases"));
    expect(error.extensions).toEqual({ code, department: "TMF" });
  });

  it("gives up when the call's timeout fires, while the system still has not answered", async () => {
    const budgets: number[] = [];
    const timeout = new AbortController();
    const timed = new SourceClient({
      department: "TMF",
      baseUrl: base,
      timeoutMs: 200,
      sleep: noBackoff,
      deadline: (ms) => (budgets.push(ms), timeout.signal),
    });
    server.use(http.get(`${base}/cases`, async () => (timeout.abort(), await delay("infinite"), HttpResponse.json({}))));
    const error = await failure(timed.getJson("/cases"));
    expect(error.extensions).toEqual({ code: "SOURCE_TIMEOUT", department: "TMF" });
    // One budget for the whole call, retries included.
    expect(budgets).toEqual([200]);
  });
});

describe("source client resilience", () => {
  afterEach(() => jest.restoreAllMocks());

  function countingClient(respond: () => Response | Promise<Response>, options: { retries?: number; failureThreshold?: number } = {}) {
    let calls = 0;
    server.use(http.get(`${base}/cases`, () => (calls++, respond())));
    const resilient = new SourceClient({
      department: "KFF",
      baseUrl: base,
      timeoutMs: 2_000,
      retries: options.retries ?? 2,
      sleep: noBackoff,
      circuit: { failureThreshold: options.failureThreshold ?? 100, resetMs: 60_000 },
    });
    return { client: resilient, calls: () => calls };
  }

  it.each([
    ["a 503", () => new HttpResponse(null, { status: 503 })],
    ["a connection reset", () => HttpResponse.error()],
  ])("retries %s, a transient failure, up to the configured number of times", async (_name, respond) => {
    const { client: resilient, calls } = countingClient(respond as () => Response, { retries: 2 });
    await expect(failure(resilient.getJson("/cases"))).resolves.toMatchObject({
      extensions: { code: "SOURCE_UNAVAILABLE", department: "KFF" },
    });
    expect(calls()).toBe(3);
  });

  it("retries a read sent as POST (its parameters do not fit a URL) on a connection reset too", async () => {
    let calls = 0;
    server.use(
      http.post(`${base}/statistics/service-levels`, () => (++calls === 1 ? HttpResponse.error() : HttpResponse.json({ services: [] }))),
    );
    const resilient = new SourceClient({ department: "KFF", baseUrl: base, timeoutMs: 2_000, retries: 2, sleep: noBackoff });
    await expect(resilient.postJson("/statistics/service-levels", { from: "2026-01-01" })).resolves.toEqual({ services: [] });
    expect(calls).toBe(2);
  });

  it("answers once a retry succeeds", async () => {
    let calls = 0;
    server.use(
      http.get(`${base}/cases`, () => (++calls === 1 ? new HttpResponse(null, { status: 500 }) : HttpResponse.json({ items: [] }))),
    );
    const resilient = new SourceClient({ department: "KFF", baseUrl: base, timeoutMs: 2_000, retries: 2, sleep: noBackoff });
    await expect(resilient.getJson("/cases")).resolves.toEqual({ items: [] });
    expect(calls).toBe(2);
  });

  it.each([
    ["a 400", () => new HttpResponse(null, { status: 400 })],
    ["malformed JSON", () => new HttpResponse("{not json", { headers: { "content-type": "application/json" } })],
  ])("does not retry %s: asking again gives the same answer", async (_name, respond) => {
    const { client: resilient, calls } = countingClient(respond, { retries: 2 });
    await expect(failure(resilient.getJson("/cases"))).resolves.toMatchObject({ extensions: { code: "SOURCE_BAD_RESPONSE" } });
    expect(calls()).toBe(1);
  });

  it("opens its circuit after consecutive failed calls and then fails fast without calling the system", async () => {
    const { client: resilient, calls } = countingClient(() => new HttpResponse(null, { status: 500 }), { retries: 1, failureThreshold: 2 });
    const logLines: string[] = [];
    const restoreLogs = redirectLogs({ write: (line) => void logLines.push(line) }, "warn");
    try {
      for (let i = 0; i < 2; i++) await failure(resilient.getJson("/cases"));
    } finally {
      restoreLogs();
    }
    expect(calls()).toBe(4);
    expect(resilient.circuitState).toBe("open");
    expect(logLines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ level: "warn", department: "KFF", circuit: "open", msg: "source circuit changed" }),
    );

    const refused = await failure(resilient.getJson("/cases"));
    expect(refused.extensions).toEqual({ code: "SOURCE_UNAVAILABLE", department: "KFF" });
    expect(refused.detail).toMatch(/circuit open/);
    expect(calls()).toBe(4);
  });

  it("lets a probe through once the cool-down has passed on its clock, and closes when the system answers", async () => {
    let now = 0;
    let healthy = false;
    server.use(http.get(`${base}/cases`, () => (healthy ? HttpResponse.json({ items: [] }) : new HttpResponse(null, { status: 500 }))));
    const resilient = new SourceClient({
      department: "KFF",
      baseUrl: base,
      timeoutMs: 2_000,
      retries: 0,
      circuit: { failureThreshold: 1, resetMs: 10_000, now: () => now },
    });
    const restoreLogs = redirectLogs({ write: () => undefined }, "warn");
    try {
      await failure(resilient.getJson("/cases"));
      healthy = true;
      now += 9_999;
      expect((await failure(resilient.getJson("/cases"))).detail).toMatch(/circuit open/);
      now += 1;
      expect(resilient.circuitState).toBe("half-open");
      await expect(resilient.getJson("/cases")).resolves.toEqual({ items: [] });
      expect(resilient.circuitState).toBe("closed");
    } finally {
      restoreLogs();
    }
  });

  it("does not open its circuit when the system rejects requests (4xx): it is alive", async () => {
    const { client: resilient } = countingClient(() => new HttpResponse(null, { status: 404 }), { failureThreshold: 1 });
    await failure(resilient.getJson("/cases"));
    await failure(resilient.getJson("/cases"));
    expect(resilient.circuitState).toBe("closed");
  });
});
