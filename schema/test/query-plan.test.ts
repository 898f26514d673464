import { readFileSync } from "node:fs";
import { join } from "node:path";
import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { QueryPlanner, type PlanNode, type QueryPlan, type SubscriptionNode } from "@apollo/query-planner";
import { parse } from "graphql";

// What the gateway will do for the key account manager's company view, read from the query plan
// of the committed supergraph: how many fetches reach each subgraph. Every fetch is a round trip
// and a parse on both sides, so a schema change that splits one fetch into several shows up here.
const supergraph = Supergraph.build(readFileSync(join(__dirname, "..", "supergraph.graphql"), "utf8"));
const planner = new QueryPlanner(supergraph);

function plan(operation: string): QueryPlan {
  return planner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(operation), { validate: true }));
}

function fetchesPerSubgraph(node: PlanNode | SubscriptionNode | undefined, counts: Record<string, number> = {}): Record<string, number> {
  if (!node) return counts;
  switch (node.kind) {
    case "Fetch":
      counts[node.serviceName] = (counts[node.serviceName] ?? 0) + 1;
      break;
    case "Flatten":
      fetchesPerSubgraph(node.node, counts);
      break;
    case "Sequence":
    case "Parallel":
      for (const child of node.nodes) fetchesPerSubgraph(child, counts);
      break;
    default:
      throw new Error(`unexpected plan node ${node.kind}`);
  }
  return counts;
}

const EVERY_MERGED_COMPANY_FIELD = `query Everything($cvr: ID!) {
  company(cvr: $cvr) {
    name
    cases(first: 50) { totalCount incompleteDepartments edges { node { id title caseworker { name } } } }
    permits(first: 50) { totalCount edges { node { id kind status } } }
    municipalContacts { contacts { name roles } incompleteDepartments }
    serviceScorecard { openCasesPastTarget }
    packageProgress { status }
    timeline(first: 10) { edges { node { kind at summary } } }
    alerts { hasAlerts casesPastTarget { department } }
  }
}`;

describe("query plans of the company view", () => {
  it("fetch each department once for its index and the CRM once for all seven merged fields", () => {
    const counts = fetchesPerSubgraph(plan(EVERY_MERGED_COMPANY_FIELD).node);
    // CRM: the company, then one fetch with the departments' data for all seven @requires fields.
    expect(counts.crm).toBe(2);
    // Departments: the case/permit index, then the completion of the cases the CRM returned.
    for (const department of ["bif", "tmf", "kff", "okf"]) expect(counts[department]).toBe(2);
  });

  it("do not fetch the departments for CRM-only fields", () => {
    expect(fetchesPerSubgraph(plan(`query Profile($cvr: ID!) { company(cvr: $cvr) { name keyAccountManager { name } } }`).node)).toEqual({ crm: 1 });
  });
});
