import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { GraphQLError, type DocumentNode, type GraphQLSchema } from "graphql";
import { ErrorCode, maskError, withoutSuggestions } from "./errors";
import { refusal } from "./refusals";
import { createLogger, metricsEndpoint, observeGraphQLOperations, observeGraphQLRequests } from "./observability";
import { AccessLogRecorder, type AccessLogSink } from "./auth/access-log";
import { verifyAccessLogBatch } from "./auth/access-log-signature";
import { checkGrantFetch, checkGrantOperationType, GATEWAY_TOKEN_HEADER, GatewayTokenVerifier, type GatewayGrant, type OperationType } from "./auth/gateway-token";
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
  context: (request: { operationId: string | undefined; readOnly: boolean; headers: http.IncomingHttpHeaders }) => Promise<Context> | Context;
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

export function buildSchema<Context extends BaseContext>(definition: Pick<SubgraphDefinition<Context>, "typeDefs" | "resolvers">): GraphQLSchema {
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

/**
 * Serves a subgraph over HTTP: POST /graphql for the gateway, GET /health for process checks.
 * Schema building stays separate from listening so tests start subgraphs on free ports.
 */
export async function serveSubgraph<Context extends BaseContext>(definition: SubgraphDefinition<Context>, listen: ListenOptions, security: SubgraphSecurity): Promise<RunningServer> {
  const policy = definition.policy ?? {};
  const accessLog = security.accessLog;
  const hideSchemaDetails = security.hideSchemaDetails ?? process.env.NODE_ENV === "production";
  if (!accessLog && Object.values(policy).some((rule) => rule.kind === "personal")) throw new Error(`the ${definition.name} subgraph guards personal data but has no access log`);
  const app = express();
  // No ETag: nothing revalidates a POST answer, and Express would hash every answer (the CRM's carries the company view's cases) to make one.
  app.disable("etag");
  const httpServer = http.createServer(app);
  const server = new ApolloServer<Context>({
    schema: applyFieldPolicy(buildSchema(definition), policy),
    formatError: hideSchemaDetails ? (formatted) => withoutSuggestions(maskError(formatted)) : (formatted) => maskError(formatted),
    // stopOnSignals owns shutdown (drain, then close databases); Apollo's own handler would re-raise the signal and kill the process before that.
    stopOnTerminationSignals: false,
    // The cache-control plugin runs on every field and we never send cache hints: it halves throughput.
    // SUBGRAPH_CACHE_CONTROL=on turns it back on, for the benchmark's ablation only.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      observeGraphQLOperations<Context>(definition.name, createLogger(definition.name)),
      mutationsOnlyWithAMutationToken<Context>(),
      ...(process.env.SUBGRAPH_CACHE_CONTROL === "on" ? [] : [ApolloServerPluginCacheControlDisabled()]),
      ...(definition.plugins ?? []),
    ],
  });
  await server.start();

  app.get("/health", (_req, res) => {
    res.json({ status: "ok", service: definition.name, ...definition.health?.() });
  });
  app.get("/metrics", metricsEndpoint);
  const fromGateway = onlyFromGateway(new GatewayTokenVerifier(security.gatewayKeys, { audience: definition.name }));
  const fromAnySubgraph = onlyFromGateway(new GatewayTokenVerifier(security.gatewayKeys));
  // The exact bytes the calling subgraph signed, beside the parsed body.
  const internalBody = express.json({ limit: "1mb", verify: (req, _res, raw) => void ((req as { rawBody?: string }).rawBody = raw.toString("utf8")) });
  for (const [name, handle] of Object.entries(definition.internalEndpoints ?? {})) {
    app.post(`/internal/${name}`, fromAnySubgraph, internalBody, async (req, res) => {
      const grant = res.locals.grant as GatewayGrant;
      let batchId: string;
      try {
        if (!security.accessLogSecret) throw new TokenError("invalid-claims", "this subgraph has no ACCESS_LOG_SECRET to check the caller's signature with");
        batchId = verifyAccessLogBatch(security.accessLogSecret, grant.audience, res.locals.gatewayToken as string, (req as { rawBody?: string }).rawBody ?? "", req.headers);
      } catch (error) {
        refuseToken(res, error);
        return;
      }
      try {
        await handle(req.body, { subgraph: grant.audience, identity: grant.identity, batchId });
        res.status(204).end();
      } catch (error) {
        const code = error instanceof GraphQLError ? error.extensions.code : undefined;
        if (code === ErrorCode.BadUserInput || code === ErrorCode.Forbidden) res.status(code === ErrorCode.Forbidden ? 403 : 400).json(errorBody((error as GraphQLError).message, code));
        else res.status(500).json(errorBody(refusal.request.internal, ErrorCode.Internal));
      }
    });
  }
  app.use(
    "/graphql",
    fromGateway,
    express.json({ limit: "5mb" }),
    forTheSignedFetch,
    observeGraphQLRequests(definition.name, createLogger(definition.name), { level: "debug" }),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const grant = res.locals.grant as GatewayGrant;
        const { identity } = grant;
        const context = await definition.context({ operationId: identity.operationId, readOnly: isReadOnly(req.body), headers: req.headers });
        const gatewayToken = res.locals.gatewayToken as string;
        attachAccess(context, { identity, accessLog: new AccessLogRecorder(definition.name, accessLog ?? refuseToLog, { identity, gatewayToken }) });
        (context as { [GRANT]?: GatewayGrant })[GRANT] = grant;
        return context;
      },
    }),
  );

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
 * 401 UNAUTHENTICATED.
 */
function onlyFromGateway(verifier: GatewayTokenVerifier): express.RequestHandler {
  return async (req, res, next) => {
    const token = req.headers[GATEWAY_TOKEN_HEADER];
    if (typeof token !== "string" || !token) {
      res.status(401).json(errorBody(`${ONLY_THE_GATEWAY}: the request carries no gateway token`, ErrorCode.Unauthenticated));
      return;
    }
    try {
      res.locals.grant = await verifier.verify(token);
      res.locals.gatewayToken = token;
    } catch (error) {
      refuseToken(res, error);
      return;
    }
    next();
  };
}

/** A gateway token runs only the document and variables it was minted for (their hashes are signed). */
const forTheSignedFetch: express.RequestHandler = (req, res, next) => {
  try {
    checkGrantFetch(res.locals.grant as GatewayGrant, (req.body as { query?: unknown; variables?: unknown } | undefined) ?? {});
  } catch (error) {
    refuseToken(res, error);
    return;
  }
  next();
};

function refuseToken(res: express.Response, error: unknown): void {
  const reason = error instanceof TokenError ? error.message : "the gateway token could not be verified";
  res.status(401).json(errorBody(`${ONLY_THE_GATEWAY}: ${reason}`, ErrorCode.Unauthenticated));
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
            throw new GraphQLError(`${ONLY_THE_GATEWAY}: ${(error as Error).message}`, { extensions: { code: ErrorCode.Forbidden, http: { status: 403 } } });
          }
        },
      };
    },
  };
}
