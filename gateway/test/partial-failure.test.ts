import { INCOMING_OPERATION } from "../src/apollo-gateway-private";
import { EntityFallback } from "../src/entity-fallback";
import { SubgraphDataSource } from "../src/subgraph-data-source";
import { withPublicPath } from "../src/public-paths";

const SUPERGRAPH = `
  directive @key(fields: String!) on OBJECT
  type Query { company(cvr: ID!): Company }
  type Company @key(fields: "cvr") { cvr: ID! tmfCaseIndex: [String!] tmfPermitIndex: [String!] name: String! }
  type TmfCase @key(fields: "id") { id: ID! title: String! decidedAt: String }
`;

const ENTITY_FETCH = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Company { __typename tmfCaseIndex { id } permits: tmfPermitIndex { id } }
    ... on TmfCase { title decidedAt }
  }
}`;

describe("entity fallback for a failed subgraph fetch", () => {
  const fallback = new EntityFallback(SUPERGRAPH);

  it("answers every entity with null for each nullable field asked, under its alias", () => {
    const answer = fallback.answer(ENTITY_FETCH, {
      representations: [
        { __typename: "Company", cvr: "1" },
        { __typename: "Company", cvr: "2" },
      ],
    });
    expect(answer).toEqual({
      _entities: [
        { __typename: "Company", tmfCaseIndex: null, permits: null },
        { __typename: "Company", tmfCaseIndex: null, permits: null },
      ],
    });
  });

  it("makes an entity null as a whole when a non-null field was asked: it cannot be half there", () => {
    const answer = fallback.answer(ENTITY_FETCH, { representations: [{ __typename: "TmfCase", id: "TMF-1" }] });
    expect(answer).toEqual({ _entities: [null] });
  });

  it("does not stand in for a fetch that is not an entity fetch", () => {
    expect(fallback.answer(`{ company(cvr: "1") { name } }`, {})).toBeUndefined();
    expect(fallback.answer(ENTITY_FETCH, {})).toBeUndefined();
    expect(fallback.answer("not graphql", { representations: [] })).toBeUndefined();
  });
});

describe("public error paths", () => {
  it("points errors on a department's internal index fields at the public field they feed", () => {
    expect(withPublicPath({ message: "m", path: ["company", "tmfCaseIndex"] }).path).toEqual(["company", "cases"]);
    expect(withPublicPath({ message: "m", path: ["companies", "edges", 3, "node", "okfPermitIndex"] }).path).toEqual([
      "companies",
      "edges",
      3,
      "node",
      "permits",
    ]);
  });

  it("leaves every other error as it is", () => {
    const error = { message: "m", path: ["company", "cases", "edges", 0, "node"] };
    expect(withPublicPath(error)).toBe(error);
    const withoutPath = { message: "m" };
    expect(withPublicPath(withoutPath)).toBe(withoutPath);
  });
});

describe("a subgraph behind a proxy that answers 502, 503 or 504", () => {
  const fetchWith = (status: number) =>
    new SubgraphDataSource(
      "tmf",
      "http://127.0.0.1:1/graphql",
      async () => new Response("<html>Bad Gateway</html>", { status, headers: { "content-type": "text/html" } }),
    );
  const process = (source: SubgraphDataSource, query: string, variables: Record<string, unknown> = {}) =>
    source.process({
      kind: INCOMING_OPERATION,
      request: { query, variables, http: { method: "POST", url: "", headers: new Headers() } },
      context: {},
      incomingRequestContext: {},
    } as any);

  it.each([
    [502, "SUBGRAPH_UNAVAILABLE"],
    [503, "SUBGRAPH_UNAVAILABLE"],
    [504, "SUBGRAPH_TIMEOUT"],
  ])("%i is the subgraph being unavailable (%s), naming it and its department", async (status, code) => {
    await expect(process(fetchWith(status), `{ company(cvr: "1") { name } }`)).rejects.toMatchObject({
      extensions: { code, subgraph: "tmf", department: "TMF" },
    });
  });

  it("lets the entity fallback answer, so the CRM still merges the other departments", async () => {
    const source = new SubgraphDataSource(
      "tmf",
      "http://127.0.0.1:1/graphql",
      async () => new Response("", { status: 503 }),
      new EntityFallback(SUPERGRAPH),
    );
    const answer = await process(source, ENTITY_FETCH, { representations: [{ __typename: "Company", cvr: "1" }] });
    expect(answer.data).toEqual({ _entities: [{ __typename: "Company", tmfCaseIndex: null, permits: null }] });
    expect(answer.errors?.[0].extensions?.code).toBe("SUBGRAPH_UNAVAILABLE");
  });
});
