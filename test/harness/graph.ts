import { GraphQLError } from "graphql";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Socket } from "node:net";
import { setupServer } from "msw/node";
import type { Department } from "@company-graph/domain";
import {
  GATEWAY_TOKEN_HEADER,
  generateSigningKey,
  httpAccessLogSink,
  KeySet,
  publicJwkOf,
  signGatewayToken,
  type OperationType,
} from "@company-graph/kit/auth";
import { OPERATION_ID_HEADER } from "@company-graph/kit/operation";
import { serveSubgraph, type RunningServer, type SubgraphDefinition } from "@company-graph/kit/server";
import type { CaseSystemClientOptions } from "@company-graph/kit/department";
import type { CircuitSettings } from "@company-graph/kit/source";
import {
  amqpPublisher,
  CaseEventBroker,
  createSimulators,
  embeddedPublisher,
  CvrRegister,
  DEFAULT_CVR_CREDENTIALS,
  demoUsers,
  generateWorld,
  type World,
} from "@company-graph/mocks";
import { createBifClient, createBifSubgraph } from "@company-graph/bif";
import { createTmfClient, createTmfSubgraph } from "@company-graph/tmf";
import { createKffClient, createKffSubgraph } from "@company-graph/kff";
import { createOkfClient, createOkfSubgraph } from "@company-graph/okf";
import {
  createCaseEventSubscription,
  createCrmSubgraph,
  CvrClient,
  CvrSync,
  CvrSyncHealth,
  forwardNotificationSignals,
  notificationSignalPublisher,
  registerHealthDetails,
  type CrmDatabase,
} from "@company-graph/crm";
import {
  DEFAULT_BUDGETS,
  DEFAULT_LIMITS,
  issuerFromKey,
  loadTrustedDocuments,
  mintUserToken,
  notificationSignalSource,
  serveGateway,
  type GatewayOptions,
  type RateLimitBudgets,
} from "@company-graph/gateway";
import { createLogger } from "@company-graph/kit/observability";
import { readCommittedSupergraph } from "@company-graph/schema";
import { preparedCrmDatabase } from "./crm-database";
import { listenLoopbackOnly } from "./loopback-only";
import { demoIdentity, type Actor } from "./identities";

const HOST = "127.0.0.1";
/** The simulated message broker's origin in tests: never resolvable, msw answers it in-process. */
export const BROKER_URL = "http://broker.simulator.test";
/** The simulated CVR register's origin in tests (msw answers it in-process), the CRM's CVR_URL. */
const CVR_URL = "http://cvr.simulator.test";

export interface GraphQLResponse<Data = Record<string, any>> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface GraphOptions {
  world?: World;
  sourceTimeoutMs?: number;
  subgraphTimeoutMs?: number;
  /** The gateway's overall budget per client request (REQUEST_DEADLINE_MS); the gateway's default unless given. */
  requestDeadlineMs?: number;
  /** The clock the gateway measures each request's deadline on; the wall clock unless given, so a test can move it instead of waiting. */
  requestClock?: () => number;
  /** Production mode: introspection off. */
  production?: boolean;
  /** The ingress' addresses (TRUSTED_PROXIES): from them X-Forwarded-For names the client. */
  trustedProxies?: string[];
  /** Rate, concurrency and cost budgets changed from the gateway's defaults (in memory). */
  rateLimits?: Partial<RateLimitBudgets>;
  /** Retries of a transient source failure; the kit's default unless given. */
  sourceRetries?: number;
  /** Circuit breaker in front of each department system; the kit's default unless given. */
  circuit?: CircuitSettings;
  /** The gateway's early entity fetches (GATEWAY_EARLY_ENTITY_FETCHES); on unless false. */
  earlyEntityFetches?: boolean;
  /**
   * The departments' business events through RabbitMQ instead of the simulated broker: the
   * simulators publish to `exchange`, the CRM consumes `queue` (graph.amqpCaseEvents, started).
   */
  rabbitMq?: {
    url: string;
    exchange: string;
    queue: string;
    /** The CRM's notification signals' fanout exchange (the live streams). */ signalsExchange?: string;
  };
  /** The explorer's "Act as" mints tokens for the world's demo users (as `npm start`); NODE_ENV as given. */
  explorer?: { environment: string };
  /** The built web workspace (web/dist) served at /app/, as `npm start` serves it. */
  webAppDir?: string;
  /** Its log-in through an OpenID Connect provider (the gateway's WEB_OIDC_ISSUER, WEB_OIDC_CLIENT_ID). */
  webAppOidc?: { issuer: string; clientId: string };
}

