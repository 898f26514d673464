import { buildSchema, graphql, parse } from "graphql";
import { danishFirstGraphQLMessage, refusal } from "../src/refusals";

const schema = buildSchema(`
  type Query { company(cvr: ID!, first: Int): Company }
  type Company { cvr: ID! name: String permits: [Permit!]! }
  type Permit { kind: String! }
`);

/** What graphql-js itself says of a document and its variables: validation first, then variable coercion. */
async function graphqlJsMessages(source: string, variableValues?: Record<string, unknown>): Promise<string[]> {
  const result = await graphql({ schema, source, variableValues });
  return (result.errors ?? []).map((error) => error.message);
}

describe("graphql-js's own messages, Danish first", () => {
  it.each([
    [
      "an unknown field",
      '{ company(cvr: "1") { nameEn } }',
      undefined,
      /^Feltet "nameEn" findes ikke på typen "Company" \/ Cannot query field "nameEn" on type "Company"\./,
    ],
    [
      "an unknown argument",
      '{ company(cvr: "1", after: "x") { cvr } }',
      undefined,
      /^Feltet "Query.company" har intet argument "after" \/ Unknown argument "after"/,
    ],
    [
      "a wrong argument type",
      '{ company(cvr: "1", first: "ten") { cvr } }',
      undefined,
      /^Værdien kan ikke læses som Int \/ Int cannot represent non-integer value: "ten"/,
    ],
    [
      "a missing required argument",
      "{ company { cvr } }",
      undefined,
      /^Feltet "company" kræver argumentet "cvr" af typen "ID!" \/ Field "company" argument "cvr"/,
    ],
    [
      "a missing selection",
      '{ company(cvr: "1") }',
      undefined,
      /^Feltet "company" af typen "Company" skal have en udvælgelse af underfelter \/ Field "company" of type "Company" must have/,
    ],
    [
      "an undeclared variable",
      "{ company(cvr: $cvr) { cvr } }",
      undefined,
      /^Variablen \$cvr er ikke erklæret \/ Variable "\$cvr" is not defined/,
    ],
    [
      "a missing variable",
      "query($cvr: ID!) { company(cvr: $cvr) { cvr } }",
      {},
      /^Variablen \$cvr af typen "ID!" mangler \/ Variable "\$cvr" of required type "ID!" was not provided\./,
    ],
    [
      "a variable of the wrong type",
      'query($first: Int) { company(cvr: "1", first: $first) { cvr } }',
      { first: "ten" },
      /^Variablen \$first har en ugyldig værdi \/ Variable "\$first" got invalid value "ten"; Int cannot represent/,
    ],
    ["an unknown type", "query($cvr: Cvr!) { company(cvr: $cvr) { cvr } }", undefined, /^Typen "Cvr" findes ikke \/ Unknown type "Cvr"/],
  ])("%s", async (_what, source, variables, expected) => {
    const [message] = await graphqlJsMessages(source, variables);
    const code = message.startsWith('Variable "$') && variables ? "BAD_USER_INPUT" : "GRAPHQL_VALIDATION_FAILED";
    expect(danishFirstGraphQLMessage(message, code)).toMatch(expected);
  });

  it("a syntax error is Danish first too", () => {
    let message = "";
    try {
      parse("{ company(cvr: ");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(danishFirstGraphQLMessage(message, "GRAPHQL_PARSE_FAILED")).toMatch(/^Syntaksfejl i dokumentet \/ Syntax Error: /);
  });

  it("a message no pattern knows still opens in Danish, with the English after it", () => {
    expect(danishFirstGraphQLMessage("Something graphql-js will say one day.", "GRAPHQL_VALIDATION_FAILED")).toBe(
      "Forespørgslen er ugyldig / Something graphql-js will say one day.",
    );
  });

  it("a variable refused by one of our scalars: the Danish head names the input field, graphql-js's message follows whole", () => {
    const message = `Variable "$input" got invalid value "i morgen" at "input.occurredAt"; ${refusal.badUserInput.dateTimeFormat("DateTime", "2026-03-01T09:30:00Z", '"i morgen"')}`;
    expect(danishFirstGraphQLMessage(message, "BAD_USER_INPUT")).toBe(
      `Variablen $input har en ugyldig værdi i input.occurredAt / ${message}`,
    );
  });

  it("a client's value full of '; ' and ' at \"' is cut in one pass, not backtracked over", () => {
    const value = JSON.stringify('; at "x"; '.repeat(50_000));
    const message = `Variable "$first" got invalid value ${value}; Int cannot represent non-integer value: ${value}`;
    expect(danishFirstGraphQLMessage(message, "BAD_USER_INPUT")).toBe(`Variablen $first har en ugyldig værdi / ${message}`);
  });

  it("leaves our own refusals alone: they are Danish first already", () => {
    const ours = refusal.badUserInput.notInTheFuture("receivedAt");
    expect(danishFirstGraphQLMessage(ours, "BAD_USER_INPUT")).toBe(ours);
    expect(danishFirstGraphQLMessage(refusal.forbidden.onlyFor("Query.accessLog", ["AUDITOR"]), "FORBIDDEN")).toBe(
      "Query.accessLog er kun for AUDITOR / Query.accessLog is only for AUDITOR",
    );
  });
});

describe("the refusal catalogue", () => {
  it("puts the Danish before the English of every text it had only in English", () => {
    expect(refusal.badUserInput.notInTheFuture("receivedAt")).toBe(
      "receivedAt må ikke ligge i fremtiden / receivedAt must not be in the future",
    );
    expect(refusal.badUserInput.notInTheFuture("occurredAt")).toBe(
      "occurredAt må ikke ligge i fremtiden / occurredAt must not be in the future",
    );
    expect(refusal.badUserInput.notInThePast("deadline")).toBe("deadline må ikke ligge i fortiden / deadline must not be in the past");
    expect(refusal.unavailable.source("BIF", false)).toBe(
      "BIFs sagssystem er ikke tilgængeligt; BIFs data mangler i dette svar / BIF's case system is unavailable; BIF data is missing from this answer",
    );
  });
});
