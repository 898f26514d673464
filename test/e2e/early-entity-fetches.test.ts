import { readFileSync } from "node:fs";
import { join } from "node:path";
import { completeCvr, DEPARTMENTS } from "@company-graph/domain";
import { SHOWCASE_CVRS } from "@company-graph/mocks";
import { startGraph, type Graph } from "../harness/graph";

// The company view's departments are asked for their case and permit indexes while the CRM is
// still answering the company (gateway/src/early-entity-fetches.ts): the plan's second level needs
// only the company's key, which company(cvr:) takes as its argument. Proved with the CRM's answers
// held back: every department has done its work before the CRM may answer. Then: the same answer
// as without the early fetches, one call per department system, and nothing claimed when the
// CRM answers null.

const COMPANY_VIEW = readFileSync(join(__dirname, "..", "operations", "CompanyView.graphql"), "utf8");
const DEPARTMENT_SUBGRAPHS = DEPARTMENTS.map((department) => department.toLowerCase() as Lowercase<typeof department>);

let graph: Graph;
let sequentialGraph: Graph;
beforeAll(async () => {
  graph = await startGraph();
  sequentialGraph = await startGraph({ world: graph.world, earlyEntityFetches: false });
});
afterAll(async () => {
  await graph?.stop();
  await sequentialGraph?.stop();
});

/**
 * Calls that reach each department system while `run` runs, counted at the simulators. Both
 * graphs run in this process and each one's msw reports every intercepted request, so a request
 * is counted once by its id; the tests run one query at a time.
 */
async function departmentSystemCalls<T>(run: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  const seen = new Set<string>();
  const calls: Record<string, number> = {};
  const count = ({ request, requestId }: { request: Request; requestId: string }) => {
    const department = DEPARTMENTS.find((candidate) => request.url.startsWith(graph.simulators[candidate].baseUrl));
    if (!department || seen.has(requestId)) return;
    seen.add(requestId);
    calls[department] = (calls[department] ?? 0) + 1;
  };
  for (const target of [graph, sequentialGraph]) target.msw.events.on("request:start", count);
  try {
    return { result: await run(), calls };
  } finally {
    for (const target of [graph, sequentialGraph]) target.msw.events.removeListener("request:start", count);
  }
}

/** gateway_early_fetches_total by outcome, summed over the departments (both gateways of this process share one registry). */
async function earlyFetchCounts(): Promise<{ claimed: number; dropped: number }> {
  const text = await (await fetch(`${graph.gatewayBase}/metrics`)).text();
  const sum = (outcome: string) =>
    [...text.matchAll(new RegExp(`^gateway_early_fetches_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)$`, "gm"))].reduce(
      (total, match) => total + Number(match[1]),
      0,
    );
  return { claimed: sum("claimed"), dropped: sum("dropped") };
}

describe("early entity fetches", () => {
  it("ask every department for the company's indexes before the CRM has answered the company", async () => {
    const crmAnswers = graph.holdSubgraphResponses("crm");
    const departmentAnswers = DEPARTMENT_SUBGRAPHS.map((department) => graph.holdSubgraphResponses(department));
    const answer = graph.query(COMPANY_VIEW, { cvr: SHOWCASE_CVRS.restaurant });
    try {
      await crmAnswers.held;
      // Without early fetches no department is asked anything until the CRM's answer is released.
      await Promise.all(departmentAnswers.map((hold) => hold.held));
    } finally {
      for (const hold of [crmAnswers, ...departmentAnswers]) hold.release();
    }
    const response = await answer;
    expect(response.errors).toBeUndefined();
    expect(response.data?.company.cases.totalCount).toBeGreaterThan(0);
  });

  it("answer the company view exactly as the plan run level by level does, with one call per department system", async () => {
    for (const cvr of [...Object.values(SHOWCASE_CVRS), graph.world.companies[1].cvr]) {
      const early = await departmentSystemCalls(() => graph.query(COMPANY_VIEW, { cvr }));
      const sequential = await departmentSystemCalls(() => sequentialGraph.query(COMPANY_VIEW, { cvr }));
      expect(early.result).toEqual(sequential.result);
      expect(early.calls).toEqual(Object.fromEntries(DEPARTMENTS.map((department) => [department, 1])));
      expect(sequential.calls).toEqual(early.calls);
    }
  });

  it("count each department's early fetch as claimed in /metrics when the plan used it", async () => {
    const before = await earlyFetchCounts();
    expect((await graph.query(COMPANY_VIEW, { cvr: SHOWCASE_CVRS.manufacturer })).errors).toBeUndefined();
    expect(await earlyFetchCounts()).toEqual({ claimed: before.claimed + DEPARTMENTS.length, dropped: before.dropped });
  });

  it("drop the early answers when the company does not exist, answer null as before, and count them as dropped", async () => {
    const unknownCvr = "10000009";
    const before = await earlyFetchCounts();
    const early = await graph.query(COMPANY_VIEW, { cvr: unknownCvr });
    expect(await earlyFetchCounts()).toEqual({ claimed: before.claimed, dropped: before.dropped + DEPARTMENTS.length });
    const sequential = await sequentialGraph.query(COMPANY_VIEW, { cvr: unknownCvr });
    expect(early).toEqual(sequential);
    expect(early.data?.company).toBeNull();
  });

  it("send nothing early for a CVR number the CRM would refuse", async () => {
    const { result, calls } = await departmentSystemCalls(() => graph.query(COMPANY_VIEW, { cvr: "12345678" }));
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(calls).toEqual({});
  });

  it("make no department read anything for a caller company(cvr:) refuses", async () => {
    for (const actor of ["ANALYST", "AUDITOR"] as const) {
      const { result, calls } = await departmentSystemCalls(() => graph.queryAs(actor, COMPANY_VIEW, { cvr: SHOWCASE_CVRS.restaurant }));
      expect(result.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(calls).toEqual({});
    }
  });

  it("send nothing early when one operation looks up many companies (four unknown ones, as many as the cost limit lets through, cost no department call)", async () => {
    const unknown = Array.from({ length: 12 }, (_, index) => completeCvr(String(1000000 + index)))
      .filter((cvr) => cvr !== null)
      .slice(0, 4);
    const aliases = unknown.map((cvr, index) => `c${index}: company(cvr: "${cvr}") { cases(first: 1) { totalCount } }`).join("\n");
    const { result, calls } = await departmentSystemCalls(() => graph.query(`{ ${aliases} }`));
    expect(result.errors).toBeUndefined();
    expect(Object.values(result.data ?? {}).every((company) => company === null)).toBe(true);
    expect(calls).toEqual({});
  });

  it("never send a mutation's fetches early", async () => {
    const observed = DEPARTMENT_SUBGRAPHS.map((department) => graph.observeSubgraph(department));
    const response = await graph.query(
      `mutation Note($cvr: ID!) { addNote(input: { idempotencyKey: "early-fetches-note", cvr: $cvr, summary: "Ringede om byggetilladelsen" }) { id } }`,
      { cvr: SHOWCASE_CVRS.restaurant },
    );
    expect(response.errors).toBeUndefined();
    expect(observed.flat()).toEqual([]);
  });
});
