import { INCOMING_OPERATION } from "../src/apollo-gateway-private";
import { gatewayConfig } from "../src/config";
import { fetchTimeoutMs, withRequestDeadline } from "../src/request-deadline";
import { SubgraphDataSource, type GatewayContext } from "../src/subgraph-data-source";

const SUBGRAPH_TIMEOUT_MS = 5_000;
const DEADLINE_MS = 10_000;

/** A subgraph that takes `takesMs` on the fake clock and records the abort timeout its fetch was given. */
function recordingSubgraph(clock: { now: number }, options: { takesMs?: number; subgraph?: string; timedOut?: boolean } = {}) {
  const timeouts: number[] = [];
  const source = new SubgraphDataSource(
    options.subgraph ?? "kff",
    "http://127.0.0.1:1/graphql",
    async () => {
      timeouts.push(fetchTimeoutMs(SUBGRAPH_TIMEOUT_MS));
      clock.now += options.takesMs ?? 0;
      if (options.timedOut) throw Object.assign(new Error("aborted"), { name: "TimeoutError" });
      return new Response(JSON.stringify({ data: { __typename: "Query" } }), { headers: { "content-type": "application/json" } });
    },
    undefined,
    { now: () => clock.now, subgraphTimeoutMs: SUBGRAPH_TIMEOUT_MS },
  );
  const fetch = (context: Partial<GatewayContext>) =>
    source.process({
      kind: INCOMING_OPERATION,
      request: { query: "{ __typename }", http: { method: "POST", url: "", headers: new Headers() } },
      context,
      incomingRequestContext: {},
    } as any);
  return { timeouts, fetch };
}

describe("the overall deadline of one client request", () => {
  it("records the request's start on the injected clock, before authentication", async () => {
    const clock = { now: 1_000 };
    const context = withRequestDeadline(
      async () => {
        clock.now += 300; // authentication and admission take time too
        return { identity: {} };
      },
      { ms: DEADLINE_MS, now: () => clock.now },
    );
    await expect(context({})).resolves.toMatchObject({ deadlineAt: 1_000 + DEADLINE_MS });
  });

  it("gives each fetch in sequence the subgraph timeout or half of what is left of the deadline, whichever is less", async () => {
    const clock = { now: 0 };
    // Each fetch takes 4 s on the fake clock.
    const { timeouts, fetch } = recordingSubgraph(clock, { takesMs: 4_000, subgraph: "crm" });
    const context = { deadlineAt: DEADLINE_MS };
    await fetch(context); // 10 s left: the 5 s timeout
    await fetch(context); // 6 s left: 3 s
    await fetch(context); // 2 s left: 1 s
    expect(timeouts).toEqual([SUBGRAPH_TIMEOUT_MS, 3_000, 1_000]);
    // 12 s have passed: nothing is left, so the next fetch fails without being sent.
    await expect(fetch(context)).rejects.toMatchObject({ extensions: { code: "SUBGRAPH_TIMEOUT", subgraph: "crm" } });
    expect(timeouts).toHaveLength(3);
  });

  it("fails at once with SUBGRAPH_TIMEOUT naming the subgraph and its department when nothing is left", async () => {
    const clock = { now: DEADLINE_MS };
    const { timeouts, fetch } = recordingSubgraph(clock);
    await expect(fetch({ deadlineAt: DEADLINE_MS })).rejects.toMatchObject({
      message: expect.stringContaining("deadline"),
      extensions: { code: "SUBGRAPH_TIMEOUT", subgraph: "kff", department: "KFF" },
    });
    expect(timeouts).toEqual([]);
  });

  it("says the deadline ended a fetch it cut short, and the subgraph timeout one it did not", async () => {
    const clock = { now: 0 };
    const hung = recordingSubgraph(clock, { timedOut: true });
    await expect(hung.fetch({ deadlineAt: 4_000 })).rejects.toMatchObject({
      message: expect.stringMatching(/deadline/),
      extensions: { code: "SUBGRAPH_TIMEOUT", department: "KFF" },
    });
    await expect(hung.fetch({ deadlineAt: DEADLINE_MS })).rejects.toMatchObject({
      message: expect.stringMatching(/did not answer in time/),
      extensions: { code: "SUBGRAPH_TIMEOUT", department: "KFF" },
    });
    expect(hung.timeouts).toEqual([2_000, SUBGRAPH_TIMEOUT_MS]);
  });

  it("leaves a fetch without a deadline (readiness, schema) its own timeout", async () => {
    const { timeouts, fetch } = recordingSubgraph({ now: 0 });
    await fetch({});
    expect(timeouts).toEqual([SUBGRAPH_TIMEOUT_MS]);
    expect(fetchTimeoutMs(SUBGRAPH_TIMEOUT_MS)).toBe(SUBGRAPH_TIMEOUT_MS);
  });

  it("is configured by REQUEST_DEADLINE_MS, at least the subgraph timeout", () => {
    expect(gatewayConfig({}).REQUEST_DEADLINE_MS).toBe(10_000);
    expect(gatewayConfig({ REQUEST_DEADLINE_MS: "7000" }).REQUEST_DEADLINE_MS).toBe(7_000);
    expect(() => gatewayConfig({ REQUEST_DEADLINE_MS: "soon" })).toThrow(/REQUEST_DEADLINE_MS/);
    expect(() => gatewayConfig({ REQUEST_DEADLINE_MS: "1000", SUBGRAPH_TIMEOUT_MS: "5000" })).toThrow(
      /REQUEST_DEADLINE_MS: at least SUBGRAPH_TIMEOUT_MS/,
    );
  });
});
