import type { ApolloServerPlugin } from "@apollo/server";
import {
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLScalarType,
  type OperationDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from "graphql";
import { DateScalar, DateTimeScalar } from "@company-graph/kit/schema";
import { ErrorCode } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";

/**
 * A NUL character cannot be stored in a PostgreSQL text column (22021) and a lone UTF-16
 * surrogate is not text at all: the CRM answered either with INTERNAL_SERVER_ERROR. They are
 * refused here, at the gateway, before any subgraph (and so any database) sees the request.
 * Hand-written because no maintained GraphQL library checks argument text for this (GraphQL
 * Armor limits sizes and counts, graphql-scalars covers formats of its own scalars only); it is
 * one pass over the document and one over the variables.
 */
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const isUnsafeText = (value: string): boolean => UNSAFE.test(value);

function unsafeArgument(field: string): GraphQLError {
  return new GraphQLError(refusal.badUserInput.unsafeText(field), {
    extensions: { code: ErrorCode.BadUserInput, field, http: { status: 400 } },
  });
}

const join = (path: string, key: string | number) => (typeof key === "number" ? `${path}[${key}]` : `${path}.${key}`);

/** A value met on the walk: its parent and key, so its path is spelled only if it is the one refused. */
interface Visit {
  value: unknown;
  parent?: Visit;
  key?: string | number;
}

const pathOf = (visit: Visit, root: string): string => {
  const keys: (string | number)[] = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) keys.push(at.key!);
  return keys.reverse().reduce<string>(join, root);
};

/**
 * The path of the first unsafe string in a JSON value, or undefined. Walked with a stack of its
 * own rather than by recursion: a client's variables may nest arrays 100,000 deep in a few
 * hundred kilobytes, which overflowed the call stack (INTERNAL_SERVER_ERROR), and each level's
 * path is not spelled out, which would cost the square of the depth.
 */
function unsafeIn(value: unknown, root: string): string | undefined {
  const pending: Visit[] = [{ value }];
  while (pending.length) {
    const visit = pending.pop()!;
    if (typeof visit.value === "string") {
      if (isUnsafeText(visit.value)) return pathOf(visit, root);
    } else if (visit.value && typeof visit.value === "object") {
      const entries = Array.isArray(visit.value) ? [...visit.value.entries()] : Object.entries(visit.value);
      // Pushed last to first, so the first unsafe string in document order is the one named.
      for (let index = entries.length - 1; index >= 0; index--)
        pending.push({ value: entries[index][1], parent: visit, key: entries[index][0] });
    }
  }
  return undefined;
}

/**
 * Throws BAD_USER_INPUT naming the argument (e.g. `input.summary`, `search`, `after`) when a
 * string in the document's arguments or in the variables is unsafe. A variable is named by the
 * argument it is passed to.
 */
export function refuseUnsafeText(document: DocumentNode, variables: Record<string, unknown>): void {
  const argumentOfVariable = safeDocumentArguments(document);
  for (const [name, value] of Object.entries(variables)) {
    const found = unsafeIn(value, argumentOfVariable.get(name) ?? `$${name}`);
    if (found) throw unsafeArgument(found);
  }
}

/**
 * Apollo Server hands the same DocumentNode back from its document cache for a repeated query,
 * so what the document alone says is worked out once per document: its literals checked, and the
 * argument each variable is passed to. A document with an unsafe literal is refused every time and
 * never remembered.
 */
const variableArguments = new WeakMap<DocumentNode, Map<string, string>>();

function safeDocumentArguments(document: DocumentNode): Map<string, string> {
  const known = variableArguments.get(document);
  if (known) return known;
  const argumentOfVariable = new Map<string, string>();
  const check = (value: ValueNode, path: string): void => {
    switch (value.kind) {
      case Kind.STRING:
        if (isUnsafeText(value.value)) throw unsafeArgument(path);
        return;
      case Kind.LIST:
        value.values.forEach((item, index) => check(item, join(path, index)));
        return;
      case Kind.OBJECT:
        for (const field of value.fields) check(field.value, join(path, field.name.value));
        return;
      case Kind.VARIABLE:
        if (!argumentOfVariable.has(value.name.value)) argumentOfVariable.set(value.name.value, path);
        return;
      default:
        return;
    }
  };
  visit(document, {
    Argument: (argument) => check(argument.value, argument.name.value),
    VariableDefinition: (definition) => {
      if (definition.defaultValue) check(definition.defaultValue, `$${definition.variable.name.value}`);
    },
  });
  variableArguments.set(document, argumentOfVariable);
  return argumentOfVariable;
}

