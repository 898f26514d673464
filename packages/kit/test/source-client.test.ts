import { http, HttpResponse, delay } from "msw";
import { setupServer } from "msw/node";
import { SourceClient } from "../src/source-client";
import { SourceError } from "../src/errors";

const base = "http://tmf.source.test";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = new SourceClient({ department: "TMF", baseUrl: base, timeoutMs: 200 });

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

  it("gives up after the timeout", async () => {
    server.use(http.get(`${base}/cases`, async () => (await delay("infinite"), HttpResponse.json({}))));
    const started = Date.now();
    const error = await failure(client.getJson("/cases"));
    expect(error.extensions.code).toBe("SOURCE_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
