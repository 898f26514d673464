import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { ApolloServer } from "@apollo/server";
import { ApolloGateway } from "@apollo/gateway";
import { expressMiddleware } from "@as-integrations/express5";
import type { GraphQLSchema } from "graphql";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
  ApolloServerPluginSchemaReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { createLogger, metrics, metricsEndpoint, observeGraphQLOperations, observeGraphQLRequests } from "@company-graph/kit/observability";
import { ErrorCode, maskError, withoutSuggestions } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import type { RunningServer } from "@company-graph/kit/server";
import { mountExplorer, type ExplorerOptions } from "./explorer";
import { measuredFetcher } from "./metrics";
import { createSubgraphFetcher } from "./fetcher";
import { EntityFallback } from "./entity-fallback";
import { withPublicPath } from "./public-paths";
import { checkReadiness, subgraphsOf } from "./readiness";
import { SubgraphDataSource, type GatewayContext } from "./subgraph-data-source";
import { earlyFetchesPlugin, startEarlyEntityFetches } from "./early-entity-fetches";
import { whenQueryPlanResolved } from "./apollo-gateway-private";
import { accessControlPlugin, authenticatedContext, type GatewayAccessControl } from "./auth/access-control";
import { readinessHeaders } from "./auth/subgraph-tokens";
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle } from "./auth/login-throttle";
import { cappedMessage, danishFirstGraphQL, requestBodyErrors, unknownPath } from "./request-errors";
import { resolveTrustedDocuments, type TrustedDocuments } from "./trusted-documents";
import { knownOperationPlugin, operationLimitsScreen, tokenLimitRefusal, withDefaults } from "./operation-limits";
import { unsafeTextPlugin } from "./unsafe-text";
import { incompleteCompletionsPlugin } from "./incomplete-completions";
import { admittedContext, connectRateLimiter, RATE_LIMITED, type RateLimitOptions } from "./rate-limit/gateway";
import { DEFAULT_CIRCUIT, SubgraphCircuits, type CircuitSettings } from "./circuit-breaker";
import { cachedAnswer } from "./readiness-cache";
import { Draining } from "./draining";
import { DEFAULT_REQUEST_DEADLINE_MS, withRequestDeadline } from "./request-deadline";
import { untilAnswered } from "./request-lifetime";
import { DEFAULT_STREAM_LIMITS, LiveStreams, type Scheduler, type StreamLimits } from "./live/streams";
import { notificationStream } from "./live/stream";
import { subscriptionsElsewherePlugin } from "./live/subscriptions-elsewhere";
import type { NotificationSignalSource } from "./live/signals";
import { webAppHandlers, type WebAppOidc } from "./web-app";

export interface GatewayOptions {
  supergraphSdl: string;
  /** Per-subgraph URL overrides; the supergraph's URLs are the defaults. */
  subgraphUrls?: Record<string, string>;
  subgraphTimeoutMs?: number;
  /** The overall budget of one client request across all its subgraph fetches (REQUEST_DEADLINE_MS). */
  requestDeadlineMs?: number;
  /** The clock the request deadline is measured on; a test moves it instead of waiting. */
  requestClock?: () => number;
  production?: boolean;
  /**
   * The ingress' addresses or CIDR ranges (TRUSTED_PROXIES): from them X-Forwarded-For names the
   * client, whose address the login throttle and the limits per address count; none by default.
   */
  trustedProxies?: string[];
  /**
   * Production only: where /metrics and the detailed /ready are served (OPS_HOST, OPS_PORT), apart
   * from the public port, which then answers /ready with the status alone and /metrics not at all.
   * Port 0 (the default here) takes a free port.
   */
  ops?: { host: string; port: number };
  /** Authentication, operation limits and the key for subgraph tokens. */
  access: GatewayAccessControl;
  /** Trusted operations (persisted ids); partners may run nothing else. */
  trustedDocuments?: TrustedDocuments;
  /** The development explorer (GraphiQL at / and /graphql); never served in production. */
  explorer?: ExplorerOptions;
  /** The built web workspace (WEB_APP_DIR), served under /app/ on this origin when given. */
  webAppDir?: string;
  /** The OpenID Connect provider the workspace logs in with (WEB_OIDC_ISSUER, WEB_OIDC_CLIENT_ID). */
  webAppOidc?: WebAppOidc;
  /** Rate and concurrency budgets per token subject; from the environment (RATE_LIMIT_*, REDIS_URL) unless given. */
  rateLimits?: RateLimitOptions;
  /**
   * Entity fetches that need only a key the operation's arguments give are sent beside the root
   * fetch (early-entity-fetches.ts); on unless false (GATEWAY_EARLY_ENTITY_FETCHES=off).
   */
  earlyEntityFetches?: boolean;
  /** The circuit breaker per subgraph; `now` lets a test move its clock. */
  circuit?: Partial<CircuitSettings> & { now?: () => number };
  /**
   * Live notifications at /graphql/stream (live/): where this replica hears the CRM's "new
   * notification for X" (NOTIFICATION_SIGNALS_URL; none: streams open but deliver only what a
   * resume finds), the limits on streams (STREAMS_PER_USER, STREAMS_PER_GATEWAY), and when a
   * stream whose token expires is closed (a test's scheduler fires it itself).
   */
  liveNotifications?: { signals?: NotificationSignalSource; limits?: Partial<StreamLimits>; scheduler?: Scheduler };
}