/**
 * The supergraph passes custom scalars through, so a bad Date or DateTime reached the subgraph,
 * whose refusal (HTTP 400) the gateway reported as INTERNAL_SERVER_ERROR. The kit's own scalars
 * (graphql-scalars underneath) check them here first: BAD_USER_INPUT naming the argument.
 */
const STRICT_SCALARS: Record<string, GraphQLScalarType> = { Date: DateScalar, DateTime: DateTimeScalar };

function strictParse(scalar: string, value: unknown, field: string): void {
  refuseAsInput(() => STRICT_SCALARS[scalar].parseValue(value), scalar, field);
}

/** A literal of any kind (a number, true, an enum, an object or a list where a date belongs): the scalar's parseLiteral decides. */
function strictParseLiteral(scalar: string, node: ValueNode, field: string): void {
  refuseAsInput(() => STRICT_SCALARS[scalar].parseLiteral(node), scalar, field);
}

function refuseAsInput(parse: () => unknown, scalar: string, field: string): void {
  try {
    parse();
  } catch (error) {
    const message = error instanceof Error ? error.message : `${scalar} is invalid`;
    throw new GraphQLError(`${field}: ${message}`, { extensions: { code: ErrorCode.BadUserInput, field, http: { status: 400 } } });
  }
}

function checkDates(type: GraphQLInputType, value: unknown, path: string): void {
  if (value === null || value === undefined) return;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    (Array.isArray(value) ? value : [value]).forEach((item, index) => checkDates(inner.ofType, item, join(path, index)));
    return;
  }
  if (isInputObjectType(inner)) {
    if (typeof value !== "object") return;
    const fields = inner.getFields();
    for (const [key, item] of Object.entries(value as Record<string, unknown>))
      if (fields[key]) checkDates(fields[key].type, item, join(path, key));
    return;
  }
  if (STRICT_SCALARS[inner.name]) strictParse(inner.name, value, path);
}

/**
 * Checks the dates of the operation that runs (`operation`; a document may hold several, and
 * another one's `$from` may be a String): its literals, those of the fragments, and its variables.
 */
export function refuseInvalidDates(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operation?: OperationDefinitionNode,
): void {
  const running =
    operation ??
    document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (!running) return;
  for (const { name, type, path } of variablesOf(schema, document, running)) if (name in variables) checkDates(type, variables[name], path);
}

/** A variable of an operation, its type and the argument it is passed to (for the refusal's `field`). */
interface TypedVariable {
  name: string;
  type: GraphQLInputType;
  path: string;
}

/**
 * Per schema and operation (a node of the cached DocumentNode, so as long-lived), as
 * variableArguments: the literals checked once, the variables' types and arguments kept.
 */
const typedVariables = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, TypedVariable[]>>();

function variablesOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): TypedVariable[] {
  let bySchema = typedVariables.get(schema);
  if (!bySchema) typedVariables.set(schema, (bySchema = new WeakMap()));
  const known = bySchema.get(operation);
  if (known) return known;
  const argumentOfVariable = new Map<string, string>();
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  const literal = (node: ValueNode) => {
    const type = typeInfo.getInputType();
    const scalar = type && (isNonNullType(type) ? type.ofType : type);
    if (scalar && !isListType(scalar) && STRICT_SCALARS[scalar.name]) {
      strictParseLiteral(scalar.name, node, path.join("."));
      return false;
    }
    return undefined;
  };
  // The operation and the fragments (validation refuses a fragment no operation spreads).
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  visit(
    { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
    visitWithTypeInfo(typeInfo, {
      Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
      ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
      Variable: (node) => {
        if (path.length && !argumentOfVariable.has(node.name.value)) argumentOfVariable.set(node.name.value, path.join("."));
      },
      StringValue: literal,
      IntValue: literal,
      FloatValue: literal,
      BooleanValue: literal,
      EnumValue: literal,
      ObjectValue: literal,
      ListValue: literal,
    }),
  );
  const variables: TypedVariable[] = [];
  for (const variable of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, variable.type) as GraphQLInputType | undefined;
    const name = variable.variable.name.value;
    if (type) variables.push({ name, type, path: argumentOfVariable.get(name) ?? `$${name}` });
  }
  bySchema.set(operation, variables);
  return variables;
}

/** Runs refuseUnsafeText and refuseInvalidDates on every operation once it is parsed and validated, before planning. */
export function unsafeTextPlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, schema, operation }) {
          refuseUnsafeText(document, request.variables ?? {});
          refuseInvalidDates(schema, document, request.variables ?? {}, operation);
        },
      };
    },
  };
}
