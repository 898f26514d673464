/**
 * The four departmental subgraphs called directly, as the gateway calls them: `_entities` for
 * companies and cases, every case type of each system mapped to its GraphQL details type, and
 * one call to the department system for many companies.
 */
import { caseTypename, DEPARTMENTS, type Department } from "@company-graph/domain";
import { startGraph, type Graph } from "../harness/graph";

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

const lower = (department: Department) => department.toLowerCase() as "bif" | "tmf" | "kff" | "okf";

async function callSubgraph(department: Department, query: string, variables: Record<string, unknown>) {
  const response = await fetch(graph.subgraphUrls[lower(department)], {
    method: "POST",
    headers: await graph.gatewayHeaders(lower(department), query, { variables }),
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: any; errors?: any[] };
}

describe.each(DEPARTMENTS)("the %s subgraph", (department) => {
  const sourceCases = () => graph.world.cases[department];

  beforeEach(() => graph.simulators[department].requestLog.reset());

  it("resolves Company entities to the company's case index with one call for fifty companies", async () => {
    const cvrs = graph.world.companies.slice(0, 50).map((company) => company.cvr);
    const field = `${lower(department)}CaseIndex`;
    const { data, errors } = await callSubgraph(
      department,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Company { cvr ${field} { id department serviceId openedAt caseworkerId } } } }`,
      { representations: cvrs.map((cvr) => ({ __typename: "Company", cvr })) },
    );
    expect(errors).toBeUndefined();
    expect(graph.simulators[department].requestLog.count()).toBe(1);
    expect(graph.simulators[department].requestLog.count("/company-records")).toBe(1);
    data._entities.forEach((entity: any, index: number) => {
      const expected = sourceCases()
        .filter((sourceCase) => sourceCase.cvr === cvrs[index])
        .map((sourceCase) => sourceCase.id);
      expect(entity[field].map((entry: any) => entry.id).sort()).toEqual(expected.sort());
    });
  });

  it("resolves every case type of the system to its details type", async () => {
    const oneOfEachType = [...new Map(sourceCases().map((sourceCase) => [sourceCase.caseType, sourceCase])).values()];
    const { data, errors } = await callSubgraph(
      department,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${caseTypename(department)} { id caseNumber department progress service { id } details { __typename } } } }`,
      { representations: oneOfEachType.map((sourceCase) => ({ __typename: caseTypename(department), id: sourceCase.id })) },
    );
    expect(errors).toBeUndefined();
    expect(data._entities.map((entity: any) => entity.id)).toEqual(oneOfEachType.map((sourceCase) => sourceCase.id));
    for (const entity of data._entities) {
      expect(entity.department).toBe(department);
      expect(entity.details.__typename).toMatch(/^[A-Z]\w+$/);
    }
    expect(graph.simulators[department].requestLog.count("/cases")).toBe(1);
  });

  it("answers null for a case it does not hold", async () => {
    const { data, errors } = await callSubgraph(
      department,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${caseTypename(department)} { id } } }`,
      {
        representations: [{ __typename: caseTypename(department), id: `${department}-9999999` }],
      },
    );
    expect(errors).toBeUndefined();
    expect(data._entities).toEqual([null]);
  });
});
