import { randomUUID } from "node:crypto";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import { context, SpanKind, SpanStatusCode, trace, type Context } from "@opentelemetry/api";
import type { RequestHandler } from "express";
import type { Logger } from "./logger";
import { metrics, renderMetrics } from "./metrics";
import { extractTraceContext, tracer } from "./tracing";

/** Correlates the log lines of one HTTP request; taken from the caller when it sends a sane one. */
export const REQUEST_ID_HEADER = "x-request-id";
const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

function requestIdOf(request: IncomingMessage): string {
  const header = request.headers[REQUEST_ID_HEADER];
  return typeof header === "string" && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** A request this slow is logged at warn level, whatever the level of its ordinary line. */
const SLOW_REQUEST_MS = 1_000;

export interface RequestLogOptions {
  /**
   * Level of the line for an ordinary request. The gateway logs each client request at info;
   * subgraphs log their fetches at debug (a company view is a dozen of them, all in the
   * gateway's trace), so at info they write only failures and slow requests.
   */
  level?: "info" | "debug";
}

/** What observeRequest needs of an HTTP request beside node's own objects. */
export interface ObservedRequest {
  /** The route, for the span's name (e.g. `/graphql`). */
  route: string;
  /** The path without its query string. */
  path: string;
  /** The GraphQL operation's name, read when the answer has been sent (the body is parsed by then). */
  operationName: () => string | undefined;
}

/**
 * Opens a server span for one HTTP request that continues the caller's trace (`traceparent`),
 * gives it a request id (echoed as x-request-id) and logs one line when the answer is sent.
 * Returns the context the rest of the request must run in. Never logs the query, variables or
 * headers: they can carry personal data.
 */
export function observeRequest(
  service: string,
  logger: Logger,
  options: RequestLogOptions,
  request: IncomingMessage,
  response: ServerResponse,
  observed: ObservedRequest,
): Context {
  const ordinaryLevel = options.level ?? "info";
  const requestId = requestIdOf(request);
  response.setHeader(REQUEST_ID_HEADER, requestId);
  const started = performance.now();
  const span = tracer().startSpan(
    `${request.method} ${observed.route}`,
    {
      kind: SpanKind.SERVER,
      attributes: { "company_graph.service": service, "http.request.method": request.method, "url.path": observed.path },
    },
    extractTraceContext(request.headers),
  );
  const active = trace.setSpan(context.active(), span);
  response.once("finish", () => {
    span.setAttribute("http.response.status_code", response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    const milliseconds = performance.now() - started;
    const level =
      response.statusCode >= 500 ? "error" : response.statusCode >= 400 || milliseconds >= SLOW_REQUEST_MS ? "warn" : ordinaryLevel;
    if (logger.isLevelEnabled(level))
      context.with(active, () =>
        logger[level](
          {
            requestId,
            method: request.method,
            path: observed.path,
            operation: observed.operationName(),
            status: response.statusCode,
            durationMs: Math.round(milliseconds * 10) / 10,
          },
          "request",
        ),
      );
    span.end();
  });
  return active;
}

/**
 * observeRequest as Express middleware. Mount after the JSON body parser: the span must be active
 * for the rest of the request, and body parsing runs in the socket's async context, not the request's.
 */
export function observeGraphQLRequests(service: string, logger: Logger, options: RequestLogOptions = {}): RequestHandler {
  return (request, response, next) => {
    const path = request.originalUrl.split("?")[0];
    const active = observeRequest(service, logger, options, request, response, {
      route: request.baseUrl || request.path,
      path,
      operationName: () => operationNameOf(request.body),
    });
    context.with(active, () => next());
  };
}

/** The operation name of a parsed GraphQL request body, if it names one. */
export function operationNameOf(body: unknown): string | undefined {
  const name = (body as { operationName?: unknown } | undefined)?.operationName;
  return typeof name === "string" ? name : undefined;
}

/**
 * Counts requests, latency and error codes per operation name (codes as the caller gets them,
 * after masking), and logs errors: internal ones at error level with what masking hides from
 * the caller, the caller's own mistakes at debug level.
 */
export function observeGraphQLOperations<Context extends BaseContext>(service: string, logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async didResolveOperation({ operationName }) {
          if (operationName) trace.getActiveSpan()?.setAttribute("graphql.operation.name", operationName);
        },
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            const internal = typeof code !== "string" || code === "INTERNAL_SERVER_ERROR";
            logger[internal ? "error" : "debug"](
              { operation: operationName ?? undefined, code, path: error.path, err: error.originalError ?? error },
              "GraphQL error",
            );
          }
        },
        async willSendResponse({ response, operationName, request }) {
          const errors = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : [];
          const codes = errors.map((error) =>
            typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR",
          );
          metrics.graphqlRequest(service, operationName ?? request.operationName, (performance.now() - started) / 1000, codes);
        },
      };
    },
  };
}

/** GET /metrics: the process's registry in Prometheus text format (Express or node:http). */
export const metricsEndpoint = async (_request: IncomingMessage, response: ServerResponse): Promise<void> => {
  const { contentType, body } = await renderMetrics();
  response.setHeader("content-type", contentType);
  response.end(body);
};
