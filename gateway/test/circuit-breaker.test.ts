import type { Fetcher } from "@apollo/utils.fetcher";
import { metricsRegistry } from "@company-graph/kit/observability";
import { CircuitOpenError, SubgraphCircuits } from "../src/circuit-breaker";

function fakeSubgraph() {
  const subgraph = { down: false, calls: 0 };
  const fetcher: Fetcher = async () => {
    subgraph.calls++;
    if (subgraph.down) throw Object.assign(new Error("timed out"), { name: "TimeoutError" });
    return new Response("{}", { status: 200 });
  };
  return { subgraph, fetcher };
}

describe("the gateway's circuit breaker per subgraph", () => {
  let now = 0;
  const circuits = new SubgraphCircuits({ failureThreshold: 3, openMs: 10_000 }, () => now);

  it("opens after consecutive failures and then fails at once without asking the subgraph", async () => {
    const { subgraph, fetcher } = fakeSubgraph();
    const guarded = circuits.of("bif").fetcher(fetcher);
    await expect(guarded("http://127.0.0.1:1/graphql")).resolves.toBeDefined();
    subgraph.down = true;
    for (let i = 0; i < 3; i++) await expect(guarded("http://127.0.0.1:1/graphql")).rejects.toThrow("timed out");
    expect(circuits.states()).toEqual({ bif: "open" });
    const before = subgraph.calls;
    await expect(guarded("http://127.0.0.1:1/graphql")).rejects.toBeInstanceOf(CircuitOpenError);
    expect(subgraph.calls).toBe(before);
    expect(await metricsRegistry.getSingleMetricAsString("gateway_subgraph_circuit_open")).toMatch(/subgraph="bif"} 1/);

    // After openMs one probe may go; it fails, so the circuit opens again.
    now += 10_000;
    expect(circuits.states()).toEqual({ bif: "half-open" });
    await expect(guarded("http://127.0.0.1:1/graphql")).rejects.toThrow("timed out");
    expect(circuits.states()).toEqual({ bif: "open" });

    // The subgraph is back: the next probe closes the circuit.
    subgraph.down = false;
    now += 10_000;
    await expect(guarded("http://127.0.0.1:1/graphql")).resolves.toBeDefined();
    expect(circuits.states()).toEqual({ bif: "closed" });
    expect(await metricsRegistry.getSingleMetricAsString("gateway_subgraph_circuit_open")).toMatch(/subgraph="bif"} 0/);
  });

  it("counts 502/503/504 answers as failures and keeps a closed circuit for answers", async () => {
    let status = 503;
    const guarded = circuits.of("tmf").fetcher(async () => new Response("", { status }));
    for (let i = 0; i < 2; i++) await guarded("http://127.0.0.1:1/graphql");
    status = 200;
    await guarded("http://127.0.0.1:1/graphql");
    status = 503;
    for (let i = 0; i < 2; i++) await guarded("http://127.0.0.1:1/graphql");
    expect(circuits.of("tmf").state).toBe("closed");
    await guarded("http://127.0.0.1:1/graphql");
    expect(circuits.of("tmf").state).toBe("open");
  });
});
