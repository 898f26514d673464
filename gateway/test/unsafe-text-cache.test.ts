// The unsafe-text and date checks remember what a document alone says per DocumentNode (Apollo's
// document cache hands the same one back for a repeated query); these show that the variables are
// still checked on every request, and that a document refused for its literals is never remembered.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, GraphQLError, parse, type OperationDefinitionNode } from "graphql";
import { refuseInvalidDates, refuseUnsafeText } from "../src/unsafe-text";

const schema = buildSchema(readFileSync(join(__dirname, "..", "..", "schema", "api-schema.graphql"), "utf8"));

function refusalOf(check: () => void): { code: unknown; field: unknown } | "accepted" {
  try {
    check();
    return "accepted";
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return { code: error.extensions.code, field: error.extensions.field };
  }
}

describe("one cached DocumentNode, many requests", () => {
  it("checks each request's variables for unsafe text, after the same document was accepted", () => {
    const document = parse(`query($search: String) { companies(search: $search, first: 5) { edges { node { cvr } } } }`);
    expect(refusalOf(() => refuseUnsafeText(document, { search: "café" }))).toBe("accepted");
    expect(refusalOf(() => refuseUnsafeText(document, { search: "café\u0000" }))).toEqual({ code: "BAD_USER_INPUT", field: "search" });
    expect(refusalOf(() => refuseUnsafeText(document, { search: ["\ud800"] }))).toEqual({ code: "BAD_USER_INPUT", field: "search[0]" });
    expect(refusalOf(() => refuseUnsafeText(document, { search: "café" }))).toBe("accepted");
  });

  it("checks each request's dates, after the same document was accepted with a good one", () => {
    const document = parse(`query($from: Date!) { serviceLevels(from: $from, to: "2026-03-31") { from } }`);
    expect(refusalOf(() => refuseInvalidDates(schema, document, { from: "2026-01-01" }))).toBe("accepted");
    for (const from of ["2026-02-30", "2026-01-01T00:00:00Z", 20260101, { year: 2026 }])
      expect(refusalOf(() => refuseInvalidDates(schema, document, { from }))).toEqual({ code: "BAD_USER_INPUT", field: "from" });
    expect(refusalOf(() => refuseInvalidDates(schema, document, { from: "2026-01-01" }))).toBe("accepted");
  });

  it("refuses a document with an unsafe or impossible literal every time, not only the first", () => {
    const unsafe = parse(`{ companies(search: "x\\u0000") { edges { node { cvr } } } }`);
    const impossible = parse(`{ serviceLevels(from: "2026-02-30", to: "2026-03-31") { from } }`);
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(refusalOf(() => refuseUnsafeText(unsafe, {}))).toEqual({ code: "BAD_USER_INPUT", field: "search" });
      expect(refusalOf(() => refuseInvalidDates(schema, impossible, {}))).toEqual({ code: "BAD_USER_INPUT", field: "from" });
    }
  });
});

describe("dates of the operation that runs", () => {
  it.each(["20260101", "1.5", "true", "FOO", "{ year: 2026 }", '["2026-01-01"]'])(
    "refuses the literal %s where a Date belongs as BAD_USER_INPUT, not an internal error",
    (literal) => {
      const document = parse(`{ serviceLevels(from: ${literal}, to: "2026-03-31") { from } }`);
      expect(refusalOf(() => refuseInvalidDates(schema, document, {}))).toEqual({ code: "BAD_USER_INPUT", field: "from" });
    },
  );

  it("checks only the chosen operation's variables: another operation's $from may be a String", () => {
    const document = parse(`
      query A($from: Date!) { serviceLevels(from: $from, to: "2026-03-31") { from } }
      query B($from: String) { companies(search: $from, first: 5) { edges { node { cvr } } } }`);
    const [a, b] = document.definitions as OperationDefinitionNode[];
    expect(refusalOf(() => refuseInvalidDates(schema, document, { from: "acme" }, b))).toBe("accepted");
    expect(refusalOf(() => refuseInvalidDates(schema, document, { from: "acme" }, a))).toEqual({ code: "BAD_USER_INPUT", field: "from" });
  });
});