type SubgraphName = "crm" | Lowercase<Department>;

/**
 * The whole graph in this process, on free ports: simulated department systems and CVR register
 * (msw), the five subgraphs as real HTTP servers, a fresh in-memory CRM database filled as
 * `npm start` fills it (one CVR sync from the simulated register, then the development seed
 * step's staff), and the gateway on the committed supergraph. What the tests query is what
 * `npm start` runs.
 */
export async function startGraph(options: GraphOptions = {}) {
  const world = options.world ?? generateWorld({ profile: "small" });
  const now = () => new Date(world.now);
  const broker = new CaseEventBroker();
  const rabbitMq = options.rabbitMq;
  const publisher = rabbitMq ? amqpPublisher(rabbitMq.url, { exchange: rabbitMq.exchange }) : embeddedPublisher(broker);
  const simulators = createSimulators(world, { publisher, now: () => world.now });
  const register = new CvrRegister(world, { baseUrl: CVR_URL, ...DEFAULT_CVR_CREDENTIALS });
  const msw = setupServer(
    ...Object.values(simulators).flatMap((simulator) => simulator.handlers),
    ...broker.handlers(BROKER_URL),
    ...register.handlers(),
  );
  const network = listenLoopbackOnly(msw);

  const clientOptions = (department: Department): CaseSystemClientOptions => ({
    baseUrl: simulators[department].baseUrl,
    timeoutMs: options.sourceTimeoutMs ?? 2_000,
    retries: options.sourceRetries,
    circuit: options.circuit,
  });
  // Built on the database preparedCrmDatabase opens; every run goes through it and shows in the CRM's /health.
  let cvrSync!: CvrSyncHealth;
  let registerSync!: CvrSync;
  const crmDatabase: CrmDatabase = await preparedCrmDatabase(world, (db) => {
    registerSync = new CvrSync({ db: db.prisma, client: new CvrClient({ url: CVR_URL, ...DEFAULT_CVR_CREDENTIALS }), now });
    cvrSync = new CvrSyncHealth(registerSync, now);
    return cvrSync.run();
  });
  // The CRM's subscription to the simulated broker (the embedded default), read when a test says so (caseEvents.pollOnce()).
  const caseEvents = createCaseEventSubscription({
    db: crmDatabase.prisma,
    url: BROKER_URL,
    queue: "crm.haendelser",
    prefetch: 20,
    intervalMs: 60_000,
    now,
    poll: false,
  });
  // The CRM's subscription on RabbitMQ, as production runs it, when the test asks for it.
  const amqpCaseEvents =
    rabbitMq &&
    createCaseEventSubscription({
      db: crmDatabase.prisma,
      url: rabbitMq.url,
      exchange: rabbitMq.exchange,
      queue: rabbitMq.queue,
      prefetch: 20,
      intervalMs: 20,
      now,
    });
  await amqpCaseEvents?.start();
  // The CRM's "new notification for X" to the gateways, as the CRM process forwards it (on RabbitMQ with options.rabbitMq).
  const signalsVia = rabbitMq ? { url: rabbitMq.url, exchange: rabbitMq.signalsExchange } : { url: BROKER_URL };
  const stopSignals = await forwardNotificationSignals(
    crmDatabase.listen,
    notificationSignalPublisher(signalsVia.url, signalsVia.exchange),
    createLogger("crm", { component: "notification-signals" }),
  );

  const definitions: Record<SubgraphName, SubgraphDefinition<any> & { close?: () => void }> = {
    crm: {
      ...createCrmSubgraph({ db: crmDatabase.prisma, now, registerQuarantine: registerSync.quarantine, webhooks: { policy: "loopback" } }),
      health: () => registerHealthDetails(cvrSync),
    },
    bif: createBifSubgraph({ client: createBifClient(clientOptions("BIF")), now }),
    tmf: createTmfSubgraph({ client: createTmfClient(clientOptions("TMF")), now }),
    kff: createKffSubgraph({ client: createKffClient(clientOptions("KFF")), now }),
    okf: createOkfSubgraph({ client: createOkfClient(clientOptions("OKF")), now }),
  };
  const running = {} as Record<SubgraphName, RunningServer | null>;
  const ports = {} as Record<SubgraphName, number>;
  const responseHolds: Partial<Record<SubgraphName, HeldResponses>> = {};
  const hung: Partial<Record<SubgraphName, HungServer>> = {};
  // A user-token issuer and the gateway's own key, fresh for each graph; subgraphs trust the gateway's.
  const issuer = issuerFromKey(generateSigningKey("test-issuer"));
  const gatewayKey = generateSigningKey("gateway");
  const accessLogUrl = () => `http://${HOST}:${ports.crm}/internal/access-log`;
  // What the CRM and the departments share to sign and check access-log batches (ACCESS_LOG_SECRET).
  const accessLogSecret = randomBytes(32).toString("base64url");
  const security = {
    gatewayKeys: new KeySet([publicJwkOf(gatewayKey)]),
    hideSchemaDetails: options.production ?? false,
    accessLogSecret,
    accessLog: (...args: Parameters<ReturnType<typeof httpAccessLogSink>>) => httpAccessLogSink(accessLogUrl(), accessLogSecret)(...args),
  };
  const observed: Partial<Record<SubgraphName, ObservedFetch[]>> = {};
  const failing: Partial<Record<SubgraphName, (query: string) => boolean>> = {};
  const serve = (name: SubgraphName, port: number) =>
    serveSubgraph(
      {
        ...definitions[name],
        plugins: [
          ...(definitions[name].plugins ?? []),
          holdingResponses(() => responseHolds[name]),
          failingRequests((query) => failing[name]?.(query) ?? false),
          observingRequests((fetch) => observed[name]?.push(fetch)),
        ],
      },
      { host: HOST, port },
      security,
    );
  for (const name of Object.keys(definitions) as SubgraphName[]) {
    running[name] = await serve(name, 0);
    ports[name] = running[name]!.port;
  }
  const subgraphUrls = Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, `http://${HOST}:${port}/graphql`]));
  const gatewayOptions = (): GatewayOptions => ({
    supergraphSdl: readCommittedSupergraph(),
    subgraphUrls,
    subgraphTimeoutMs: options.subgraphTimeoutMs ?? 5_000,
    requestDeadlineMs: options.requestDeadlineMs,
    requestClock: options.requestClock,
    production: options.production,
    trustedProxies: options.trustedProxies,
    ...(options.rateLimits ? { rateLimits: { budgets: { ...DEFAULT_BUDGETS, ...options.rateLimits } } } : {}),
    earlyEntityFetches: options.earlyEntityFetches,
    access: { users: issuer.trust, signingKey: gatewayKey, limits: DEFAULT_LIMITS },
    trustedDocuments: loadTrustedDocuments(),
    ...(options.webAppDir ? { webAppDir: options.webAppDir } : {}),
    ...(options.webAppOidc ? { webAppOidc: options.webAppOidc } : {}),
    explorer: options.explorer && {
      environment: options.explorer.environment,
      tokens: { users: demoUsers(world), mint: (identity) => mintUserToken(identity, issuer) },
    },
    // Each replica its own source, as each gateway process has its own queue.
    liveNotifications: { signals: notificationSignalSource({ ...signalsVia, retryMs: 50 }) },
  });
  const gateway = await serveGateway(gatewayOptions(), { host: HOST, port: 0 });
  const gatewayBase = `http://${HOST}:${gateway.port}`;

  /** A valid user token for a role or identity (default: a key account manager of the world). */
  function tokenFor(actor: Actor = "KEY_ACCOUNT_MANAGER", options: { ttlSeconds?: number; now?: number; audience?: string } = {}): string {
    return mintUserToken(demoIdentity(world, actor), issuer, options);
  }

  /** Queries as a key account manager unless `headers` bring their own authorization. */
  async function query<Data = Record<string, any>>(
    document: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<Data>> {
    const response = await fetch(`${gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokenFor()}`, ...headers },
      body: JSON.stringify({ query: document, variables }),
    });
    return (await response.json()) as GraphQLResponse<Data>;
  }

  /**
   * Headers of a subgraph fetch as the gateway sends it (its signed statement of the user, bound
   * to that subgraph, that document and those variables), for tests that call a subgraph
   * directly; one operation id shares the subgraph's loaders.
   */
  async function gatewayHeaders(
    subgraph: SubgraphName,
    document: string,
    options: { actor?: Actor; operationId?: string; operationType?: OperationType; variables?: Record<string, unknown> } = {},
  ): Promise<Record<string, string>> {
    const operationId = options.operationId ?? randomUUID();
    const identity = { ...demoIdentity(world, options.actor ?? "KEY_ACCOUNT_MANAGER"), operationId };
    const token = signGatewayToken(
      { identity, audience: subgraph, document, variables: options.variables, operationType: options.operationType ?? "query" },
      gatewayKey,
    );
    return { "content-type": "application/json", [GATEWAY_TOKEN_HEADER]: token, [OPERATION_ID_HEADER]: operationId };
  }

  /** Queries as someone else: `graph.queryAs("CASEWORKER", doc)` or `graph.queryAs({ role: "CASEWORKER", department: "KFF" }, doc)`. */
  function queryAs<Data = Record<string, any>>(
    actor: Actor,
    document: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    return query<Data>(document, variables, { authorization: `Bearer ${tokenFor(actor)}`, ...headers });
  }

  return {
    world,
    simulators,
    gatewayUrl: gateway.url,
    gatewayBase,
    /** Production only: the gateway's ops listener (/metrics and the detailed /ready). */
    opsBase: gateway.opsUrl,
    crmDatabase,
    /** Requests that tried to leave the machine; stop() fails when there are any. */
    networkViolations: network.violations,
    /** The simulators' msw server: a test can watch the requests reaching the department systems. */
    msw,
    /** The simulated message broker the department simulators announce their business events to. */
    broker,
    /** The CRM's subscription to the business events; tests read it with pollOnce(). */
    caseEvents,
    /** With options.rabbitMq: the CRM's subscription on RabbitMQ (its `outcome` events say what it applied). */
    amqpCaseEvents,
    /**
     * The simulated CVR register (faults, `change` as Erhvervsstyrelsen would) and the CRM's sync
     * from it; `sync.run()` is one scheduled run, its outcome reported in the CRM's /health.
     */
    cvr: { register, sync: cvrSync },
    query,
    queryAs,
    tokenFor,
    gatewayHeaders,
    /** The secret the departments sign their access-log batches with, for tests that post as a department would. */
    accessLogSecret,
    /** Starts another gateway replica on the same subgraphs and broker (stop it yourself); its base URL. */
    async startGatewayReplica(): Promise<{ base: string; stop: () => Promise<void> }> {
      const replica = await serveGateway(gatewayOptions(), { host: HOST, port: 0 });
      return { base: `http://${HOST}:${replica.port}`, stop: replica.stop };
    },
    /** Subgraph URLs, to prove they refuse callers other than the gateway. */
    subgraphUrls,
    /** Stops one subgraph process, as if it crashed. */
    async stopSubgraph(name: SubgraphName) {
      await running[name]?.stop();
      running[name] = null;
    },
    /** Starts a stopped or hung subgraph again on its old port. */
    async restartSubgraph(name: SubgraphName) {
      await hung[name]?.close();
      delete hung[name];
      running[name] ??= await serve(name, ports[name]);
    },
    /** Replaces a subgraph by a process that accepts connections and never answers, as if it froze. */
    async hangSubgraph(name: SubgraphName): Promise<HungSubgraph> {
      await running[name]?.stop();
      running[name] = null;
      return (hung[name] ??= await listenWithoutAnswering(ports[name]));
    },
    /** From now on, records the fetches a subgraph receives (gateway token and document), as someone on the internal network would see them. */
    observeSubgraph(name: SubgraphName): ObservedFetch[] {
      return (observed[name] = []);
    },
    /**
     * From now on, the subgraph's fetches whose document matches answer 503, as a proxy in front of
     * a restarting subgraph does (undefined to stop): e.g. only its case completions fail.
     */
    failSubgraphFetches(name: SubgraphName, matches: ((query: string) => boolean) | undefined) {
      failing[name] = matches;
    },
    /**
     * From now on, holds every answer of a subgraph back after it has done the work (a mutation is
     * committed, its answer late) until the test calls release(); `held` settles when the first
     * answer is being held. The test waits on these events, not on time.
     */
    holdSubgraphResponses(name: SubgraphName): ResponseHold {
      responseHolds[name]?.release();
      const hold = responseHold(() => {
        if (responseHolds[name] === hold) delete responseHolds[name];
      });
      return (responseHolds[name] = hold);
    },
    async stop() {
      for (const hold of Object.values(responseHolds)) hold.release();
      await gateway.stop();
      for (const server of Object.values(hung)) await server.close();
      for (const name of Object.keys(running) as SubgraphName[]) await running[name]?.stop();
      for (const definition of Object.values(definitions)) definition.close?.();
      await caseEvents.stop();
      await amqpCaseEvents?.stop();
      await stopSignals();
      await publisher.close();
      await crmDatabase.close();
      msw.close();
      if (network.violations.length) throw new Error(`Requests tried to leave this machine: ${network.violations.join(", ")}`);
    },
  };
}

