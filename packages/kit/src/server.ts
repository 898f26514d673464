import http from "node:http";
import type { AddressInfo } from "node:net";
import { context as otelContext } from "@opentelemetry/api";
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type BaseContext } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { GraphQLError, type DocumentNode, type GraphQLSchema } from "graphql";
import { ErrorCode, maskError, withoutSuggestions } from "./errors";
import { jitExecution } from "./jit-executor";
import { refusal } from "./refusals";
import { createLogger, metricsEndpoint, observeGraphQLOperations, observeRequest, operationNameOf } from "./observability";
import { AccessLogRecorder, type AccessLogSink } from "./auth/access-log";
import { verifyAccessLogBatch } from "./auth/access-log-signature";
import {
  checkGrantFetch,
  checkGrantOperationType,
  GATEWAY_TOKEN_HEADER,
  GatewayTokenVerifier,
  type GatewayGrant,
  type OperationType,
} from "./auth/gateway-token";
import type { RequestIdentity } from "./auth/identity";
import type { KeySet } from "./auth/jwt";
import { TokenError } from "./auth/token-error";
import { applyFieldPolicy, attachAccess, type PolicyTable } from "./auth/policy";

/**
 * A subgraph's resolvers: type name to field resolvers, a scalar or enum values. Loose on purpose:
 * each subgraph types its map against its own schema (graphql-codegen resolver types), so here it
 * only has to reach buildSubgraphSchema, and a generated `Resolvers` object fits as it is.
 */
export type SubgraphResolverMap = Record<string, object>;

/** What buildSubgraphSchema takes as resolvers; @apollo/subgraph exports no name for it (its own is under dist/). */
type BuildSubgraphSchemaResolvers = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>["resolvers"]>;

export interface SubgraphDefinition<Context extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: SubgraphResolverMap;
  /**
   * Builds the per-request context. `operationId` is the gateway's id for the client operation,
   * taken from its signed token (never from a header), so it can key per-operation caches;
   * `readOnly` is false when the fetch may write (a mutation), so state shared across the
   * operation's fetches must not be reused past it.
   */
  context: (request: {
    operationId: string | undefined;
    readOnly: boolean;
    headers: http.IncomingHttpHeaders;
  }) => Promise<Context> | Context;
  plugins?: ApolloServerPlugin<Context>[];
  /** Extra details for GET /health, e.g. the state of the circuit in front of a department system. */
  health?: () => Record<string, unknown>;
  /** Need-to-know rules of this subgraph's fields (src/policy.ts), enforced by serveSubgraph. */
  policy?: PolicyTable;
  /**
   * Internal endpoints, POST /internal/<name>, callable only with a gateway token (e.g. the CRM's
   * access log). A departmental subgraph calls them with the token the gateway sent it, so the
   * caller is that token's audience, verified, never a name in the body.
   */
  internalEndpoints?: Record<string, (body: unknown, caller: InternalCaller) => Promise<void>>;
}

/** Who calls an internal endpoint: the subgraph the gateway token was minted for, acting for this user. */
export interface InternalCaller {
  subgraph: string;
  identity: RequestIdentity;
  /** The signed batch (its token, moment and exact body): the same batch posted again has the same one. */
  batchId: string;
}

/** What a subgraph needs to trust only the gateway and to log personal-data reads. */
export interface SubgraphSecurity {
  /** The gateway's public key(s): every request must carry a token they verify. */
  gatewayKeys: KeySet;
  /** Where personal-data reads go; required when the policy guards personal data. */
  accessLog?: AccessLogSink;
  /** ACCESS_LOG_SECRET: an internal endpoint takes only bodies the calling subgraph signed with its key derived from it; none, it takes nothing. */
  accessLogSecret?: string;
  /** Errors without graphql-js' "Did you mean …?" suggestions; by default in production (NODE_ENV). */
  hideSchemaDetails?: boolean;
}

export function buildSchema<Context extends BaseContext>(
  definition: Pick<SubgraphDefinition<Context>, "typeDefs" | "resolvers">,
): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: definition.typeDefs, resolvers: definition.resolvers as BuildSubgraphSchemaResolvers });
}

export interface RunningServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
}

/** The largest GraphQL request body a subgraph reads: an entity fetch's representations included. */
const GRAPHQL_BODY_LIMIT = 5 * 1024 * 1024;
/** The largest body an internal endpoint reads (an access-log batch). */
const INTERNAL_BODY_LIMIT = 1024 * 1024;

/**
 * Serves a subgraph over HTTP: POST /graphql for the gateway, GET /health for process checks,
 * GET /metrics, POST /internal/<name>. Schema building stays separate from listening so tests
 * start subgraphs on free ports.
 *
 * A bare node:http handler hands each fetch to Apollo Server's own executeHTTPGraphQLRequest: a
 * company view is a dozen subgraph fetches, and Express's router, body parser and response
 * helpers cost more per fetch than executing a small `_entities` document (bench/RESULTS.md).
 */
