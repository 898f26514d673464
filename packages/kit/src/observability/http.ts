import { randomUUID } from "node:crypto";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "./logger";
import { metrics, renderMetrics } from "./metrics";
import { extractTraceContext, tracer } from "./tracing";

/** Correlates the log lines of one HTTP request; taken from the caller when it sends a sane one. */
export const REQUEST_ID_HEADER = "x-request-id";
const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

function requestIdOf(request: Request): string {
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

/**
 * Wraps each GraphQL HTTP request in a server span that continues the caller's trace
 * (`traceparent`), gives it a request id (echoed as x-request-id) and logs one line when the
 * answer is sent. Mount after the JSON body parser: the span must be active for the rest of
 * the request, and body parsing runs in the socket's async context, not the request's.
 * Never logs the query, variables or headers: they can carry personal data.
 */
export function observeGraphQLRequests(service: string, logger: Logger, options: RequestLogOptions = {}): RequestHandler {
  const ordinaryLevel = options.level ?? "info";
  return (request, response, next) => {
    const requestId = requestIdOf(request);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    const started = performance.now();
    const span = tracer().startSpan(
      `${request.method} ${request.baseUrl || request.path}`,
      { kind: SpanKind.SERVER, attributes: { "company_graph.service": service, "http.request.method": request.method, "url.path": request.originalUrl.split("?")[0] } },
      extractTraceContext(request.headers),
    );
    const active = trace.setSpan(context.active(), span);
    response.once("finish", () => {
      span.setAttribute("http.response.status_code", response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      const milliseconds = performance.now() - started;
      const level = response.statusCode >= 500 ? "error" : response.statusCode >= 400 || milliseconds >= SLOW_REQUEST_MS ? "warn" : ordinaryLevel;
      if (logger.isLevelEnabled(level)) context.with(active, () => logRequest(logger, level, request, response, requestId, milliseconds));
      span.end();
    });
    context.with(active, () => next());
  };
}

function logRequest(logger: Logger, level: "error" | "warn" | "info" | "debug", request: Request, response: Response, requestId: string, milliseconds: number): void {
  const body = request.body as { operationName?: unknown } | undefined;
  logger[level](
    {
      requestId,
      method: request.method,
      path: request.originalUrl.split("?")[0],
      operation: typeof body?.operationName === "string" ? body.operationName : undefined,
      status: response.statusCode,
      durationMs: Math.round(milliseconds * 10) / 10,
    },
    "request",
  );
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
            logger[internal ? "error" : "debug"]({ operation: operationName ?? undefined, code, path: error.path, err: error.originalError ?? error }, "GraphQL error");
          }
        },
        async willSendResponse({ response, operationName, request }) {
          const errors = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : [];
          const codes = errors.map((error) => (typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR"));
          metrics.graphqlRequest(service, operationName ?? request.operationName, (performance.now() - started) / 1000, codes);
        },
      };
    },
  };
}

/** GET /metrics: the process's registry in Prometheus text format. */
export const metricsEndpoint: RequestHandler = async (_request, response) => {
  const { contentType, body } = await renderMetrics();
  response.type(contentType).send(body);
};
