import { readFileSync } from "node:fs";
import { join } from "node:path";
import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { QueryPlanner } from "@apollo/query-planner";
import { parse } from "graphql";
import type { RequestIdentity } from "@company-graph/kit/auth";
import { EarlyFetches, startEarlyEntityFetches, type EarlyFetchContext } from "../src/early-entity-fetches";

// Which fetches of a plan are sent early, read from real plans of the committed supergraph; the
// whole graph's behaviour (same answers, one call per system, the CRM held) is test/e2e's.
const supergraph = Supergraph.build(readFileSync(join(__dirname, "..", "..", "schema", "supergraph.graphql"), "utf8"));
const planner = new QueryPlanner(supergraph);
const CVR = "36509120";

const KEY_ACCOUNT_MANAGER: RequestIdentity = { userId: "kam-1", role: "KEY_ACCOUNT_MANAGER" };

function startFor(
  document: string,
  variables: Record<string, unknown>,
  operation: "query" | "mutation" = "query",
  identity: RequestIdentity = KEY_ACCOUNT_MANAGER,
) {
  const queryPlan = planner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(document), { validate: true }));
  const sent: { subgraph: string; query: string; variables: Record<string, unknown> }[] = [];
  const serviceMap = Object.fromEntries(
    ["crm", "bif", "tmf", "kff", "okf"].map((subgraph) => [
      subgraph,
      {
        process: async ({ request }: { request: { query?: string; variables?: Record<string, unknown> } }) => {
          sent.push({ subgraph, query: request.query ?? "", variables: request.variables ?? {} });
          return { data: { _entities: [{ subgraph }] } };
        },
      },
    ]),
  );
  const context: EarlyFetchContext = { identity };
  startEarlyEntityFetches({
    queryPlan,
    serviceMap,
    requestContext: { request: { variables }, context },
    operationContext: { operation: { operation } },
  } as never);
  return { sent, context };
}

const INDEX_VIEW = `query View($cvr: ID!) { company(cvr: $cvr) { name cases(first: 5) { totalCount } } }`;

describe("early entity fetches", () => {
  it("send each department's index fetch of company(cvr: $cvr) with the representation the CRM's answer would give", async () => {
    const { sent, context } = startFor(INDEX_VIEW, { cvr: CVR });
    expect(sent.map((fetch) => fetch.subgraph).sort()).toEqual(["bif", "kff", "okf", "tmf"]);
    for (const fetch of sent) expect(fetch.variables).toEqual({ representations: [{ __typename: "Company", cvr: CVR }] });
    const bif = sent.find((fetch) => fetch.subgraph === "bif")!;
    // The plan node claims it with the same document and variables, once.
    await expect(
      context.earlyFetches!.claim("bif", bif.query, { representations: [{ __typename: "Company", cvr: CVR }] }),
    ).resolves.toEqual({ data: { _entities: [{ subgraph: "bif" }] } });
    expect(context.earlyFetches!.claim("bif", bif.query, bif.variables)).toBeUndefined();
  });

  it("hand a fetch with other variables nothing", () => {
    const { sent, context } = startFor(INDEX_VIEW, { cvr: CVR });
    const tmf = sent.find((fetch) => fetch.subgraph === "tmf")!;
    expect(
      context.earlyFetches!.claim("tmf", tmf.query, { representations: [{ __typename: "Company", cvr: "14520937" }] }),
    ).toBeUndefined();
    expect(context.earlyFetches!.claim("crm", tmf.query, tmf.variables)).toBeUndefined();
  });

  it("read the key from a literal argument and under an alias", () => {
    const literal = startFor(`{ company(cvr: "${CVR}") { cases(first: 5) { totalCount } } }`, {});
    expect(literal.sent).toHaveLength(4);
    const aliased = startFor(`query($cvr: ID!) { firm: company(cvr: $cvr) { cases(first: 5) { totalCount } } }`, { cvr: CVR });
    expect(aliased.sent).toHaveLength(4);
  });

  it("send nothing for a CVR number the CRM refuses, a list of companies, a mutation, or a view without department data", () => {
    expect(startFor(INDEX_VIEW, { cvr: "12345678" }).sent).toEqual([]);
    expect(startFor(INDEX_VIEW, { cvr: 36509120 }).sent).toEqual([]);
    expect(startFor(`{ companies(first: 2) { edges { node { cases(first: 5) { totalCount } } } } }`, {}).sent).toEqual([]);
    expect(startFor(INDEX_VIEW, { cvr: CVR }, "mutation").sent).toEqual([]);
    expect(startFor(`query($cvr: ID!) { company(cvr: $cvr) { name } }`, { cvr: CVR }).sent).toEqual([]);
  });

  it("send nothing for a caller company(cvr:) refuses: analysts, auditors, a partner whose grant lacks it", () => {
    expect(startFor(INDEX_VIEW, { cvr: CVR }, "query", { userId: "a", role: "ANALYST" }).sent).toEqual([]);
    expect(startFor(INDEX_VIEW, { cvr: CVR }, "query", { userId: "a", role: "AUDITOR" }).sent).toEqual([]);
    expect(
      startFor(INDEX_VIEW, { cvr: CVR }, "query", { userId: "p", role: "PARTNER", grant: { fields: ["Company.name"], operations: [] } })
        .sent,
    ).toEqual([]);
    expect(
      startFor(INDEX_VIEW, { cvr: CVR }, "query", { userId: "p", role: "PARTNER", grant: { fields: ["Query.company"], operations: [] } })
        .sent,
    ).toHaveLength(4);
    expect(startFor(INDEX_VIEW, { cvr: CVR }, "query", { userId: "c", role: "CASEWORKER", department: "KFF" }).sent).toHaveLength(4);
  });

  it("send nothing when the operation looks up more than one company", () => {
    const two = `query($a: ID!, $b: ID!) { a: company(cvr: $a) { cases(first: 5) { totalCount } } b: company(cvr: $b) { cases(first: 5) { totalCount } } }`;
    expect(startFor(two, { a: CVR, b: "14520937" }).sent).toEqual([]);
    expect(startFor(two, { a: CVR, b: CVR }).sent).toEqual([]);
  });

  it("hold the answer until an unclaimed early fetch has settled, so none outlives its request", async () => {
    const early = new EarlyFetches();
    let finish!: () => void;
    early.start("bif", "{ x }", {}, () => new Promise((resolve) => (finish = () => resolve({ data: {} }))));
    let dropped = false;
    const dropping = early.dropUnclaimed().then(() => (dropped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(dropped).toBe(false);
    finish();
    await dropping;
    expect(early.claim("bif", "{ x }", {})).toBeUndefined();
  });

  it("drop an unclaimed fetch's failure instead of leaving it unhandled", async () => {
    const early = new EarlyFetches();
    early.start("bif", "{ x }", {}, () => Promise.reject(new Error("subgraph down")));
    await new Promise((resolve) => setImmediate(resolve));
    await expect(early.claim("bif", "{ x }", {})).rejects.toThrow("subgraph down");
  });
});
