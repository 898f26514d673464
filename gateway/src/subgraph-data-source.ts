import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Fetcher } from "@apollo/utils.fetcher";
import { DEPARTMENTS, subgraphName, type Department } from "@company-graph/domain";
import { ErrorCode } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { GATEWAY_TOKEN_HEADER, type RequestIdentity } from "@company-graph/kit/auth";
import { injectTraceHeaders } from "@company-graph/kit/observability";
import { OPERATION_ID_HEADER } from "@company-graph/kit/operation";
import type { EntityFallback } from "./entity-fallback";
import type { EarlyFetchContext } from "./early-entity-fetches";
import type { CompletionFailures } from "./incomplete-completions";
import { isUnavailableAnswer } from "./circuit-breaker";
import { isQueryFetch } from "./dead-connection-retry";
import { FETCH_SHARE_OF_REMAINING, remainingMs, withFetchScope, type Deadlined } from "./request-deadline";
import { ClientGone, isClientGone, type Cancellable } from "./request-lifetime";

export interface GatewayContext extends Deadlined, Cancellable, CompletionFailures, EarlyFetchContext {
  /** One id per client operation, forwarded to every subgraph fetch of that operation. */
  operationId: string;
  /** The verified caller, with the purpose they declared. */
  identity: RequestIdentity;
  /** The manifest id when the client sent a trusted document instead of a query. */
  trustedDocumentId?: string;
  /**
   * Mints each subgraph fetch its own signed statement of identity, purpose and operation, bound
   * to that subgraph and that fetch's document and variables; set once the operation is known.
   */
  subgraphTokens?: { tokenFor(subgraph: string, document: string, variables?: Record<string, unknown>): string };
  /** The client's Accept-Language, passed on so the texts subgraphs compose follow it (Danish by default). */
  acceptLanguage?: string;
}

/** The department a subgraph serves, from its name in the supergraph ("tmf" → TMF); undefined for the CRM. */
function departmentOfSubgraph(subgraph: string): Department | undefined {
  return DEPARTMENTS.find((department) => subgraphName(department) === subgraph);
}

/** Longer than any real Accept-Language list; a longer header is not passed on. */
const MAX_ACCEPT_LANGUAGE_LENGTH = 200;

export function newGatewayContext(identity: RequestIdentity, trustedDocumentId?: string, acceptLanguage?: string): GatewayContext {
  const operationId = randomUUID();
  const language = acceptLanguage && acceptLanguage.length <= MAX_ACCEPT_LANGUAGE_LENGTH ? { acceptLanguage } : {};
  return { operationId, identity: { ...identity, operationId }, ...(trustedDocumentId ? { trustedDocumentId } : {}), ...language };
}

/**
 * Turns a failed subgraph fetch into an error that names the subgraph (and, for a departmental
 * one, its department, as the departments' own source errors do) and carries a code, instead
 * of the gateway's generic "Error while fetching subquery".
 */
function subgraphFailure(subgraph: string, timedOut: boolean, pastDeadline = false): GraphQLError {
  const department = departmentOfSubgraph(subgraph);
  return new GraphQLError(refusal.unavailable.subgraph(subgraph, pastDeadline ? "deadline" : timedOut ? "timeout" : "unavailable"), {
    extensions: {
      code: timedOut ? ErrorCode.SubgraphTimeout : ErrorCode.SubgraphUnavailable,
      subgraph,
      ...(department ? { department } : {}),
    },
  });
}

function namingFailures(subgraph: string, fetcher: Fetcher): Fetcher {
  const failure = (timedOut: boolean) => subgraphFailure(subgraph, timedOut);
  return async (url, init) => {
    let response: Awaited<ReturnType<Fetcher>>;
    try {
      response = await fetcher(url, init);
    } catch (error) {
      if (isClientGone(error)) throw error;
      // By name, not instanceof: the abort reason is a DOMException, which is not an Error of every realm.
      const name = (error as { name?: unknown } | null)?.name;
      throw failure(name === "TimeoutError" || name === "AbortError");
    }
    if (isUnavailableAnswer(response.status)) throw failure(response.status === 504);
    return response;
  };
}

