// A client that hangs up before its answer: the gateway stops working for it.
import { startGraph, type Graph } from "../harness/graph";

/** One company's KFF cases: one fetch to KFF per request. */
const KFF_CASES = `query KffCases($cvr: ID!) { company(cvr: $cvr) { name cases(department: KFF, first: 5) { totalCount } } }`;
/** As many as the circuit breaker's failure threshold: none of them may count as KFF's failure. */
const CLIENTS = 5;

let graph: Graph;
beforeAll(async () => {
  // Far longer than the test may run: only the client's hang-up can end these fetches. Room for
  // all the requests in flight at once (fair-sharing.test.ts tests the budgets).
  graph = await startGraph({
    subgraphTimeoutMs: 600_000,
    requestDeadlineMs: 600_000,
    rateLimits: { costInFlight: 100_000, addressCostInFlight: 100_000 },
  });
});
afterAll(() => graph?.stop());

it("aborts the subgraph fetches of requests whose clients hung up, without counting them against the subgraph", async () => {
  const kff = await graph.hangSubgraph("kff");
  const cvr = graph.world.companies[0].cvr;
  const clients = Array.from({ length: CLIENTS }, () => new AbortController());
  const requests = clients.map((client) =>
    fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${graph.tokenFor()}` },
      body: JSON.stringify({ query: KFF_CASES, variables: { cvr } }),
      signal: client.signal,
    }).catch((error: unknown) => error),
  );
  await kff.opened(CLIENTS);
  for (const client of clients) client.abort();
  await Promise.all(requests);
  // The gateway closes every connection it had open to the hung KFF for them.
  await kff.closed(CLIENTS);

  const ready = (await (await fetch(`${graph.gatewayBase}/ready`)).json()) as { circuits: Record<string, string> };
  expect(ready.circuits.kff).toBe("closed");
  await graph.restartSubgraph("kff");
  const answer = await graph.query(KFF_CASES, { cvr });
  expect(answer.errors).toBeUndefined();
  expect(answer.data?.company.name).toBe(graph.world.companies[0].name);
});