export async function serveSubgraph<Context extends BaseContext>(
  definition: SubgraphDefinition<Context>,
  listen: ListenOptions,
  security: SubgraphSecurity,
): Promise<RunningServer> {
  const policy = definition.policy ?? {};
  const accessLog = security.accessLog;
  const hideSchemaDetails = security.hideSchemaDetails ?? process.env.NODE_ENV === "production";
  if (!accessLog && Object.values(policy).some((rule) => rule.kind === "personal"))
    throw new Error(`the ${definition.name} subgraph guards personal data but has no access log`);
  const logger = createLogger(definition.name);
  const httpServer = http.createServer();
  const server = new ApolloServer<Context>({
    gateway: jitExecution(applyFieldPolicy(buildSchema(definition), policy)),
    formatError: hideSchemaDetails ? (formatted) => withoutSuggestions(maskError(formatted)) : (formatted) => maskError(formatted),
    // stopOnSignals owns shutdown (drain, then close databases); Apollo's own handler would re-raise the signal and kill the process before that.
    stopOnTerminationSignals: false,
    // Apollo's default plugins that do nothing here, off: the cache-control plugin hooks every
    // field and we send no cache hints (it halves throughput), inline traces are for Apollo's
    // cloud, the landing page is for browsers (which never reach a subgraph), and usage
    // reporting never leaves 127.0.0.1 anyway.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      observeGraphQLOperations<Context>(definition.name, logger),
      mutationsOnlyWithAMutationToken<Context>(),
      ...(definition.plugins ?? []),
    ],
  });
  await server.start();

  const fromGateway = new GatewayTokenVerifier(security.gatewayKeys, { audience: definition.name });
  const fromAnySubgraph = new GatewayTokenVerifier(security.gatewayKeys);
  const internalEndpoints = new Map(Object.entries(definition.internalEndpoints ?? {}));

  const serveGraphQL = async (req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> => {
    const verified = await verifiedGrant(fromGateway, req, res);
    if (!verified) return;
    const body = await readJsonBody(req, res, GRAPHQL_BODY_LIMIT);
    if (!body) return;
    try {
      checkGrantFetch(verified.grant, (body.parsed as { query?: unknown; variables?: unknown } | undefined) ?? {});
    } catch (error) {
      refuseToken(res, error);
      return;
    }
    const active = observeRequest(definition.name, logger, { level: "debug" }, req, res, {
      route: "/graphql",
      path,
      operationName: () => operationNameOf(body.parsed),
    });
    await otelContext.with(active, async () => {
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers))
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      const answer = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method?.toUpperCase() ?? "GET", headers, search: searchOf(req.url), body: body.parsed },
        context: async () => {
          const { grant, token } = verified;
          const context = await definition.context({
            operationId: grant.identity.operationId,
            readOnly: isReadOnly(body.parsed),
            headers: req.headers,
          });
          attachAccess(context, {
            identity: grant.identity,
            accessLog: new AccessLogRecorder(definition.name, accessLog ?? refuseToLog, { identity: grant.identity, gatewayToken: token }),
          });
          (context as { [GRANT]?: GatewayGrant })[GRANT] = grant;
          return context;
        },
      });
      for (const [name, value] of answer.headers) res.setHeader(name, value);
      res.statusCode = answer.status ?? 200;
      if (answer.body.kind === "complete") {
        res.end(answer.body.string);
        return;
      }
      for await (const chunk of answer.body.asyncIterator) res.write(chunk);
      res.end();
    });
  };

  const serveInternal = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    handle: NonNullable<SubgraphDefinition<Context>["internalEndpoints"]>[string],
  ): Promise<void> => {
    const verified = await verifiedGrant(fromAnySubgraph, req, res);
    if (!verified) return;
    const body = await readJsonBody(req, res, INTERNAL_BODY_LIMIT);
    if (!body) return;
    const { grant, token } = verified;
    let batchId: string;
    try {
      if (!security.accessLogSecret)
        throw new TokenError("invalid-claims", "this subgraph has no ACCESS_LOG_SECRET to check the caller's signature with");
      // The exact bytes the calling subgraph signed, not the parsed body.
      batchId = verifyAccessLogBatch(security.accessLogSecret, grant.audience, token, body.raw, req.headers);
    } catch (error) {
      refuseToken(res, error);
      return;
    }
    try {
      await handle(body.parsed, { subgraph: grant.audience, identity: grant.identity, batchId });
      res.statusCode = 204;
      res.end();
    } catch (error) {
      const code = error instanceof GraphQLError ? error.extensions.code : undefined;
      if (code === ErrorCode.BadUserInput || code === ErrorCode.Forbidden)
        sendJson(res, code === ErrorCode.Forbidden ? 403 : 400, errorBody((error as GraphQLError).message, code));
      else sendJson(res, 500, errorBody(refusal.request.internal, ErrorCode.Internal));
    }
  };

  httpServer.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = pathOf(req.url);
    const method = req.method ?? "GET";
    const reading = method === "GET" || method === "HEAD";
    let served: Promise<void> | void;
    if (path === "/graphql" || path.startsWith("/graphql/")) served = serveGraphQL(req, res, path);
    else if (path === "/health" && reading)
      served = sendJson(res, 200, { status: "ok", service: definition.name, ...definition.health?.() });
    else if (path === "/metrics" && reading) served = metricsEndpoint(req, res);
    else if (path.startsWith("/internal/") && method === "POST" && internalEndpoints.has(path.slice("/internal/".length)))
      served = serveInternal(req, res, internalEndpoints.get(path.slice("/internal/".length))!);
    else served = sendJson(res, 404, errorBody(refusal.request.subgraphNotFound, ErrorCode.NotFound));
    void Promise.resolve(served).catch((error: unknown) => {
      logger.error({ err: error, path }, "request failed");
      if (!res.headersSent) sendJson(res, 500, errorBody(refusal.request.internal, ErrorCode.Internal));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${listen.host}:${port}/graphql`,
    port,
    stop: () => server.stop(),
  };
}

function pathOf(url = "/"): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

function searchOf(url = "/"): string {
  const query = url.indexOf("?");
  return query === -1 ? "" : url.slice(query);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
}

/** A JSON body, as read: the exact text (what a signature covers) and its parse. */
interface ReadBody {
  raw: string;
  parsed: unknown;
}

/**
 * The request's JSON body, read to at most `limit` bytes. Not sent as JSON (no JSON content
 * type), it is empty, as Express's JSON parser left it; too large (413) or unreadable JSON (400)
 * answers the request and returns undefined. A body that runs past the limit is not read on:
 * the connection is closed after the answer.
 */
async function readJsonBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<ReadBody | undefined> {
  const contentType = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  const isJson = contentType === "application/json" || (contentType.startsWith("application/") && contentType.endsWith("+json"));
  if (!isJson) {
    req.resume();
    return { raw: "", parsed: undefined };
  }
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding !== "identity") {
    res.setHeader("connection", "close");
    sendJson(res, 415, errorBody(refusal.request.unsupportedEncoding(encoding), "UNSUPPORTED_MEDIA_TYPE"));
    return undefined;
  }
  const tooLarge = () => {
    res.setHeader("connection", "close");
    sendJson(res, 413, errorBody(refusal.request.subgraphPayloadTooLarge(limit), ErrorCode.PayloadTooLarge));
    return undefined;
  };
  if (Number(req.headers["content-length"] ?? 0) > limit) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) return tooLarge();
      chunks.push(chunk);
    }
  } catch {
    // The caller went away mid-body: there is no one to answer.
    res.destroy();
    return undefined;
  }
  const raw = Buffer.concat(chunks).toString("utf8");
  try {
    return { raw, parsed: raw === "" ? undefined : JSON.parse(raw) };
  } catch {
    sendJson(res, 400, errorBody(refusal.request.notJson, "BAD_REQUEST"));
    return undefined;
  }
}

/**
 * Whether a request body can only read. Conservative: any `mutation` or `subscription` word in the
 * document counts as a write, so a false answer only costs a cache, never serves stale data.
 */
export function isReadOnly(body: unknown): boolean {
  const query = (body as { query?: unknown } | undefined)?.query;
  return typeof query === "string" && !/\b(mutation|subscription)\b/.test(query);
}

function errorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

const refuseToLog: AccessLogSink = async () => {
  throw new Error("this subgraph has no access log");
};

// The verified grant on the request context (a symbol property survives Apollo's context copy).
const GRANT = Symbol("gateway grant");

/** The reason after it stays in the token check's English. */
const ONLY_THE_GATEWAY = refusal.unauthenticated.onlyTheGateway;

/**
 * Serves only requests the gateway signed: `_entities`, `_service` and readiness probes
 * included. A subgraph reached directly, or with a token minted for another subgraph, answers
 * 401 UNAUTHENTICATED (and the request is not read further).
 */
async function verifiedGrant(
  verifier: GatewayTokenVerifier,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<{ grant: GatewayGrant; token: string } | undefined> {
  const token = req.headers[GATEWAY_TOKEN_HEADER];
  if (typeof token !== "string" || !token) {
    sendJson(res, 401, errorBody(`${ONLY_THE_GATEWAY}: the request carries no gateway token`, ErrorCode.Unauthenticated));
    return undefined;
  }
  try {
    return { grant: await verifier.verify(token), token };
  } catch (error) {
    refuseToken(res, error);
    return undefined;
  }
}

function refuseToken(res: http.ServerResponse, error: unknown): void {
  const reason = error instanceof TokenError ? error.message : "the gateway token could not be verified";
  sendJson(res, 401, errorBody(`${ONLY_THE_GATEWAY}: ${reason}`, ErrorCode.Unauthenticated));
}

/** Executes a mutation only under a token the gateway minted for a mutation, checked on the parsed operation. */
function mutationsOnlyWithAMutationToken<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          const grant = (contextValue as { [GRANT]?: GatewayGrant })[GRANT];
          try {
            if (!grant) throw new TokenError("invalid-claims", "the request carries no verified gateway token");
            if (operation) checkGrantOperationType(grant, operation.operation as OperationType);
          } catch (error) {
            throw new GraphQLError(`${ONLY_THE_GATEWAY}: ${(error as Error).message}`, {
              extensions: { code: ErrorCode.Forbidden, http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}
