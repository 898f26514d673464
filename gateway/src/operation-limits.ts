import type { ApolloServerPlugin } from "@apollo/server";
import type { Request } from "express";
import {
  getOperationAST,
  GraphQLError,
  parse,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { ErrorCode } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
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

export const DEFAULT_LIMITS: Required<OperationLimits> = {
  maxDepth: 12,
  maxCost: 10_000,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 2_000,
};

export function withDefaults(limits: OperationLimits): Required<OperationLimits> {
  return { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined)) };
}

type Limit = "depth" | "cost" | "aliases" | "directives" | "tokens";

function tooComplex(limit: Limit, measured: number | undefined, maximum: number): GraphQLError {
  return new GraphQLError(refusal.operationTooComplex.limit(limit, measured, maximum), {
    extensions: {
      code: ErrorCode.OperationTooComplex,
      limit,
      ...(measured === undefined ? {} : { measured }),
      maximum,
      http: { status: 400 },
    },
  });
}

export interface OperationMeasure {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
  /** Selections the cost analysis walked (linear in the document's size). */
  visits: number;
}

export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): OperationMeasure {
  return { ...armorMeasure(schema, document), ...measureCost(schema, document, operation, variables) };
}

/** OPERATION_TOO_COMPLEX when the operation is past any limit: depth, aliases, directives, then cost; else its estimated cost. */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: Required<OperationLimits>,
): number {
  const { depth, aliases, directives } = armorMeasure(schema, document);
  if (depth > limits.maxDepth) throw tooComplex("depth", depth, limits.maxDepth);
  if (aliases > limits.maxAliases) throw tooComplex("aliases", aliases, limits.maxAliases);
  if (directives > limits.maxDirectives) throw tooComplex("directives", directives, limits.maxDirectives);
  const { cost } = measureCost(schema, document, operation, variables);
  if (cost > limits.maxCost) throw tooComplex("cost", cost, limits.maxCost);
  return cost;
}

/** What a request asks for, read as Apollo Server reads it: the JSON body of a POST, the query string of a GET. */
function requested(req: Request): { query?: unknown; operationName?: unknown; variables?: unknown } {
  if (req.method !== "GET") return (req.body ?? {}) as Record<string, unknown>;
  const { query, operationName, variables } = req.query as Record<string, unknown>;
  let parsedVariables: unknown;
  try {
    parsedVariables = typeof variables === "string" ? JSON.parse(variables) : undefined;
  } catch {
    // Apollo Server refuses the malformed variables itself.
  }
  return { query, operationName, variables: parsedVariables };
}

/**
 * Tokens, depth, aliases, directives and cost, measured from the request itself before Apollo
 * Server parses or validates it: graphql-js' validation of a fragment fan-out costs several
 * times what these linear measures do, and a refused document should cost the gateway as little
 * as possible (bench: the abuse scenario). Every check is linear in the document. Documents are
 * parsed once and kept (bounded), so a repeated query is measured from its cached document.
 * A document that does not parse, or names no operation it holds, is left to Apollo Server
 * and knownOperationPlugin, which answer it with their own errors. Returns the operation's
 * estimated cost, which the caller's cost budgets are charged (undefined when not measured).
 */
export function operationLimitsScreen(
  configured: OperationLimits,
  schemaOf: () => GraphQLSchema | undefined,
): (req: Request) => number | undefined {
  const limits = withDefaults(configured);
  const documents = new ParsedDocuments();
  return (req) => {
    const schema = schemaOf();
    const { query, operationName, variables } = requested(req);
    if (!schema || typeof query !== "string") return undefined;
    const document = documents.parse(query, limits.maxTokens);
    if (!document) return undefined;
    const operation = getOperationAST(document, typeof operationName === "string" ? operationName : undefined);
    if (!operation) return undefined;
    return checkOperation(
      schema,
      document,
      operation,
      variables && typeof variables === "object" ? (variables as Record<string, unknown>) : {},
      limits,
    );
  };
}

/** Parsed documents by their text, the oldest dropped past a count or a total length. */
class ParsedDocuments {
  private readonly byText = new Map<string, DocumentNode>();
  private characters = 0;

  constructor(
    private readonly maxEntries = 1_000,
    private readonly maxCharacters = 2_000_000,
  ) {}

  /** The document, or undefined when it does not parse; OPERATION_TOO_COMPLEX past `maxTokens`. */
  parse(text: string, maxTokens: number): DocumentNode | undefined {
    const known = this.byText.get(text);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(text, { maxTokens });
    } catch (error) {
      if (error instanceof GraphQLError && TOKEN_LIMIT.test(error.message)) throw tooComplex("tokens", undefined, maxTokens);
      return undefined;
    }
    this.byText.set(text, document);
    this.characters += text.length;
    for (const [oldest] of this.byText) {
      if (this.byText.size <= this.maxEntries && this.characters <= this.maxCharacters) break;
      this.byText.delete(oldest);
      this.characters -= oldest.length;
    }
    return document;
  }
}

/** graphql-js aborts a parse past `maxTokens` with a syntax error ("more that N tokens" in 16.x). */
const TOKEN_LIMIT = /Document contains more tha[nt] \d+ tokens/;

/**
 * Apollo Server hands a document without the named (or a single) operation on to the gateway's
 * executor, which fails it as an internal error: refuse it here as the caller's.
 */
export function knownOperationPlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          if (!requestContext.operation) throw unknownOperation(requestContext.request.operationName);
        },
      };
    },
  };
}

function unknownOperation(operationName: string | undefined | null): GraphQLError {
  const message = operationName
    ? refusal.badUserInput.noSuchOperation(cappedName(operationName))
    : refusal.badUserInput.operationNameNeeded;
  return new GraphQLError(message, { extensions: { code: ErrorCode.BadUserInput, field: "operationName", http: { status: 400 } } });
}

const cappedName = (name: string) => (name.length > 100 ? `${name.slice(0, 100)}…` : name);

/** Apollo Server's own parse stops past `maxTokens` too (a request the screen did not see): the client gets the limit's own code. */
export function tokenLimitRefusal(formatted: GraphQLFormattedError, maxTokens: number): GraphQLFormattedError {
  if (formatted.extensions?.code !== "GRAPHQL_PARSE_FAILED" || !TOKEN_LIMIT.test(formatted.message)) return formatted;
  const { message, extensions } = tooComplex("tokens", undefined, maxTokens);
  const { http: _http, ...rest } = extensions as Record<string, unknown>;
  return { message, extensions: rest };
}
