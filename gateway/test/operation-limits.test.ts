import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  parse,
  type OperationDefinitionNode,
} from "graphql";
import { DEFAULT_LIMITS, measureOperation, operationLimitsScreen } from "../src/operation-limits";
import { LIST_SIZES, SIZED_FIELDS, SLICING_ARGUMENTS } from "../src/limits/list-sizes";
import { DEPARTMENT_INDEX_FIELDS, DEPARTMENT_READ_COST } from "../src/limits/source-reads";
import { FIVE_HUNDRED_ALIASES, fragmentFanOut, UNBOUNDED_LISTS, VARIABLE_DEFAULT_PAGES } from "./abusive-documents";

const root = join(__dirname, "..", "..");
const schema = buildSchema(readFileSync(join(root, "schema", "api-schema.graphql"), "utf8"));

function measure(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  return measureOperation(schema, document, operation, variables);
}

describe("operation cost", () => {
  it("costs lists without `first` by their declared size", () => {
    // 50 units × 50 employees × 50 × 50: far past the limit (the old count said 7).
    expect(measure(UNBOUNDED_LISTS).cost).toBeGreaterThan(DEFAULT_LIMITS.maxCost * 100);
  });

  it("applies a variable's default to the page size", () => {
    const withDefault = measure(VARIABLE_DEFAULT_PAGES).cost;
    expect(withDefault).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    // A variable given wins over its default.
    expect(measure(VARIABLE_DEFAULT_PAGES, { f: 2 }).cost).toBeLessThan(50 + DEPARTMENT_READ_COST);
  });

  it("applies the schema's default page size when `first` is left out", () => {
    // Company.cases has first = 20: edges 20 × (node + id) = 40, plus company, cases, edges, and the read of the departments' indexes.
    expect(measure('{ company(cvr: "36509120") { cases { edges { node { id } } } } }').cost).toBe(
      1 + 1 + 1 + 20 * 2 + DEPARTMENT_READ_COST,
    );
  });

  it("costs the department calls of each aliased company, once per place and not per item of a list", () => {
    const companyView = measure(readFileSync(join(root, "bench", "operations", "company-view.graphql"), "utf8"), { cvr: "36509120" }).cost;
    expect(companyView).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    // 30 aliased companies: 30 entity fetches to each department and 120 department calls, for few fields.
    const aliased = (inner: string) =>
      `{ ${Array.from({ length: 30 }, (_, i) => `c${i}: company(cvr: "${36509120 + i}") { ${inner} }`).join(" ")} }`;
    for (const inner of [
      "municipalContacts { contacts { employeeId } }",
      "cases(first: 100) { edges { node { id title } } }",
      "timeline(first: 100) { edges { node { kind } } }",
    ]) {
      expect(measure(aliased(inner)).cost).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    }
    expect(measure(aliased("name")).cost).toBe(60);
    // Two index fields of one company share one read; a page of companies is one batched fetch per department.
    expect(measure('{ company(cvr: "36509120") { lastContactAt cases(first: 1) { totalCount } } }').cost).toBe(4 + DEPARTMENT_READ_COST);
    expect(measure("{ companies(first: 20) { edges { node { lastContactAt } } } }").cost).toBe(2 + 20 * 2 + DEPARTMENT_READ_COST);
  });

  it("knows every field that reads the department systems' indexes", () => {
    const supergraph = parse(readFileSync(join(root, "schema", "supergraph.graphql"), "utf8"));
    const requiring = supergraph.definitions.flatMap((definition) =>
      definition.kind === Kind.OBJECT_TYPE_DEFINITION
        ? (definition.fields ?? [])
            .filter((field) =>
              field.directives?.some(
                (directive) =>
                  directive.name.value === "join__field" &&
                  directive.arguments?.some(
                    (argument) =>
                      argument.name.value === "requires" &&
                      argument.value.kind === Kind.STRING &&
                      argument.value.value.includes("CaseIndex"),
                  ),
              ),
            )
            .map((field) => `${definition.name.value}.${field.name.value}`)
        : [],
    );
    expect(requiring.length).toBeGreaterThan(0);
    expect([...DEPARTMENT_INDEX_FIELDS].sort()).toEqual(requiring.sort());
  });

  it("counts every alias", () => {
    expect(measure(FIVE_HUNDRED_ALIASES).aliases).toBe(500);
    expect(measure(FIVE_HUNDRED_ALIASES).cost).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it("measures each fragment once: the work grows with the document, not with its expansion", () => {
    const twenty = measure(fragmentFanOut(20));
    const thirty = measure(fragmentFanOut(30));
    // Expanded, 30 fragments are 2^30 fields; the cost says so, the walk does not.
    expect(thirty.cost).toBeGreaterThan(2 ** 29);
    expect(thirty.cost).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    expect(twenty.visits).toBeLessThan(100);
    expect(thirty.visits).toBeLessThan(150);
    expect(thirty.visits - twenty.visits).toBe(10 * 3);
  });

  it("lets every committed operation through", () => {
    const documents = Object.values(
      JSON.parse(readFileSync(join(root, "gateway", "trusted-documents.json"), "utf8")) as Record<string, string>,
    );
    const operations = join(root, "test", "operations");
    for (const file of readdirSync(operations)) if (file.endsWith(".graphql")) documents.push(readFileSync(join(operations, file), "utf8"));
    expect(documents.length).toBeGreaterThan(5);
    for (const source of documents) {
      const measured = measure(source);
      expect({ source, cost: measured.cost <= DEFAULT_LIMITS.maxCost, depth: measured.depth <= DEFAULT_LIMITS.maxDepth }).toEqual({
        source,
        cost: true,
        depth: true,
      });
    }
  });

  it("knows the size of every list of objects in the supergraph", () => {
    const undeclared: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__") || !(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.values(type.getFields())) {
        if (!isListType(getNullableType(field.type)) || !isCompositeType(getNamedType(field.type))) continue;
        const sliced = field.args.some((argument) => (SLICING_ARGUMENTS as readonly string[]).includes(argument.name));
        if (!sliced && !SIZED_FIELDS.has(field.name) && LIST_SIZES[`${type.name}.${field.name}`] === undefined)
          undeclared.push(`${type.name}.${field.name}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});

describe("the screen before Apollo Server parses", () => {
  const screen = operationLimitsScreen(DEFAULT_LIMITS, () => schema);
  const post = (body: Record<string, unknown>) => screen({ method: "POST", body } as never);
  const refusal = (body: Record<string, unknown>) => {
    try {
      post(body);
    } catch (error) {
      return (error as { extensions: Record<string, unknown> }).extensions;
    }
    return undefined;
  };

  it("refuses every abusive document by its limit, with the variables the request sends", () => {
    expect(refusal({ query: fragmentFanOut(30) })).toMatchObject({ code: "OPERATION_TOO_COMPLEX", limit: "cost" });
    expect(refusal({ query: FIVE_HUNDRED_ALIASES })).toMatchObject({ code: "OPERATION_TOO_COMPLEX", limit: "tokens" });
    expect(refusal({ query: VARIABLE_DEFAULT_PAGES })).toMatchObject({ limit: "cost" });
    expect(refusal({ query: VARIABLE_DEFAULT_PAGES, variables: { f: 5 } })).toBeUndefined();
    expect(
      refusal({ query: "query Q($f: Int) { companies(first: $f) { edges { node { name } } } }", variables: { f: 100 } }),
    ).toBeUndefined();
  });

  it("leaves to Apollo Server what it answers itself: a syntax error, an unknown operation, no query", () => {
    expect(refusal({ query: "{ company(" })).toBeUndefined();
    expect(refusal({ query: UNBOUNDED_LISTS, operationName: "Elsewhere" })).toBeUndefined();
    expect(refusal({ extensions: {} })).toBeUndefined();
  });
});

describe("GraphQL Armor's measures", () => {
  it("counts depth through fragments without counting the spreads", () => {
    expect(measure('{ company(cvr: "36509120") { ...C } } fragment C on Company { cases { edges { node { id } } } }').depth).toBe(5);
  });

  it("counts directives", () => {
    expect(measure('query { company(cvr: "36509120") { name @include(if: true) cvr @skip(if: false) } }').directives).toBe(2);
  });
});