function isSubgraphFailure(error: unknown): error is GraphQLError {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  return code === ErrorCode.SubgraphUnavailable || code === ErrorCode.SubgraphTimeout;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    /** The subgraph's name in the supergraph: the audience of the tokens sent to it. */
    private readonly subgraphName: string,
    url: string,
    fetcher: Fetcher,
    /** Answers a failed entity fetch with nulls, so fetches that @require its fields still run. */
    private readonly entityFallback?: EntityFallback,
    /** The clock of the request deadline (GatewayContext.deadlineAt) and the fetcher's own timeout. */
    private readonly timing: { now: () => number; subgraphTimeoutMs: number } = { now: Date.now, subgraphTimeoutMs: Infinity },
  ) {
    super({ url, fetcher: namingFailures(subgraphName, fetcher) });
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): ReturnType<RemoteGraphQLDataSource<GatewayContext>["process"]> {
    // Typed loosely by @apollo/gateway (a health check's context is any record): read as what the gateway gives it.
    const context = options.context as Partial<GatewayContext> | undefined;
    const early = context?.earlyFetches?.claim(this.subgraphName, options.request.query, options.request.variables);
    if (early) return early;
    try {
      return await this.processWithinDeadline(options);
    } catch (error) {
      if (!isSubgraphFailure(error)) throw error;
      const fallback = this.entityFallback?.answer(options.request.query ?? "", options.request.variables);
      if (!fallback) throw error;
      const department = departmentOfSubgraph(this.subgraphName);
      // Only a client operation's fetches have a path (schema loading and health checks do not).
      if (department && "pathInIncomingRequest" in options && options.pathInIncomingRequest) {
        (options.context.failedCompletions ??= []).push({ department, path: options.pathInIncomingRequest });
      }
      return { data: fallback, errors: [error.toJSON()] };
    }
  }

  /**
   * Each fetch may take half of what is left of the client request's deadline, at most the
   * subgraph timeout; when nothing is left it fails at once. So fetches in sequence cannot add up
   * past the deadline, and a hung one still leaves the fetches after it time to answer.
   */
  private async processWithinDeadline(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): ReturnType<RemoteGraphQLDataSource<GatewayContext>["process"]> {
    const context = options.context as Partial<GatewayContext> | undefined;
    const clientGone = context?.clientGone;
    // Nothing more is fetched for a client that went away; its fetches in flight are aborted by the fetcher.
    if (clientGone?.aborted) throw new ClientGone();
    // A query whose connection dies before an answer is sent once more on a new one (dead-connection-retry.ts).
    const repeatable = "document" in options && isQueryFetch(options.document, options.request.query);
    const remaining = remainingMs(context, this.timing.now);
    if (remaining === undefined) return withFetchScope({ clientGone, repeatable }, () => super.process(options));
    if (remaining <= 0) throw subgraphFailure(this.subgraphName, true, true);
    const budget = Math.max(1, Math.floor(remaining * FETCH_SHARE_OF_REMAINING));
    try {
      return await withFetchScope({ budgetMs: budget, clientGone, repeatable }, () => super.process(options));
    } catch (error) {
      // Cut short by the request's deadline rather than the subgraph's own timeout: say so.
      const pastDeadline =
        budget < this.timing.subgraphTimeoutMs && error instanceof GraphQLError && error.extensions.code === ErrorCode.SubgraphTimeout;
      throw pastDeadline ? subgraphFailure(this.subgraphName, true, true) : error;
    }
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const { request } = options;
    const context = options.context as Partial<GatewayContext> | undefined;
    // For logs and traces only: subgraphs key their caches by the operation id signed into the token.
    if (context?.operationId) request.http?.headers.set(OPERATION_ID_HEADER, context.operationId);
    if (context?.acceptLanguage) request.http?.headers.set("accept-language", context.acceptLanguage);
    if (context?.subgraphTokens)
      request.http?.headers.set(
        GATEWAY_TOKEN_HEADER,
        context.subgraphTokens.tokenFor(this.subgraphName, request.query ?? "", request.variables),
      );
    // Runs inside the gateway's fetch span, so the subgraph's spans join the client's trace.
    if (request.http) injectTraceHeaders(request.http.headers);
  }
}