export type Graph = Awaited<ReturnType<typeof startGraph>>;

/** One fetch a subgraph received: what an observer of the internal network sees. */
export interface ObservedFetch {
  gatewayToken: string | undefined;
  query: string | undefined;
  variables: Record<string, unknown> | undefined;
}

function observingRequests(observe: (fetch: ObservedFetch) => void): NonNullable<SubgraphDefinition<any>["plugins"]>[number] {
  return {
    async requestDidStart({ request }) {
      observe({
        gatewayToken: request.http?.headers.get(GATEWAY_TOKEN_HEADER) ?? undefined,
        query: request.query,
        variables: request.variables,
      });
    },
  };
}

/** Answers a matching fetch 503 before any work, as a proxy whose upstream is restarting would. */
function failingRequests(matches: (query: string) => boolean): NonNullable<SubgraphDefinition<any>["plugins"]>[number] {
  return {
    async requestDidStart() {
      return {
        // Apollo Server answers an error thrown here with its extensions.http status.
        async didResolveOperation({ request }) {
          if (matches(request.query ?? ""))
            throw new GraphQLError("upstream restarting", { extensions: { code: "SERVICE_UNAVAILABLE", http: { status: 503 } } });
        },
      };
    },
  };
}

/** A subgraph's answers held back until the test releases them (graph.holdSubgraphResponses). */
export interface ResponseHold {
  /** Settles when the first answer is being held: the subgraph has done the work. */
  held: Promise<void>;
  /** Sends the held answers and stops holding. */
  release(): void;
}

