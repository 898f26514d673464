import { readFileSync } from "node:fs";
import { join } from "node:path";
import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { QueryPlanner, type PlanNode, type QueryPlan, type SubscriptionNode } from "@apollo/query-planner";
import { DEPARTMENTS } from "@company-graph/domain";
import { parse } from "graphql";

// What the gateway will do for the key account manager's company view, read from the query plan
// of the committed supergraph: how many fetches reach each subgraph. Every fetch is a round trip
// and a parse on both sides, so a schema change that splits one fetch into several shows up here.
const supergraph = Supergraph.build(readFileSync(join(__dirname, "..", "supergraph.graphql"), "utf8"));
const planner = new QueryPlanner(supergraph);

function plan(operation: string): QueryPlan {
  return planner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(operation), { validate: true }));
}

const repoRoot = join(__dirname, "..", "..");
const DEPARTMENT_SUBGRAPHS = DEPARTMENTS.map((department) => department.toLowerCase());

/** The fetches that complete the cases of a company's case list, by subgraph, as the gateway sends them. */
function caseCompletions(node: PlanNode | SubscriptionNode | undefined, found: Record<string, string[]> = {}): Record<string, string[]> {
  if (!node) return found;
  if (node.kind === "Flatten") {
    if (node.node.kind === "Fetch" && node.path.join(".") === "company.cases.edges.@.node")
      (found[node.node.serviceName] ??= []).push(node.node.operation);
    else caseCompletions(node.node, found);
  } else if (node.kind === "Sequence" || node.kind === "Parallel") for (const child of node.nodes) caseCompletions(child, found);
  return found;
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
    // Departments: the case/permit index only; the CRM @provides the case fields the index holds.
    for (const department of DEPARTMENT_SUBGRAPHS) expect(counts[department]).toBe(1);
  });

  it.each([
    ["the golden company view", "test/operations/CompanyView.graphql"],
    ["the benchmark's company view", "bench/operations/company-view.graphql"],
  ])("%s fetches each department once and the CRM twice", (_name, path) => {
    const counts = fetchesPerSubgraph(plan(readFileSync(join(repoRoot, path), "utf8")).node);
    expect(counts).toEqual({ crm: 2, ...Object.fromEntries(DEPARTMENT_SUBGRAPHS.map((department) => [department, 1])) });
  });

  it("complete a case from its department only for fields the case index does not hold", () => {
    const query = `query Cases($cvr: ID!) {
      company(cvr: $cvr) { cases(first: 50) { edges { node { id title progress caseworker { name } statusText caseNumber } } } }
    }`;
    const completions = caseCompletions(plan(query).node);
    expect(Object.keys(completions).sort()).toEqual([...DEPARTMENT_SUBGRAPHS].sort());
    for (const [department, [operation]] of Object.entries(completions)) {
      expect(operation).toMatch(/statusText/);
      expect(operation).toMatch(/caseNumber/);
      // What the CRM provided is not asked of the department again.
      expect(operation).not.toMatch(/\btitle\b|\bprogress\b|caseworker/);
      expect(completions[department]).toHaveLength(1);
    }
  });

  it("read personal data in a case's details from its department, under the department's policy and access log", () => {
    const query = `query RefundCase($cvr: ID!) {
      company(cvr: $cvr) { cases(first: 50) { edges { node { id title ... on BifCase { details { ... on SickPayRefund { refundDays employee { cpr name } healthNote } } } } } } }
    }`;
    const completions = caseCompletions(plan(query).node);
    expect(Object.keys(completions)).toEqual(["bif"]);
    expect(completions.bif[0]).toMatch(/employee\s*{\s*cpr\s+name\s*}\s*healthNote/);
    expect(completions.bif[0]).not.toMatch(/\btitle\b/);
  });

  it("do not fetch the departments for CRM-only fields", () => {
    expect(fetchesPerSubgraph(plan(`query Profile($cvr: ID!) { company(cvr: $cvr) { name keyAccountManager { name } } }`).node)).toEqual({
      crm: 1,
    });
  });
});