/**
 * The federated gateway over HTTP: POST /graphql, GET /health (process alive) and GET /ready
 * (every subgraph answers). Built from a static supergraph; nothing is fetched from outside.
 */
export async function serveGateway(
  options: GatewayOptions,
  listen: { host: string; port: number },
): Promise<RunningServer & { opsUrl?: string }> {
  // @apollo/gateway starts usage reporting and cloud-metadata probes unless this is set.
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const subgraphTimeoutMs = options.subgraphTimeoutMs ?? 5_000;
  const subgraphFetch = createSubgraphFetcher({ timeoutMs: subgraphTimeoutMs });
  const readinessFetch = createSubgraphFetcher({ timeoutMs: 1_000, connections: 8 });
  const overrides = options.subgraphUrls ?? {};
  const logger = createLogger("gateway");
  const entityFallback = new EntityFallback(options.supergraphSdl);
  const limits = withDefaults(options.access.limits);
  const rateLimiter = connectRateLimiter(options.rateLimits);
  // Failed logins are counted where the rate limits are: in Redis, shared by the replicas, when REDIS_URL is set.
  const loginThrottle = new LoginThrottle(
    options.access.loginThrottle ?? DEFAULT_LOGIN_THROTTLE,
    rateLimiter.redis
      ? {
          redis: rateLimiter.redis,
          ...(options.rateLimits?.keyPrefix ? { keyPrefix: `${options.rateLimits.keyPrefix}:login-failures` } : {}),
        }
      : {},
  );
  const requestClock = options.requestClock ?? Date.now;
  const requestDeadline = { ms: options.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS, now: requestClock };
  const circuits = new SubgraphCircuits({ ...DEFAULT_CIRCUIT, ...options.circuit }, options.circuit?.now);

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource(
        name,
        overrides[name] ?? url ?? "",
        circuits.of(name).fetcher(measuredFetcher(name, subgraphFetch.fetcher)),
        entityFallback,
        { now: requestClock, subgraphTimeoutMs },
      ),
    // The departments' case and permit indexes fetched beside the CRM's company, not after it.
    ...(options.earlyEntityFetches === false ? {} : whenQueryPlanResolved(startEarlyEntityFetches)),
  });

  // The API schema, for the operation limits that run before Apollo Server parses (operationLimitsScreen).
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => {
    apiSchema = loaded;
  });

  const app = express();
  // No X-Powered-By: Express; the gateway does not advertise what it runs on.
  app.disable("x-powered-by");
  // No ETag: clients POST their operations and never revalidate an answer, and Express would hash every answer to make one.
  app.disable("etag");
  // req.ip is the client behind the trusted proxies only; with none, the socket's peer (client-address.ts).
  app.set("trust proxy", options.trustedProxies ?? false);
  const httpServer = http.createServer(app);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    // Only the manifest's trusted documents are persisted; clients cannot register their own.
    persistedQueries: false,
    // The token limit (GraphQL Armor's max-tokens) inside Apollo's own parse: graphql-js stops
    // lexing past it, where Armor's Apollo plugin would parse every document a second time.
    parseOptions: { maxTokens: limits.maxTokens },
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    // stopOnSignals owns shutdown (drain, then close databases); Apollo's own handler would re-raise the signal and kill the process before that.
    stopOnTerminationSignals: false,
    formatError: (formatted) => {
      if (formatted.extensions?.code === RATE_LIMITED) return cappedMessage(formatted);
      const masked = maskError(withPublicPath(tokenLimitRefusal(formatted, limits.maxTokens)));
      return cappedMessage(danishFirstGraphQL(options.production ? withoutSuggestions(masked) : masked));
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // Apollo's landing page loads Sandbox from the internet; development gets our offline explorer instead.
      ApolloServerPluginLandingPageDisabled(),
      observeGraphQLOperations<GatewayContext>("gateway", logger),
      // A document without the requested operation is the caller's error (the limits ran in the context, before any parse).
      knownOperationPlugin<GatewayContext>(),
      subscriptionsElsewherePlugin<GatewayContext>(),
      accessControlPlugin(options.access),
      // NUL bytes and lone surrogates in any string argument: BAD_USER_INPUT before any subgraph.
      unsafeTextPlugin<GatewayContext>(),
      // A department's failed completion named in the incompleteDepartments above its entities.
      incompleteCompletionsPlugin<GatewayContext>(),
      earlyFetchesPlugin<GatewayContext>(),
    ],
  });
  await server.start();

  const streams = new LiveStreams({ ...DEFAULT_STREAM_LIMITS, ...options.liveNotifications?.limits });
  metrics.liveStreams(() => streams.size);
  const signals = options.liveNotifications?.signals;
  signals?.on("signal", (signal) => streams.deliver(signal));
  // A broker not there yet is retried by the source; the gateway serves meanwhile, and streams resume what they missed.
  await signals
    ?.start()
    .catch((error: unknown) => logger.warn({ err: error }, "kunne ikke abonnere på notifikationssignaler; prøver igen"));

  const subgraphs = subgraphsOf(options.supergraphSdl, overrides);
  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  // In production /ready is polled by probes: its answer is reused for 2 s; elsewhere it is always fresh.
  const readinessTtlMs = options.production ? undefined : 0;
  const readinessAnswer =
    (detailed: boolean): express.RequestHandler =>
    async (_req, res) => {
      const readiness = await checkReadiness(
        subgraphs,
        readinessFetch.fetcher,
        readinessHeaders({ signingKey: options.access.signingKey, lifetimeSeconds: options.access.subgraphTokenLifetimeSeconds }),
      );
      res.status(readiness.ready ? 200 : 503).json(detailed ? { ...readiness, circuits: circuits.states() } : { ready: readiness.ready });
    };
  // Production: the subgraphs' health, the circuits and the metrics only on the ops listener; the
  // Kubernetes readiness probe keeps the plain status on the public port (deploy/base/gateway.yaml).
  const opsApp = options.production ? express().disable("x-powered-by") : app;
  const draining = new Draining();
  if (options.production)
    app.get("/ready", draining.refuseReadiness, cachedAnswer(readinessTtlMs, options.circuit?.now), readinessAnswer(false));
  opsApp.get("/ready", draining.refuseReadiness, cachedAnswer(readinessTtlMs, options.circuit?.now), readinessAnswer(true));
  opsApp.get("/metrics", metricsEndpoint);
  // Before /graphql, whose mount would take /graphql/stream as one of its paths.
  app.use(
    "/graphql/stream",
    express.json({ limit: "1mb" }),
    resolveTrustedDocuments(options.trustedDocuments ?? new Map()),
    notificationStream({
      authenticate: authenticatedContext(options.access, loginThrottle),
      limiter: rateLimiter.limiter,
      limits,
      schemaOf: () => apiSchema,
      execute: async (request, contextValue) => {
        const { body } = await server.executeOperation(request, { contextValue });
        // The gateway serves no @defer or @stream, so an incremental answer cannot come.
        return body.kind === "single"
          ? body.singleResult
          : { errors: [{ message: refusal.request.internal, extensions: { code: ErrorCode.Internal } }] };
      },
      streams,
      requestDeadlineMs: requestDeadline.ms,
      now: requestClock,
      scheduler: options.liveNotifications?.scheduler,
    }),
    requestBodyErrors,
  );
  if (!options.production) mountExplorer(app, "/graphql", options.explorer);
  app.use(
    "/graphql",
    express.json({ limit: "1mb" }),
    observeGraphQLRequests("gateway", logger),
    resolveTrustedDocuments(options.trustedDocuments ?? new Map()),
    untilAnswered(
      expressMiddleware(server, {
        context: withRequestDeadline(
          admittedContext(
            authenticatedContext(options.access, loginThrottle),
            rateLimiter.limiter,
            operationLimitsScreen(limits, () => apiSchema),
          ),
          requestDeadline,
        ),
      }),
    ),
    requestBodyErrors,
  );
  if (options.webAppDir) {
    app.get("/app", (req, res, next) => (req.originalUrl.split("?")[0] === "/app" ? res.redirect(301, "/app/") : next()));
    app.use("/app/", ...webAppHandlers(options.webAppDir, options.webAppOidc));
  }
  app.use(unknownPath);
  if (opsApp !== app) opsApp.use(unknownPath);

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const ops = options.production ? await listenForOps(opsApp, options.ops ?? { host: "127.0.0.1", port: 0 }) : undefined;
  return {
    url: `http://${listen.host}:${port}/graphql`,
    port,
    ...(ops ? { opsUrl: ops.url } : {}),
    stop: async () => {
      // Unready first; the ops listener stays up through the drain, so operators watch it end.
      draining.start();
      // Open streams end first (their clients reconnect elsewhere with Last-Event-ID); the HTTP drain waits for every connection.
      streams.drain();
      await signals?.stop();
      await server.stop();
      await ops?.close();
      await Promise.all([subgraphFetch.close(), readinessFetch.close(), rateLimiter.close()]);
    },
  };
}

/** The production ops listener: /metrics and the detailed /ready, for the operators' network only. */
async function listenForOps(
  app: express.Express,
  listen: { host: string; port: number },
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${listen.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