interface HeldResponses extends ResponseHold {
  /** Called by a response about to be sent: resolves when the test releases it. */
  wait(): Promise<void>;
}

function responseHold(onRelease: () => void): HeldResponses {
  let reached!: () => void;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    held,
    release() {
      release();
      onRelease();
    },
    wait() {
      reached();
      return released;
    },
  };
}

/** Holds each response back after execution while the subgraph's answers are held. */
function holdingResponses(currentHold: () => HeldResponses | undefined): NonNullable<SubgraphDefinition<any>["plugins"]>[number] {
  return {
    async requestDidStart() {
      return {
        async willSendResponse() {
          await currentHold()?.wait();
        },
      };
    },
  };
}

/** A subgraph that accepts connections and never answers; it counts the gateway's connections. */
export interface HungSubgraph {
  /** Settles once the gateway has opened this many connections to it in all. */
  opened(count: number): Promise<void>;
  /** Settles once the gateway has closed this many of them in all (a fetch aborted or timed out). */
  closed(count: number): Promise<void>;
}

interface HungServer extends HungSubgraph {
  close: () => Promise<void>;
}

/** A count with promises that settle when it reaches a number. */
function eventCount() {
  let count = 0;
  const waiters: { at: number; resolve: () => void }[] = [];
  return {
    add() {
      count++;
      for (const waiter of waiters.filter((candidate) => candidate.at <= count)) waiter.resolve();
    },
    reached(at: number): Promise<void> {
      return at <= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ at, resolve }));
    },
  };
}

async function listenWithoutAnswering(port: number): Promise<HungServer> {
  const sockets = new Set<Socket>();
  const opened = eventCount();
  const closedByGateway = eventCount();
  let closing = false;
  const server = createServer((socket) => {
    sockets.add(socket);
    opened.add();
    socket.on("close", () => {
      sockets.delete(socket);
      if (!closing) closedByGateway.add();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => resolve());
  });
  return {
    opened: (count) => opened.reached(count),
    closed: (count) => closedByGateway.reached(count),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
