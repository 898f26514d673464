import type { Request, Response, RequestHandler } from "express";
import {
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from "graphql";
import { createHandler, type OperationArgs } from "graphql-sse";
import { ErrorCode, maskError } from "@company-graph/kit/errors";
import { metrics } from "@company-graph/kit/observability";
import { refusal } from "@company-graph/kit/refusals";
import type { GatewayContext } from "../subgraph-data-source";
import { newGatewayContext } from "../subgraph-data-source";
import type { RateLimiter } from "../rate-limit";
import { clientAddress } from "../client-address";
import { checkOperation, type OperationLimits } from "../operation-limits";
import { cappedMessage, danishFirstGraphQL } from "../request-errors";
import { eventQuery, MISSED_QUERY, type EventQuery } from "./event-query";
import { endError, wallClockScheduler, type LiveStreams, type Scheduler, type StreamLease } from "./streams";

/** Runs one operation through the gateway's own pipeline (Apollo Server's executeOperation), as `contextValue`'s caller. */
export type ExecuteThroughGraph = (
  request: { query: string; operationName?: string; variables?: Record<string, unknown> },
  contextValue: GatewayContext,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] }>;

export interface NotificationStreamOptions {
  /** Authenticates as /graphql does (the same token rules and login throttle); refusals are GraphQL errors with http status. */
  authenticate: (args: { req: Request; res: Response }) => Promise<GatewayContext>;
  limiter: RateLimiter;
  limits: Required<OperationLimits>;
  schemaOf: () => GraphQLSchema | undefined;
  execute: ExecuteThroughGraph;
  streams: LiveStreams;
  /** The budget of each event's query, as REQUEST_DEADLINE_MS is of a request. */
  requestDeadlineMs: number;
  now?: () => number;
  /** When the stream is closed for its token's expiry; the wall clock unless given. */
  scheduler?: Scheduler;
}

type StreamState = {
  context: GatewayContext;
  lease: StreamLease;
  lastEventId: string | undefined;
  address: string;
  query?: EventQuery;
  /** The estimated cost of one event's query. */
  cost?: number;
};

const MAX_EVENT_ID = 200;
/** What may wait in the socket's buffer for a client that reads too slowly. */
const MAX_UNREAD_BYTES = 1_000_000;

/**
 * GET/POST /graphql/stream: the GraphQL over Server-Sent Events protocol (graphql-sse, "distinct
 * connections mode": one operation per connection), for the notificationAdded subscription.
 * Before any stream is opened the caller passes what /graphql asks: the token and its login
 * throttle, one request of its rate budget, the operation limits (on the query each event runs)
 * charged to its cost budget, and a partner only with a trusted document; then the per-user and
 * per-gateway stream limits. Each event is the subscriber's notification resolved by a query
 * through the graph (event-query.ts); its SSE id, and extensions.cursor, is the notification's id,
 * from which a reconnecting client resumes (Last-Event-ID or `after`). graphql-sse pings every
 * 12 s (a comment line), which keeps proxies from closing an idle stream.
 */
