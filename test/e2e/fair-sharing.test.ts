// One caller cannot slow everyone: operations are admitted by their estimated cost, which counts
// the department calls they make, against budgets in flight per token and per client address.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startGraph, type Graph } from "../harness/graph";

const COMPANY_VIEW = readFileSync(join(__dirname, "..", "..", "bench", "operations", "company-view.graphql"), "utf8");
const COMPANY_NAME = `query CompanyName($cvr: ID!) { company(cvr: $cvr) { name } }`;

describe("the cost of an operation", () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(() => graph?.stop());

  it("counts the department calls of 30 aliased companies, which are refused before any fetch", async () => {
    const cvrs = graph.world.companies.slice(0, 30).map((company) => company.cvr);
    const aliased = `query Aliased { ${cvrs.map((cvr, i) => `c${i}: company(cvr: "${cvr}") { cases(first: 100) { edges { node { id title } } } }`).join(" ")} }`;
    const crm = graph.observeSubgraph("crm");
    const kff = graph.observeSubgraph("kff");
    const refused = await graph.queryAs("FRONT_OFFICE", aliased);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "OPERATION_TOO_COMPLEX", limit: "cost" });
    expect(refused.errors?.[0].extensions?.measured).toBeGreaterThan(30 * 4 * 100);
    expect(crm.length + kff.length).toBe(0);
    const view = await graph.queryAs("FRONT_OFFICE", COMPANY_VIEW, { cvr: cvrs[0] });
    expect(view.errors).toBeUndefined();
  });
});

describe("a neighbour at its cost budget in flight", () => {
  let graph: Graph;
  beforeAll(async () => {
    // Room for one company view (cost 4,128) of a token at a time.
    graph = await startGraph({ rateLimits: { costInFlight: 5_000 } });
  });
  afterAll(() => graph?.stop());

  it("has its excess wait, sending nothing, while another user is served", async () => {
    const [first, second] = graph.world.companies;
    const kff = graph.observeSubgraph("kff");
    const hold = graph.holdSubgraphResponses("kff");
    const running = graph.queryAs("KEY_ACCOUNT_MANAGER", COMPANY_VIEW, { cvr: first.cvr });
    await hold.held;
    const waiting = graph.queryAs("KEY_ACCOUNT_MANAGER", COMPANY_VIEW, { cvr: second.cvr });
    const victim = await graph.queryAs("FRONT_OFFICE", COMPANY_NAME, { cvr: second.cvr });
    expect(victim).toEqual({ data: { company: { name: second.name } } });
    // Only the running view has reached KFF: the waiting one has sent no fetch.
    expect(kff).toHaveLength(1);
    hold.release();
    const answers = await Promise.all([running, waiting]);
    expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined]);
    expect(answers.map((answer) => answer.data?.company.cvr)).toEqual([first.cvr, second.cvr]);
    expect(kff).toHaveLength(2);
  });
});
