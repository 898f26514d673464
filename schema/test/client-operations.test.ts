import {
  buildASTSchema,
  Kind,
  parse,
  parseType,
  printSchema,
  visit,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type InputValueDefinitionNode,
} from "graphql";
import { readdirSync } from "node:fs";
import {
  breakingChanges,
  describeBrokenOperations,
  invalidOperations,
  OPERATIONS_DIR,
  readCommittedApiSchema,
  registeredOperations,
} from "../src/client-operations";
import { composeSupergraph } from "../src/compose";

/**
 * The check a schema registry sells: every operation a client is known to send (test/operations
 * and the gateway's trusted documents) must keep working against the freshly composed API schema.
 */
const fresh = composeSupergraph().apiSchema;
const committed = readCommittedApiSchema();
const operations = registeredOperations();

/** The API schema with one field of `type` edited (undefined removes it), as a subgraph change would compose. */
function edited(
  schema: GraphQLSchema,
  type: string,
  field: string,
  edit: (definition: FieldDefinitionNode) => FieldDefinitionNode | undefined,
): GraphQLSchema {
  let found = false;
  const document = visit(parse(printSchema(schema)), {
    ObjectTypeDefinition(node) {
      if (node.name.value !== type) return undefined;
      const fields = (node.fields ?? []).flatMap((definition) => {
        if (definition.name.value !== field) return [definition];
        found = true;
        const changed = edit(definition);
        return changed ? [changed] : [];
      });
      return { ...node, fields };
    },
  });
  if (!found) throw new Error(`${type}.${field} is not in the API schema`);
  return buildASTSchema(document);
}

const requiredArgument = (name: string): InputValueDefinitionNode => ({
  kind: Kind.INPUT_VALUE_DEFINITION,
  name: { kind: Kind.NAME, value: name },
  type: parseType("String!"),
});

describe("registered client operations against the API schema", () => {
  it("registers every golden operation and trusted document", () => {
    const golden = readdirSync(OPERATIONS_DIR).filter((name) => name.endsWith(".graphql"));
    expect(operations.length).toBeGreaterThanOrEqual(golden.length);
    expect(operations.map((operation) => operation.name)).toContain("CompanyView");
  });

  it("all validate against the freshly composed API schema", () => {
    expect(invalidOperations(fresh, operations)).toEqual([]);
  });

  it("none is broken by a change from the committed API schema (schema/api-schema.graphql)", async () => {
    expect(describeBrokenOperations(await breakingChanges(committed, fresh, operations))).toEqual([]);
  });
});

describe("a breaking change is reported with the operations it breaks", () => {
  it("a removed field that CompanyView selects names CompanyView", async () => {
    const withoutName = edited(fresh, "Company", "name", () => undefined);
    const broken = describeBrokenOperations(await breakingChanges(fresh, withoutName, operations));
    expect(broken).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Field .name. .*removed.*: breaks .*CompanyView \(test\/operations\/CompanyView\.graphql\)/),
      ]),
    );
    expect(invalidOperations(withoutName, operations)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^CompanyView .*Cannot query field "name" on type "Company"/)]),
    );
  });

  it("a changed field type names the operations that select it", async () => {
    const numericName = edited(fresh, "Company", "name", (definition) => ({ ...definition, type: parseType("Int!") }));
    expect(describeBrokenOperations(await breakingChanges(fresh, numericName, operations))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Field 'Company\.name' changed type .*: breaks .*CompanyView/)]),
    );
  });

  it("a new required argument names the operations that call the field", async () => {
    const withRequiredArgument = edited(fresh, "Query", "company", (definition) => ({
      ...definition,
      arguments: [...(definition.arguments ?? []), requiredArgument("reason")],
    }));
    expect(describeBrokenOperations(await breakingChanges(fresh, withRequiredArgument, operations))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Argument 'reason: String!' added to field 'Query\.company': breaks .*CompanyView/)]),
    );
  });

  it("a breaking change that no registered operation uses is listed, breaking none", async () => {
    const changes = await breakingChanges(
      fresh,
      edited(fresh, "Company", "advertisingProtected", () => undefined),
      [],
    );
    expect(changes).toEqual([expect.objectContaining({ path: "Company.advertisingProtected", breaks: [] })]);
  });
});