export function notificationStream(options: NotificationStreamOptions): RequestHandler {
  const now = options.now ?? Date.now;
  const scheduler = options.scheduler ?? wallClockScheduler;
  const handler = createHandler<Request, StreamState, StreamState>({
    // Distinct connections only: no stream reservations (PUT), so nothing is held between requests.
    authenticate: () => null,
    onSubscribe: async (req, params) => {
      const schema = options.schemaOf();
      const state = req.context;
      try {
        if (!schema) throw new GraphQLError(refusal.request.internal, { extensions: { code: ErrorCode.Internal, http: { status: 503 } } });
        let document;
        try {
          document = parse(params.query, { maxTokens: options.limits.maxTokens });
        } catch (error) {
          throw new GraphQLError(danishFirstGraphQL({ message: (error as Error).message }).message, {
            extensions: { code: "GRAPHQL_PARSE_FAILED", http: { status: 400 } },
          });
        }
        const invalid = validate(schema, document);
        if (invalid.length)
          throw new GraphQLError(danishFirstGraphQL({ message: invalid[0].message }).message, {
            extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } },
          });
        const operation = getOperationAST(document, params.operationName);
        if (!operation)
          throw new GraphQLError(refusal.badUserInput.operationNameNeeded, {
            extensions: { code: ErrorCode.BadUserInput, http: { status: 400 } },
          });
        const variables = (params.variables ?? {}) as Record<string, unknown>;
        const query = eventQuery(schema, document, operation, variables);
        const queryOperation = getOperationAST(query.document, query.operationName)!;
        let cost: number;
        try {
          cost = checkOperation(schema, query.document, queryOperation, variables, options.limits);
        } catch (refused) {
          await options.limiter.recordRefusal(state.context.identity);
          throw refused;
        }
        (await options.limiter.admitCost({ subject: state.context.identity, address: state.address, cost, signal: state.lease.ended }))();
        state.query = query;
        state.cost = cost;
        return {
          schema,
          document,
          operationName: params.operationName,
          variableValues: variables,
          contextValue: state,
        } satisfies OperationArgs<StreamState>;
      } catch (error) {
        state.lease.end("closed");
        return refusalResponse(error);
      }
    },
    subscribe: (args) => events(args.contextValue, args.variableValues ?? {}),
  });

  async function* events(state: StreamState, variables: Record<string, unknown>): AsyncGenerator<ExecutionResult> {
    const { lease, query } = state;
    const delivered = new Set<string>();
    const contextValue = (): GatewayContext => ({
      ...newGatewayContext(state.context.identity, state.context.trustedDocumentId, state.context.acceptLanguage),
      deadlineAt: now() + options.requestDeadlineMs,
      clientGone: lease.ended,
    });
    const deliver = async (notificationId: string): Promise<ExecutionResult | undefined> => {
      if (delivered.has(notificationId)) return void metrics.liveEvent("skipped");
      const result = await options.execute(
        { query: query!.text, operationName: query!.operationName, variables: { ...variables, [query!.idVariable]: notificationId } },
        contextValue(),
      );
      if (result.errors?.length) {
        metrics.liveEvent("failed");
        return { errors: result.errors as unknown as GraphQLError[] };
      }
      const notification = (result.data?.me as { notification?: unknown } | null | undefined)?.notification;
      // Not the subscriber's (a signal names ids only; the graph decides whose), or gone since.
      if (!notification) return void metrics.liveEvent("skipped");
      metrics.liveEvent("delivered");
      remember(delivered, notificationId);
      return { data: { [query!.responseKey]: notification }, extensions: { cursor: notificationId } };
    };
    try {
      const after = query!.after ?? state.lastEventId;
      if (after !== undefined) {
        const missed = await missedSince(after, contextValue());
        // A resume runs a query per missed notification: charged to the caller's cost budget like as many requests.
        if (missed.length)
          (
            await options.limiter.admitCost({
              subject: state.context.identity,
              address: state.address,
              cost: (state.cost ?? 1) * missed.length,
              signal: lease.ended,
            })
          )();
        for (const id of missed) {
          if (!lease.open) break;
          const result = await deliver(id);
          if (result) yield result;
        }
      }
      for (let id = await lease.next(); id !== undefined; id = await lease.next()) {
        const result = await deliver(id);
        if (result) yield result;
      }
      const reason = lease.endReason;
      if (reason) {
        metrics.liveEvent("ended");
        yield { errors: [endError(reason)] };
      }
    } catch (error) {
      // A refusal (the resume past the cost budget) ends the stream with it; anything else is internal.
      if (lease.open)
        yield {
          errors: [
            error instanceof GraphQLError
              ? error
              : new GraphQLError(refusal.request.internal, { extensions: { code: ErrorCode.Internal } }),
          ],
        };
    } finally {
      lease.end("closed");
    }
  }

  /** The subscriber's notifications newer than `after`, oldest first; the newest page when `after` is not on it. */
  async function missedSince(after: string, contextValue: GatewayContext): Promise<string[]> {
    const result = await options.execute({ query: MISSED_QUERY, operationName: "NotificationsSince" }, contextValue);
    const edges = (
      (result.data?.me as { notifications?: { edges?: { node: { id: string } }[] } } | null | undefined)?.notifications?.edges ?? []
    ).map((edge) => edge.node.id);
    const known = edges.indexOf(after);
    return (known === -1 ? edges : edges.slice(0, known)).reverse();
  }

  return async (req, res) => {
    if (!String(req.headers.accept ?? "").includes("text/event-stream"))
      return sendRefusal(
        res,
        new GraphQLError(refusal.stream.notEventStream, { extensions: { code: "BAD_REQUEST", http: { status: 406 } } }),
      );
    let context: GatewayContext;
    try {
      context = await options.authenticate({ req, res });
      // One request of the caller's budget, as any request to /graphql; the stream holds no slot in flight.
      (await options.limiter.admit(context.identity))();
    } catch (error) {
      return sendRefusal(res, error);
    }
    const lease = options.streams.open(context.identity.userId);
    if (lease instanceof GraphQLError) return sendRefusal(res, lease);
    const expiresAt = tokenExpiry(req.headers.authorization);
    const cancelExpiry = expiresAt === undefined ? () => undefined : scheduler(expiresAt, () => lease.end("expired"));
    lease.ended.addEventListener("abort", cancelExpiry, { once: true });
    const header = req.headers["last-event-id"];
    const lastEventId = typeof header === "string" && header.length > 0 && header.length <= MAX_EVENT_ID ? header : undefined;
    res.once("close", () => lease.end("closed"));
    let body, init;
    try {
      [body, init] = await handler({
        method: req.method,
        url: req.originalUrl,
        headers: { get: (key) => (key.toLowerCase() === "accept" ? "text/event-stream" : (req.get(key) ?? null)) },
        body: (req.body as Record<string, unknown> | undefined) ?? null,
        raw: req,
        context: { context, lease, lastEventId, address: clientAddress(req) },
      });
    } catch (error) {
      lease.end("closed");
      return sendRefusal(res, error);
    }
    if (typeof body === "string" || body === null) {
      lease.end("closed");
      // graphql-sse's own refusal (English, no code): ours, Danish first, as /graphql answers unreadable JSON.
      if (init.status >= 400 && !isOwnRefusal(body))
        return void res
          .status(init.status)
          .json({ errors: [{ message: refusal.stream.unreadable(graphqlSseMessage(body)), extensions: { code: "BAD_REQUEST" } }] });
      res.writeHead(init.status, init.headers);
      return void res.end(body ?? undefined);
    }
    res.writeHead(init.status, { ...init.headers, "x-accel-buffering": "no" });
    res.flushHeaders();
    const stream = body;
    res.once("close", () => void stream.return(undefined));
    for await (const message of stream) {
      if (res.writableEnded) break;
      res.write(withEventId(message));
      // A client that stops reading is not buffered for without end: it is cut off, and resumes with Last-Event-ID.
      if (res.writableLength > MAX_UNREAD_BYTES) {
        lease.end("behind");
        res.destroy();
        break;
      }
    }
    res.end();
  };
}

