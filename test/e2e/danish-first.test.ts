/**
 * What a person reads through the gateway is Danish first: every refusal opens in Danish with the
 * English after it (the field policy's FORBIDDEN, the CRM's date checks, graphql-js's own
 * validation and variable messages, all from the kit's refusal catalogue), and every code a
 * screen shows (segment, size band, permit kind) has a Danish text beside it.
 */
import { startGraph, type Graph } from "../harness/graph";

let graph: Graph;
let cvr: string;
beforeAll(async () => {
  graph = await startGraph();
  cvr = graph.world.companies[0].cvr;
});
afterAll(() => graph?.stop());

const inAYear = () => new Date(new Date(graph.world.now).getTime() + 365 * 86_400_000).toISOString();
const aYearAgo = () => new Date(new Date(graph.world.now).getTime() - 365 * 86_400_000).toISOString();

async function refusalOf(actor: Parameters<Graph["queryAs"]>[0], document: string, variables: Record<string, unknown> = {}) {
  const response = await graph.queryAs(actor, document, variables);
  expect(response.errors).toHaveLength(1);
  return { message: response.errors![0].message, code: response.errors![0].extensions?.code };
}

describe("refusals through the gateway, Danish first", () => {
  it("FORBIDDEN from the field policy: Query.accessLog is the auditor's", async () => {
    const refused = await refusalOf("KEY_ACCOUNT_MANAGER", `{ accessLog(first: 1) { totalCount } }`);
    expect(refused).toEqual({ code: "FORBIDDEN", message: "Query.accessLog er kun for AUDITOR / Query.accessLog is only for AUDITOR" });
  });

  it("an inquiry received in the future", async () => {
    const refused = await refusalOf("FRONT_OFFICE", `mutation($input: RegisterInquiryInput!) { registerInquiry(input: $input) { id } }`, {
      input: { idempotencyKey: "danish-future-inquiry", cvr, channel: "PHONE", topic: "Udeservering", receivedAt: inAYear() },
    });
    expect(refused).toEqual({
      code: "BAD_USER_INPUT",
      message: "receivedAt må ikke ligge i fremtiden / receivedAt must not be in the future",
    });
  });

  it("a note that occurred in the future", async () => {
    const refused = await refusalOf("FRONT_OFFICE", `mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`, {
      input: { idempotencyKey: "danish-future-note", cvr, summary: "Ringede", occurredAt: inAYear() },
    });
    expect(refused).toEqual({
      code: "BAD_USER_INPUT",
      message: "occurredAt må ikke ligge i fremtiden / occurredAt must not be in the future",
    });
  });

  it("a follow-up whose deadline has passed", async () => {
    const refused = await refusalOf("FRONT_OFFICE", `mutation($input: AddFollowUpInput!) { addFollowUp(input: $input) { id } }`, {
      input: { idempotencyKey: "danish-past-deadline", cvr, description: "Ring tilbage", deadline: aYearAgo() },
    });
    expect(refused).toEqual({ code: "BAD_USER_INPUT", message: "deadline må ikke ligge i fortiden / deadline must not be in the past" });
  });

  it("GraphQL validation: an unknown field", async () => {
    const refused = await refusalOf("KEY_ACCOUNT_MANAGER", `query($cvr: ID!) { company(cvr: $cvr) { cvr nameDa } }`, { cvr });
    expect(refused.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(refused.message).toMatch(/^Feltet "nameDa" findes ikke på typen "Company" \/ Cannot query field "nameDa" on type "Company"/);
  });

  it("GraphQL validation: an argument of the wrong type", async () => {
    const refused = await refusalOf("KEY_ACCOUNT_MANAGER", `{ companies(first: "ti") { totalCount } }`);
    expect(refused.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(refused.message).toMatch(/^Værdien kan ikke læses som Int \/ Int cannot represent non-integer value: "ti"/);
  });

  it("a required variable not given", async () => {
    const refused = await refusalOf("KEY_ACCOUNT_MANAGER", `query($cvr: ID!) { company(cvr: $cvr) { cvr } }`);
    expect(refused.code).toBe("BAD_USER_INPUT");
    expect(refused.message).toBe('Variablen $cvr af typen "ID!" mangler / Variable "$cvr" of required type "ID!" was not provided.');
  });

  it("a document that does not parse", async () => {
    const refused = await refusalOf("KEY_ACCOUNT_MANAGER", `{ companies(first: 1) { totalCount }`);
    expect(refused.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(refused.message).toMatch(/^Syntaksfejl i dokumentet \/ Syntax Error: /);
  });

  const post = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const get = (query: string, headers: Record<string, string>) => ({ method: "GET", query, headers });
  it.each([
    [
      "a list of operations (batching)",
      post([{ query: "{ __typename }" }, { query: "{ __typename }" }]),
      /^Send én operation pr\. forespørgsel/,
    ],
    [
      "variables that are not an object",
      post({ query: "{ __typename }", variables: [1] }),
      /^variables i forespørgslen skal være et JSON-objekt/,
    ],
    ["an operationName that is not text", post({ query: "{ __typename }", operationName: 7 }), /^operationName skal være en tekst/],
    ["no document", post({ variables: {} }), /^Forespørgslen skal have et dokument/],
    ["a mutation sent with GET", get("mutation { __typename }", { "apollo-require-preflight": "1" }), /^En GET-forespørgsel kan kun læse/],
    ["a GET without a CSRF-safe header", get("{ __typename }", {}), /^Forespørgslen er afvist som mulig CSRF/],
  ])(
    "Apollo Server's own refusal of the request: %s",
    async (_what, request: { method: string; headers: Record<string, string>; body?: string; query?: string }, danish) => {
      const url = `${graph.gatewayBase}/graphql${request.query ? `?query=${encodeURIComponent(request.query)}` : ""}`;
      const response = await fetch(url, {
        method: request.method,
        headers: { ...request.headers, authorization: `Bearer ${graph.tokenFor("FRONT_OFFICE")}` },
        body: request.body,
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      const answer = await response.json();
      expect(answer.errors[0].extensions.code).toBe("BAD_REQUEST");
      expect(answer.errors[0].message).toMatch(danish);
      // The English original follows the Danish.
      expect(answer.errors[0].message).toMatch(/ \/ [A-Z`]/);
    },
  );

  it("a path the gateway does not serve: a 404 in JSON, Danish first, not Express's English page", async () => {
    const response = await fetch(`${graph.gatewayBase}/graphq`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const answer = await response.json();
    expect(answer.errors[0]).toEqual({
      message: expect.stringMatching(/^Her er intet: .* \/ Nothing here/),
      extensions: { code: "NOT_FOUND" },
    });
  });

  it("nothing was written by the refused mutations", async () => {
    const keys = ["danish-future-inquiry", "danish-future-note", "danish-past-deadline"];
    expect(await graph.crmDatabase.prisma.idempotencyRecord.count({ where: { key: { in: keys } } })).toBe(0);
  });
});

const LABELS = `query($cvr: ID!) {
  company(cvr: $cvr) {
    segment segmentText sizeBand sizeBandText
    register { employment { band bandText } }
    permits(first: 50) { edges { node { kind kindText } } }
  }
}`;

describe("codes a person reads have a Danish text beside them", () => {
  it("segment, size band and the register's band in Danish by default", async () => {
    const company = graph.world.companies.find((candidate) => candidate.segment === "frequent" && candidate.sizeBand === "ANTAL_10_19")!;
    const response = await graph.queryAs("KEY_ACCOUNT_MANAGER", LABELS, { cvr: company.cvr });
    expect(response.errors).toBeUndefined();
    expect(response.data!.company).toMatchObject({
      segment: "frequent",
      segmentText: "hyppig kunde",
      sizeBand: "ANTAL_10_19",
      sizeBandText: "10–19 ansatte",
    });
    expect(response.data!.company.register.employment).toEqual({ band: "ANTAL_10_19", bandText: "10–19 ansatte" });
  });

  it("every segment and band of the world has a text that is not its code", async () => {
    const response = await graph.queryAs(
      "KEY_ACCOUNT_MANAGER",
      `{ companies(first: 100) { edges { node { segment segmentText sizeBand sizeBandText } } } }`,
    );
    const nodes = response.data!.companies.edges.map((edge: any) => edge.node);
    expect(new Set(nodes.map((node: any) => node.segment)).size).toBe(3);
    for (const node of nodes) {
      if (node.segment) expect(node.segmentText).not.toBe(node.segment);
      if (node.sizeBand) expect(node.sizeBandText).toMatch(/^\d+(–\d+)? (ansat|ansatte)( eller flere)?$/);
    }
  });

  it("in English when the client asks for it", async () => {
    const company = graph.world.companies.find((candidate) => candidate.segment === "infrequent" && candidate.sizeBand === "ANTAL_1_1")!;
    const response = await graph.queryAs("KEY_ACCOUNT_MANAGER", LABELS, { cvr: company.cvr }, { "accept-language": "en" });
    expect(response.data!.company).toMatchObject({ segmentText: "infrequent customer", sizeBandText: "1 employee" });
  });

  it("a permit kind in Danish (kindText) beside the department's code", async () => {
    const response = await graph.queryAs("KEY_ACCOUNT_MANAGER", LABELS, { cvr: "36509120" });
    const permits = response.data!.company.permits.edges.map((edge: any) => edge.node);
    expect(permits).toContainEqual({ kind: "outdoor-serving", kindText: "udeservering" });
  });
});
