import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CriticalityLevel, diff, type Change } from "@graphql-inspector/core";
import {
  buildSchema,
  getNamedType,
  isInputType,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type GraphQLType,
} from "graphql";
import { API_SCHEMA_PATH } from "./reference";

const repoRoot = join(__dirname, "..", "..");
export const OPERATIONS_DIR = join(repoRoot, "test", "operations");
/** Written by `npm run trusted-documents`; the gateway serves only these by id. */
const TRUSTED_DOCUMENTS_PATH = join(repoRoot, "gateway", "trusted-documents.json");

/** A document a client is known to send: the golden operations and the gateway's trusted documents. */
export interface ClientOperation {
  /** The operation names in the document, e.g. "CompanyView". */
  name: string;
  /** Where it is registered, relative to the repository. */
  source: string;
  document: DocumentNode;
}

/** Every registered client operation, once per distinct document. */
export function registeredOperations(operationsDir = OPERATIONS_DIR, trustedDocumentsPath = TRUSTED_DOCUMENTS_PATH): ClientOperation[] {
  const texts = new Map<string, string>();
  for (const file of readdirSync(operationsDir)
    .filter((name) => name.endsWith(".graphql"))
    .sort()) {
    texts.set(readFileSync(join(operationsDir, file), "utf8"), relative(repoRoot, join(operationsDir, file)));
  }
  const trusted = JSON.parse(readFileSync(trustedDocumentsPath, "utf8")) as Record<string, string>;
  for (const [id, text] of Object.entries(trusted))
    if (!texts.has(text)) texts.set(text, `${relative(repoRoot, trustedDocumentsPath)} (${id.slice(0, 12)}…)`);
  return [...texts].map(([text, source]) => {
    const document = parse(text);
    const names = document.definitions.flatMap((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION ? [definition.name?.value ?? "(anonymous)"] : [],
    );
    return { name: names.join(", "), source, document };
  });
}

export function readCommittedApiSchema(path = API_SCHEMA_PATH): GraphQLSchema {
  return buildSchema(readFileSync(path, "utf8"));
}

const describe = (operation: ClientOperation) => `${operation.name} (${operation.source})`;

/** Each operation that does not validate against `schema`, with graphql-js's reasons. */
export function invalidOperations(schema: GraphQLSchema, operations: readonly ClientOperation[] = registeredOperations()): string[] {
  return operations.flatMap((operation) => {
    const errors = validate(schema, operation.document);
    return errors.length ? [`${describe(operation)}: ${errors.map((error) => error.message).join("; ")}`] : [];
  });
}

/**
 * Schema coordinates an operation depends on: every field and argument it selects or passes
 * ("Company.name", "Query.company.cvr"), and the enum, scalar and input types of its values and variables.
 */
function coordinatesUsed(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const useType = (type: GraphQLType | null | undefined) => {
    const named = type && getNamedType(type);
    if (named && isInputType(named)) used.add(named.name);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field) return;
        used.add(`${parent.name}.${field.name}`);
        useType(field.type);
      },
      Argument() {
        const argument = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (argument && field && parent) used.add(`${parent.name}.${field.name}.${argument.name}`);
        useType(typeInfo.getInputType());
      },
      VariableDefinition() {
        useType(typeInfo.getInputType());
      },
    }),
  );
  return used;
}

/** Whether a change at `path` ("Company.name", "Query.company.since", "CaseStatus") touches what the operation uses. */
function touches(path: string, used: ReadonlySet<string>): boolean {
  for (const coordinate of used) {
    // The coordinate itself, something inside it (an enum value, an input field), or a new argument of a used field.
    if (coordinate === path || path.startsWith(`${coordinate}.`) || coordinate.startsWith(`${path}.`)) return true;
  }
  return false;
}

export interface BreakingChange {
  message: string;
  path: string | undefined;
  /** The registered operations it breaks, as "Name (source)". */
  breaks: string[];
}

/** The breaking changes from `before` to `after` (GraphQL Inspector's diff), each with the registered operations it breaks. */
export async function breakingChanges(
  before: GraphQLSchema,
  after: GraphQLSchema,
  operations: readonly ClientOperation[] = registeredOperations(),
): Promise<BreakingChange[]> {
  const changes: Change[] = (await diff(before, after)).filter((change) => change.criticality.level === CriticalityLevel.Breaking);
  const usage = operations.map((operation) => ({ operation, used: coordinatesUsed(before, operation.document) }));
  return changes.map((change) => ({
    message: change.message,
    path: change.path,
    breaks: change.path ? usage.filter(({ used }) => touches(change.path!, used)).map(({ operation }) => describe(operation)) : [],
  }));
}

/** One line per breaking change that breaks a registered operation; empty when clients are safe. */
export function describeBrokenOperations(changes: readonly BreakingChange[]): string[] {
  return changes.filter((change) => change.breaks.length).map((change) => `${change.message}: breaks ${change.breaks.join(", ")}`);
}
