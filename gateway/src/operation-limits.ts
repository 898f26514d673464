import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { ErrorCode } from "@company-graph/kit";
import { armorMeasure } from "./limits/armor";
import { measureCost } from "./limits/operation-cost";

export interface OperationLimits {
  /** Deepest field nesting allowed (the company view needs 7). */
  maxDepth: number;
  /** Highest estimated cost allowed (see limits/operation-cost.ts). */
  maxCost: number;
  /** Most aliases in one operation. */
  maxAliases?: number;
  /** Most directives in one operation. */
  maxDirectives?: number;
  /** Most lexical tokens in one document (the largest trusted document has under 100). */
  maxTokens?: number;
}

export const DEFAULT_LIMITS: Required<OperationLimits> = { maxDepth: 12, maxCost: 10_000, maxAliases: 30, maxDirectives: 50, maxTokens: 2_000 };

export function withDefaults(limits: OperationLimits): Required<OperationLimits> {
  return { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined)) };
}

type Limit = "depth" | "cost" | "aliases" | "directives" | "tokens";

const DANISH: Record<Limit, string> = { depth: "dybde", cost: "anslået pris", aliases: "aliasser", directives: "direktiver", tokens: "symboler" };

export function tooComplex(limit: Limit, measured: number | undefined, maximum: number): GraphQLError {
  const found = measured === undefined ? `mere end ${maximum}` : String(measured);
  return new GraphQLError(
    `Forespørgslen er for kompleks: ${DANISH[limit]} ${found}, højst ${maximum} tilladt / The operation is too complex: ${limit} ${measured ?? `over ${maximum}`}, at most ${maximum} allowed`,
    { extensions: { code: ErrorCode.OperationTooComplex, limit, ...(measured === undefined ? {} : { measured }), maximum, http: { status: 400 } } },
  );
}

export interface OperationMeasure {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
  /** Selections the cost analysis walked (linear in the document's size). */
  visits: number;
}

export function measureOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): OperationMeasure {
  return { ...armorMeasure(schema, document), ...measureCost(schema, document, operation, variables) };
}

/**
 * Depth, aliases, directives and cost, checked once the operation is known and before the
 * query planner or any subgraph is reached; every check is linear in the document. The token
 * limit runs earlier still, inside Apollo Server's one parse (see parseOptions in server.ts).
 */
export function operationLimitsPlugin<Context extends object>(configured: OperationLimits): ApolloServerPlugin<Context> {
  const limits = withDefaults(configured);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          // Apollo Server hands a document without the named (or a single) operation on to the
          // gateway's executor, which fails it as an internal error: refuse it here as the caller's.
          if (!requestContext.operation) throw unknownOperation(requestContext.request.operationName);
          const { depth, aliases, directives } = armorMeasure(requestContext.schema, requestContext.document);
          if (depth > limits.maxDepth) throw tooComplex("depth", depth, limits.maxDepth);
          if (aliases > limits.maxAliases) throw tooComplex("aliases", aliases, limits.maxAliases);
          if (directives > limits.maxDirectives) throw tooComplex("directives", directives, limits.maxDirectives);
          const { cost } = measureCost(requestContext.schema, requestContext.document, requestContext.operation, requestContext.request.variables ?? {});
          if (cost > limits.maxCost) throw tooComplex("cost", cost, limits.maxCost);
        },
      };
    },
  };
}

function unknownOperation(operationName: string | undefined | null): GraphQLError {
  const message = operationName
    ? `Dokumentet har ingen operation ved navn "${cappedName(operationName)}" / The document has no operation named "${cappedName(operationName)}"`
    : "Dokumentet har flere operationer: angiv operationName / The document has several operations: give operationName";
  return new GraphQLError(message, { extensions: { code: ErrorCode.BadUserInput, field: "operationName", http: { status: 400 } } });
}

const cappedName = (name: string) => (name.length > 100 ? `${name.slice(0, 100)}…` : name);

/** graphql-js aborts a parse past `maxTokens` with a syntax error ("more that N tokens" in 16.x); the client gets the limit's own code. */
export function tokenLimitRefusal(formatted: GraphQLFormattedError, maxTokens: number): GraphQLFormattedError {
  if (formatted.extensions?.code !== "GRAPHQL_PARSE_FAILED" || !/Document contains more tha[nt] \d+ tokens/.test(formatted.message)) return formatted;
  const { message, extensions } = tooComplex("tokens", undefined, maxTokens);
  const { http: _http, ...rest } = extensions as Record<string, unknown>;
  return { message, extensions: rest };
}
