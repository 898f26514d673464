import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from "graphql";
import { ErrorCode } from "@company-graph/kit";

/**
 * A NUL character cannot be stored in a PostgreSQL text column (22021) and a lone UTF-16
 * surrogate is not text at all: the CRM answered either with INTERNAL_SERVER_ERROR. They are
 * refused here, at the gateway, before any subgraph (and so any database) sees the request.
 * Hand-written because no maintained GraphQL library checks argument text for this (GraphQL
 * Armor limits sizes and counts, graphql-scalars covers formats of its own scalars only); it is
 * one pass over the document and one over the variables.
 */
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isUnsafeText = (value: string): boolean => UNSAFE.test(value);

function refusal(field: string): GraphQLError {
  return new GraphQLError(
    `Argumentet ${field} indeholder et NUL-tegn eller et ufuldstændigt surrogattegn og kan ikke modtages / The argument ${field} contains a NUL character or a lone surrogate`,
    { extensions: { code: ErrorCode.BadUserInput, field, http: { status: 400 } } },
  );
}

const join = (path: string, key: string | number) => (typeof key === "number" ? `${path}[${key}]` : `${path}.${key}`);

/** The path of the first unsafe string in a JSON value, or undefined. */
function unsafeIn(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return isUnsafeText(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unsafeIn(item, join(path, index));
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = unsafeIn(item, join(path, key));
      if (found) return found;
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
  const argumentOfVariable = new Map<string, string>();
  const check = (value: ValueNode, path: string): void => {
    switch (value.kind) {
      case Kind.STRING:
        if (isUnsafeText(value.value)) throw refusal(path);
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
  for (const [name, value] of Object.entries(variables)) {
    const found = unsafeIn(value, argumentOfVariable.get(name) ?? `$${name}`);
    if (found) throw refusal(found);
  }
}

/** Runs refuseUnsafeText on every operation once it is parsed and validated, before planning. */
export function unsafeTextPlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          refuseUnsafeText(document, request.variables ?? {});
        },
      };
    },
  };
}
