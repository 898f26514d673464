import { DEPARTMENTS } from "@company-graph/domain";
import { SHOWCASE_CVRS } from "@company-graph/mocks";
import { startGraph, type Graph } from "../harness/graph";

// Company.cases and Company.permits @provide the case fields the CRM holds from the departments'
// case index, so the company view completes no case from its department. Federation requires a
// shareable field to resolve to the same value in every subgraph: compared here through the
// gateway against the same cases completed by their departments (the timeline's case events
// are not provided, so the gateway asks the departments for them).

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

const PROVIDED = `id department title progress isOpen openedAt decidedAt closedAt lastUpdateSentAt processingDays targetProcessingDays isPastTarget
  service { id nameDa nameEn targetProcessingDays } caseworker { id name email unit { name } }`;

const BOTH_WAYS = `
  query BothWays($cvr: ID!, $after: String) {
    company(cvr: $cvr) {
      cases(first: 100) { totalCount edges { node { ${PROVIDED} } } }
      permits(first: 100) { edges { node { case { ${PROVIDED} } } } }
      timeline(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { kind case { ${PROVIDED} } } } }
    }
  }
`;

type ProvidedCase = { id: string } & Record<string, unknown>;

async function bothWays(cvr: string, language: string) {
  const fromDepartments = new Map<string, ProvidedCase>();
  let after: string | null = null;
  let provided: { cases: ProvidedCase[]; permitCases: ProvidedCase[]; totalCount: number } | undefined;
  do {
    const response: any = await graph.query(BOTH_WAYS, { cvr, after }, { "accept-language": language });
    expect(response.errors).toBeUndefined();
    const { cases, permits, timeline } = response.data.company;
    provided ??= {
      cases: cases.edges.map((edge: any) => edge.node),
      permitCases: permits.edges.map((edge: any) => edge.node.case),
      totalCount: cases.totalCount,
    };
    for (const edge of timeline.edges) if (edge.node.case) fromDepartments.set(edge.node.case.id, edge.node.case);
    after = timeline.pageInfo.hasNextPage ? timeline.pageInfo.endCursor : null;
  } while (after && fromDepartments.size < provided.totalCount);
  return { ...provided!, fromDepartments };
}

describe("case fields the CRM provides", () => {
  it.each(
    Object.values(SHOWCASE_CVRS).flatMap((cvr) => [
      [cvr, "da"],
      [cvr, "en"],
    ]),
  )("are what the departments answer for company %s (%s)", async (cvr, language) => {
    const { cases, permitCases, totalCount, fromDepartments } = await bothWays(cvr, language);
    expect(cases.length).toBe(Math.min(totalCount, 100));
    for (const providedCase of [...cases, ...permitCases]) expect(providedCase).toEqual(fromDepartments.get(providedCase.id));
  });

  it("cost one fetch to each department for a page of cases, a second only for fields the index does not hold", async () => {
    const cvr = SHOWCASE_CVRS.manufacturer;
    const observe = () =>
      Object.fromEntries(DEPARTMENTS.map((department) => [department, graph.observeSubgraph(department.toLowerCase() as "bif")]));
    let observed = observe();
    const provided: any = await graph.query(
      `query Page($cvr: ID!) { company(cvr: $cvr) { cases(first: 50) { edges { node { ${PROVIDED} } } } } }`,
      { cvr },
    );
    expect(provided.errors).toBeUndefined();
    for (const department of DEPARTMENTS) expect(observed[department]).toHaveLength(1);

    observed = observe();
    const withStatusText: any = await graph.query(
      `query Page($cvr: ID!) { company(cvr: $cvr) { cases(first: 50) { edges { node { id department title statusText } } } } }`,
      { cvr },
    );
    expect(withStatusText.errors).toBeUndefined();
    const nodes = withStatusText.data.company.cases.edges.map((edge: any) => edge.node);
    expect(nodes.every((node: any) => typeof node.statusText === "string" && node.statusText.length > 0)).toBe(true);
    // The gateway skips a completion with no case of that department on the page.
    for (const department of DEPARTMENTS)
      expect(observed[department]).toHaveLength(nodes.some((node: any) => node.department === department) ? 2 : 1);
  });
});
