import { GraphQLError, GraphQLFormattedError } from "graphql";
import type { Department } from "@company-graph/domain";
import { refusal } from "./refusals";

/** The `extensions.code` values clients can rely on. */
export const ErrorCode = {
  BadUserInput: "BAD_USER_INPUT",
  Unauthenticated: "UNAUTHENTICATED",
  Forbidden: "FORBIDDEN",
  /** The operation is deeper or costlier than the gateway allows. */
  OperationTooComplex: "OPERATION_TOO_COMPLEX",
  /** The request body is larger than the gateway accepts. */
  PayloadTooLarge: "PAYLOAD_TOO_LARGE",
  NotFound: "NOT_FOUND",
  /** Too many requests (or failed logins) in a window; the answer is 429 with Retry-After. */
  RateLimited: "RATE_LIMITED",
  SourceUnavailable: "SOURCE_UNAVAILABLE",
  SourceTimeout: "SOURCE_TIMEOUT",
  SourceBadResponse: "SOURCE_BAD_RESPONSE",
  /** The gateway could not reach a subgraph (process down, connection refused or reset). */
  SubgraphUnavailable: "SUBGRAPH_UNAVAILABLE",
  /** A subgraph did not answer the gateway within SUBGRAPH_TIMEOUT_MS. */
  SubgraphTimeout: "SUBGRAPH_TIMEOUT",
  /** The client closed the connection before its answer; the gateway stopped working for it. */
  ClientClosedRequest: "CLIENT_CLOSED_REQUEST",
  /** A live stream refused (too many open for this user or this gateway) or ended by the gateway (stopping, or the client fell behind): reconnect, with Last-Event-ID. */
  StreamLimit: "STREAM_LIMIT",
  Internal: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function badUserInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BadUserInput, ...(field ? { field } : {}) } });
}

export function forbidden(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Forbidden, ...(field ? { field } : {}) } });
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NotFound } });
}

export type SourceFailure = "unavailable" | "timeout" | "bad-response";

const codeForFailure: Record<SourceFailure, ErrorCode> = {
  unavailable: ErrorCode.SourceUnavailable,
  timeout: ErrorCode.SourceTimeout,
  "bad-response": ErrorCode.SourceBadResponse,
};

/**
 * A department system did not answer usefully. The message names the department so a key
 * account manager knows which part of the company view is missing; the cause stays in logs.
 */
export class SourceError extends GraphQLError {
  constructor(
    readonly department: Department,
    readonly failure: SourceFailure,
    readonly detail: string,
    /** Status of the system's HTTP answer, when it answered at all. */
    readonly httpStatus?: number,
  ) {
    super(refusal.unavailable.source(department, failure === "timeout"), {
      extensions: { code: codeForFailure[failure], department },
    });
  }
}

const SAFE_CODES = new Set<string>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.Internal));
/** Codes Apollo Server itself produces for malformed requests; their messages are safe to show. */
const SAFE_SERVER_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** What a caller reads of any error we did not raise on purpose (Danish first). */
export const INTERNAL_ERROR_MESSAGE = refusal.request.internal;

/** graphql-js' suggestions: ` Did you mean "company" or "companies"?`, ` Did you mean the enum value "BIF"?`. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Without graphql-js' "Did you mean …?" suggestions, which name fields, types and enum values the
 * caller did not ask for: with introspection off (production) they would spell out the schema.
 * By message, not by Apollo's hideSchemaDetailsFromClientErrors, which cleans validation errors
 * only, not a variable's coercion error ("… does not exist in "Department" enum. Did you mean …").
 */
export function withoutSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message.replace(SUGGESTION, "");
  return message === formatted.message ? formatted : { ...formatted, message };
}

/**
 * Keeps stack traces, SQL and internal URLs away from clients: errors we raised on purpose
 * pass with their code; anything else becomes a generic internal error.
 */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = typeof formatted.extensions?.code === "string" ? formatted.extensions.code : undefined;
  if (code && (SAFE_CODES.has(code) || SAFE_SERVER_CODES.has(code))) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: INTERNAL_ERROR_MESSAGE,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.Internal },
  };
}