/** Each delivered event's SSE id is its cursor, so an EventSource or a client's Last-Event-ID resumes from it. */
function withEventId(message: string): string {
  if (!message.startsWith("event: next\n")) return message;
  const data = message.slice("event: next\ndata: ".length).trimEnd();
  try {
    const cursor = (JSON.parse(data) as { extensions?: { cursor?: unknown } }).extensions?.cursor;
    return typeof cursor === "string" ? `id: ${cursor.replace(/[\r\n]/g, "")}\n${message}` : message;
  } catch {
    return message;
  }
}

/** Whether a refusal body is onSubscribe's own (refusalResponse: a code on every error) rather than graphql-sse's English one. */
function isOwnRefusal(body: string | null): boolean {
  try {
    const errors = (JSON.parse(body ?? "") as { errors?: { extensions?: { code?: unknown } }[] }).errors;
    return Array.isArray(errors) && errors.length > 0 && errors.every((error) => typeof error.extensions?.code === "string");
  } catch {
    return false;
  }
}

/** graphql-sse's reason for refusing a request it could not read ("Missing query"), short, for the English half. */
function graphqlSseMessage(body: string | null): string {
  try {
    const message = (JSON.parse(body ?? "") as { errors?: { message?: unknown }[] }).errors?.[0]?.message;
    if (typeof message === "string") return message.slice(0, 200);
  } catch {
    // Plain text.
  }
  return (body ?? "").slice(0, 200) || "unreadable request";
}

function remember(delivered: Set<string>, id: string): void {
  delivered.add(id);
  if (delivered.size > 1_000) delivered.delete(delivered.values().next().value!);
}

/**
 * The verified token's `exp` in epoch ms (its signature was checked by authenticate). The header is
 * read as authenticate reads it (any whitespace, any case), so no spelling of it keeps a stream open past expiry.
 */
function tokenExpiry(authorization: string | undefined): number | undefined {
  const payload = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1].split(".")[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function formatted(error: unknown): { status: number; headers: Record<string, string>; error: GraphQLFormattedError } {
  const graphQLError =
    error instanceof GraphQLError ? error : new GraphQLError(refusal.request.internal, { extensions: { code: ErrorCode.Internal } });
  const http = graphQLError.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
  const { http: _http, ...extensions } = graphQLError.extensions;
  return {
    status: http?.status ?? (extensions.code === ErrorCode.Internal ? 500 : 400),
    headers: Object.fromEntries(http?.headers ?? []),
    error: cappedMessage(danishFirstGraphQL(maskError({ message: graphQLError.message, extensions }))),
  };
}

function refusalResponse(error: unknown): readonly [string, { status: number; statusText: string; headers: Record<string, string> }] {
  const { status, headers, error: body } = formatted(error);
  return [
    JSON.stringify({ errors: [body] }),
    { status, statusText: "", headers: { "content-type": "application/json; charset=utf-8", ...headers } },
  ];
}

function sendRefusal(res: Response, error: unknown): void {
  const { status, headers, error: body } = formatted(error);
  res
    .status(status)
    .set(headers)
    .json({ errors: [body] });
}
