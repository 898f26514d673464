import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import express from "express";
import { buildSchema, GraphQLError, parse, getOperationAST } from "graphql";
import { createClient } from "graphql-sse";
import type { GatewayContext } from "../src/subgraph-data-source";
import { newGatewayContext } from "../src/subgraph-data-source";
import { DEFAULT_LIMITS } from "../src/operation-limits";
import { notificationStream, type ExecuteThroughGraph } from "../src/live/stream";
import { LiveStreams, type Scheduler } from "../src/live/streams";
import { eventQuery, MISSED_QUERY } from "../src/live/event-query";
import type { RateLimiter } from "../src/rate-limit";
import { metricsRegistry } from "@company-graph/kit/observability";

/** gateway_live_events_total by outcome, as /metrics shows it. */
async function liveEvents(): Promise<Record<string, number>> {
  const { values } = await metricsRegistry.getSingleMetric("gateway_live_events_total")!.get();
  return Object.fromEntries(values.map((value) => [String(value.labels.outcome), value.value]));
}

// The gateway's half of live notifications, without subgraphs: the graph's answers come from a
// fake `execute` that counts its calls, the clock of token expiry is a scheduler the test fires.

const schema = buildSchema(readFileSync(join(__dirname, "..", "..", "schema", "api-schema.graphql"), "utf8"));
const SUBSCRIPTION = `subscription { notificationAdded { id text } }`;

/** A token the fake authentication reads: "Bearer <header>.<claims>.<signature>" with sub and exp. */
const tokenOf = (userId: string, exp = 4_000_000_000) => `x.${Buffer.from(JSON.stringify({ sub: userId, exp })).toString("base64url")}.y`;

interface Harness {
  base: string;
  streams: LiveStreams;
  executed: { query: string; userId: string; variables: Record<string, unknown> }[];
  /** Notifications by owner: what the graph answers each user's Me.notification with. */
  owned: Map<string, { userId: string; text: string }>;
  admitted: number;
  refusals: number;
  /** The costs charged to the caller's cost budget. */
  costs: number[];
  /** A charge above it is refused as past the cost budget. */
  costLimit?: number;
  expiries: { atMs: number; fire: () => void }[];
  /** While set, the graph's answers wait for it. */
  hold?: Promise<void>;
  close: () => Promise<void>;
}

async function startStream(limits = { perUser: 2, perGateway: 3, pending: 3 }): Promise<Harness> {
  const streams = new LiveStreams(limits);
  const harness = { streams, executed: [], owned: new Map(), admitted: 0, refusals: 0, costs: [], expiries: [] } as unknown as Harness;
  const limiter: RateLimiter = {
    admit: async () => {
      harness.admitted++;
      return () => undefined;
    },
    recordRefusal: async () => void harness.refusals++,
    admitCost: async ({ cost }) => {
      if (harness.costLimit !== undefined && cost > harness.costLimit)
        throw new GraphQLError("For mange krævende forespørgsler fra denne bruger / Too many costly operations", {
          extensions: { code: "RATE_LIMITED", http: { status: 429 } },
        });
      harness.costs.push(cost);
      return () => undefined;
    },
  };
  const execute: ExecuteThroughGraph = async (request, context) => {
    const userId = context.identity.userId;
    harness.executed.push({ query: request.query, userId, variables: request.variables ?? {} });
    await harness.hold;
    if (request.query === MISSED_QUERY) {
      const own = [...harness.owned].filter(([, owned]) => owned.userId === userId).reverse();
      return { data: { me: { notifications: { edges: own.map(([id]) => ({ node: { id } })) } } } };
    }
    const id = request.variables?.notificationId as string;
    const owned = harness.owned.get(id);
    return { data: { me: { notification: owned?.userId === userId ? { id, text: owned.text } : null } } };
  };
  const scheduler: Scheduler = (atMs, fire) => {
    harness.expiries.push({ atMs, fire });
    return () => undefined;
  };
  const authenticate = async ({ req }: { req: express.Request }): Promise<GatewayContext> => {
    // As the real authentication reads the header: any whitespace after the scheme, any case.
    const token = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization))![1];
    const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()) as { sub: string };
    if (claims.sub === "stranger")
      throw new GraphQLError("Ugyldigt token / Invalid token", { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
    return newGatewayContext({ userId: claims.sub, role: "KEY_ACCOUNT_MANAGER" });
  };
  const app = express();
  app.use(
    "/graphql/stream",
    express.json(),
    notificationStream({
      authenticate,
      limiter,
      limits: DEFAULT_LIMITS,
      schemaOf: () => schema,
      execute,
      streams,
      requestDeadlineMs: 10_000,
      scheduler,
    }),
  );
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  harness.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql/stream`;
  harness.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return harness;
}

interface Event {
  id?: string;
  event: string;
  data: any;
}

/** Opens a stream and reads its events one by one. */
async function open(
  base: string,
  userId: string,
  options: { query?: string; lastEventId?: string; accept?: string; variables?: Record<string, unknown>; authorization?: string } = {},
) {
  const controller = new AbortController();
  const response = await fetch(base, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: options.accept ?? "text/event-stream",
      authorization: options.authorization ?? `Bearer ${tokenOf(userId)}`,
      ...(options.lastEventId ? { "last-event-id": options.lastEventId } : {}),
    },
    body: JSON.stringify({ query: options.query ?? SUBSCRIPTION, variables: options.variables ?? {} }),
    signal: controller.signal,
  });
  const events: Event[] = [];
  if (!response.headers.get("content-type")?.startsWith("text/event-stream"))
    return {
      status: response.status,
      refusal: (await response.json()) as any,
      events,
      next: async () => undefined,
      close: () => undefined,
    };
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const next = async (): Promise<Event | undefined> => {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split("\n").filter((line) => !line.startsWith(":"));
        if (!lines.length) continue;
        const field = (name: string) =>
          lines
            .find((line) => line.startsWith(`${name}:`))
            ?.slice(name.length + 1)
            .trim();
        const data = field("data");
        const event = { id: field("id"), event: field("event") ?? "message", data: data && data !== "" ? JSON.parse(data) : null };
        events.push(event);
        return event;
      }
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return undefined;
      buffer += value;
    }
  };
  return { status: response.status, refusal: undefined as any, events, next, close: () => controller.abort() };
}

/** Resolves once the replica holds `count` streams (a stream is registered before its response starts). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe("the notification stream", () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startStream();
  });
  afterEach(() => harness.close());

  it("delivers a signalled notification to its owner's stream only, with its id as the SSE id and cursor", async () => {
    const kam = await open(harness.base, "kam");
    const other = await open(harness.base, "other");
    harness.owned.set("n-1", { userId: "kam", text: "Teknik- og Miljøforvaltningen har truffet afgørelse" });
    harness.streams.deliver({ employeeId: "kam", notificationId: "n-1" });
    const event = await kam.next();
    expect(event).toEqual({
      id: "n-1",
      event: "next",
      data: {
        data: { notificationAdded: { id: "n-1", text: "Teknik- og Miljøforvaltningen har truffet afgørelse" } },
        extensions: { cursor: "n-1" },
      },
    });
    // Only the owner's stream asked the graph; one request of each caller's budget was spent.
    expect(harness.executed.map((call) => call.userId)).toEqual(["kam"]);
    expect(harness.admitted).toBe(2);
    other.close();
    kam.close();
  });

  it("sends nothing for a signal that names another's notification: the graph answers null", async () => {
    const before = await liveEvents();
    const kam = await open(harness.base, "kam");
    harness.owned.set("n-2", { userId: "someone-else", text: "hemmelig" });
    harness.owned.set("n-3", { userId: "kam", text: "egen" });
    harness.streams.deliver({ employeeId: "kam", notificationId: "n-2" });
    harness.streams.deliver({ employeeId: "kam", notificationId: "n-3" });
    expect((await kam.next())?.id).toBe("n-3");
    expect(harness.executed).toHaveLength(2);
    expect(JSON.stringify(kam.events)).not.toContain("hemmelig");
    const after = await liveEvents();
    expect([after.skipped - (before.skipped ?? 0), after.delivered - (before.delivered ?? 0)]).toEqual([1, 1]);
    kam.close();
  });

  it("resumes from Last-Event-ID: the owner's notifications after it, oldest first, then live", async () => {
    for (const id of ["n-1", "n-2", "n-3"]) harness.owned.set(id, { userId: "kam", text: id });
    harness.owned.set("x-1", { userId: "other", text: "x-1" });
    const resumed = await open(harness.base, "kam", { lastEventId: "n-1" });
    expect([(await resumed.next())?.id, (await resumed.next())?.id]).toEqual(["n-2", "n-3"]);
    // A signal for one already delivered in the resume is not sent twice.
    harness.streams.deliver({ employeeId: "kam", notificationId: "n-3" });
    harness.owned.set("n-4", { userId: "kam", text: "n-4" });
    harness.streams.deliver({ employeeId: "kam", notificationId: "n-4" });
    expect((await resumed.next())?.id).toBe("n-4");
    expect(resumed.events).toHaveLength(3);
    // The resume's two queries were charged as two of the subscription's: one charge at the start, one for the resume.
    expect(harness.costs).toHaveLength(2);
    expect(harness.costs[1]).toBe(harness.costs[0] * 2);
    resumed.close();
  });

  it("ends a resume past the caller's cost budget with the refusal instead of running its queries", async () => {
    for (const id of ["n-1", "n-2"]) harness.owned.set(id, { userId: "kam", text: id });
    // The subscription's own charge fits; the resume's two queries' do not.
    harness.costLimit = await (async () => {
      const probe = await open(harness.base, "kam");
      probe.close();
      return harness.costs[0];
    })();
    const resumed = await open(harness.base, "kam", { lastEventId: "n-0" });
    expect(resumed.status).toBe(200);
    expect((await resumed.next())?.data.errors[0].extensions.code).toBe("RATE_LIMITED");
    expect((await resumed.next())?.event).toBe("complete");
    expect(harness.executed.map((call) => call.query)).toEqual([MISSED_QUERY]);
  });

  it("refuses past the per-user and per-gateway limits with a Danish STREAM_LIMIT, and frees a place when a stream closes", async () => {
    const first = await open(harness.base, "kam");
    const second = await open(harness.base, "kam");
    const third = await open(harness.base, "kam");
    expect(third.status).toBe(429);
    expect(third.refusal.errors[0]).toMatchObject({
      message: expect.stringMatching(/^Du har allerede 2 åbne notifikationsstrømme/),
      extensions: { code: "STREAM_LIMIT", limit: "streams-per-user", maximum: 2 },
    });
    const fourth = await open(harness.base, "other");
    expect(fourth.status).toBe(200);
    const fifth = await open(harness.base, "third");
    expect(fifth.status).toBe(503);
    expect(fifth.refusal.errors[0]).toMatchObject({
      message: expect.stringMatching(/^Gatewayen har ikke plads/),
      extensions: { code: "STREAM_LIMIT", limit: "streams-per-gateway" },
    });
    first.close();
    await until(() => harness.streams.size === 2);
    const again = await open(harness.base, "kam");
    expect(again.status).toBe(200);
    for (const stream of [second, fourth, again]) stream.close();
  });

  it("closes the stream when its token expires, saying so, and frees its place", async () => {
    const kam = await open(harness.base, "kam");
    expect(harness.expiries).toEqual([{ atMs: 4_000_000_000_000, fire: expect.any(Function) }]);
    harness.expiries[0].fire();
    const last = await kam.next();
    expect(last?.data.errors[0]).toMatchObject({
      message: expect.stringMatching(/^Dit token er udløbet/),
      extensions: { code: "UNAUTHENTICATED" },
    });
    expect((await kam.next())?.event).toBe("complete");
    expect(await kam.next()).toBeUndefined();
    expect(harness.streams.size).toBe(0);
  });

  it("closes at the token's expiry however the Authorization header spaces or cases its scheme", async () => {
    for (const authorization of [`Bearer  ${tokenOf("kam")}`, `Bearer\t${tokenOf("kam")}`, `bearer ${tokenOf("kam")}`]) {
      const kam = await open(harness.base, "kam", { authorization });
      expect(kam.status).toBe(200);
      kam.close();
    }
    expect(harness.expiries.map((expiry) => expiry.atMs)).toEqual([4_000_000_000_000, 4_000_000_000_000, 4_000_000_000_000]);
  });

  it("on drain ends every stream telling its client to reconnect, and refuses new ones", async () => {
    const kam = await open(harness.base, "kam");
    harness.streams.drain();
    expect((await kam.next())?.data.errors[0]).toMatchObject({
      extensions: { code: "STREAM_LIMIT", reason: "draining" },
      message: expect.stringMatching(/^Gatewayen lukker ned/),
    });
    expect((await kam.next())?.event).toBe("complete");
    expect((await open(harness.base, "kam")).status).toBe(503);
  });

  it("ends a stream that falls too far behind, so its client resumes instead", async () => {
    const kam = await open(harness.base, "kam");
    // The first signal's query is held: the stream is busy while four more arrive (pending: 3).
    let release!: () => void;
    harness.hold = new Promise<void>((resolve) => (release = resolve));
    harness.owned.set("n-1", { userId: "kam", text: "n-1" });
    harness.streams.deliver({ employeeId: "kam", notificationId: "n-1" });
    await until(() => harness.executed.length === 1);
    for (const id of ["n-2", "n-3", "n-4", "n-5"]) harness.streams.deliver({ employeeId: "kam", notificationId: id });
    release();
    const events: (string | undefined)[] = [];
    for (let event = await kam.next(); event; event = await kam.next())
      events.push(event.data?.errors?.[0]?.extensions?.reason ?? event.id ?? event.event);
    expect(events).toEqual(["n-1", "behind", "complete"]);
  });

  it("refuses, before any stream, a missing Accept, a bad token, a query, and an operation past the limits (counted as a refusal)", async () => {
    expect((await open(harness.base, "kam", { accept: "application/json" })).status).toBe(406);
    const stranger = await open(harness.base, "stranger");
    expect([stranger.status, stranger.refusal.errors[0].extensions.code]).toEqual([401, "UNAUTHENTICATED"]);
    const query = await open(harness.base, "kam", { query: `{ me { notifications { totalCount } } }` });
    expect([query.status, query.refusal.errors[0].extensions.code]).toEqual([400, "BAD_USER_INPUT"]);
    const invalid = await open(harness.base, "kam", { query: `subscription { notificationAdded { nope } }` });
    expect([invalid.status, invalid.refusal.errors[0].extensions.code]).toEqual([400, "GRAPHQL_VALIDATION_FAILED"]);
    expect(invalid.refusal.errors[0].message).toMatch(/^Feltet "nope" findes ikke/);
    const deep = `subscription { notificationAdded { company { keyAccountManager { unit { employees { unit { employees { unit { employees { unit { employees { id } } } } } } } } } } } }`;
    const tooDeep = await open(harness.base, "kam", { query: deep });
    expect([tooDeep.status, tooDeep.refusal.errors[0].extensions.code]).toEqual([400, "OPERATION_TOO_COMPLEX"]);
    expect(harness.refusals).toBe(1);
    expect(harness.streams.size).toBe(0);
  });

  it("refuses a request graphql-sse cannot read (no query, variables not an object, a GET without a query) as Danish-first JSON", async () => {
    const post = (body: unknown) =>
      fetch(harness.base, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${tokenOf("kam")}` },
        body: JSON.stringify(body),
      });
    const answers = [
      await post({}),
      await post({ query: SUBSCRIPTION, variables: "x" }),
      await post({ query: 5 }),
      await fetch(harness.base, { headers: { accept: "text/event-stream", authorization: `Bearer ${tokenOf("kam")}` } }),
    ];
    for (const answer of answers) {
      const text = await answer.text();
      expect([answer.status, answer.headers.get("content-type")]).toEqual([400, "application/json; charset=utf-8"]);
      expect(JSON.parse(text).errors[0]).toMatchObject({
        message: expect.stringMatching(/^Forespørgslen kunne ikke læses/),
        extensions: { code: "BAD_REQUEST" },
      });
    }
    expect(harness.streams.size).toBe(0);
  });

  it("serves GET with the operation in the query string, as EventSource sends it", async () => {
    harness.owned.set("n-5", { userId: "kam", text: "n-5" });
    const controller = new AbortController();
    const response = await fetch(`${harness.base}?query=${encodeURIComponent(SUBSCRIPTION)}`, {
      headers: { accept: "text/event-stream", authorization: `Bearer ${tokenOf("kam")}` },
      signal: controller.signal,
    });
    expect([response.status, response.headers.get("content-type")]).toEqual([200, "text/event-stream; charset=utf-8"]);
    await until(() => harness.streams.size === 1);
    harness.streams.deliver({ employeeId: "kam", notificationId: "n-5" });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("event: next")) text += (await reader.read()).value;
    expect(text).toContain("id: n-5\nevent: next\n");
    controller.abort();
  });

  it("serves graphql-sse's own client in distinct connections mode", async () => {
    const client = createClient({ url: harness.base, headers: { authorization: `Bearer ${tokenOf("kam")}` }, retryAttempts: 0 });
    harness.owned.set("n-9", { userId: "kam", text: "Ny notifikation" });
    const received: unknown[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const unsubscribe = client.subscribe(
        { query: SUBSCRIPTION },
        {
          next: (value) => {
            received.push(value);
            unsubscribe();
            resolve();
          },
          error: reject,
          complete: resolve,
        },
      );
    });
    await until(() => harness.streams.size === 1);
    harness.streams.deliver({ employeeId: "kam", notificationId: "n-9" });
    await done;
    expect(received).toEqual([{ data: { notificationAdded: { id: "n-9", text: "Ny notifikation" } }, extensions: { cursor: "n-9" } }]);
    client.dispose();
  });
});

describe("the event query", () => {
  const derive = (source: string, variables: Record<string, unknown> = {}) => {
    const document = parse(source);
    return eventQuery(schema, document, getOperationAST(document)!, variables);
  };

  it("asks Me.notification for the subscription's selection, with its fragments and the variables it uses, under its alias", () => {
    const query = derive(
      `subscription Live($after: ID, $first: Int) { live: notificationAdded(after: $after) { ...N company { cvr } } } fragment N on Notification { id text kind }`,
      { after: "n-1" },
    );
    expect(query).toMatchObject({ operationName: "Live", responseKey: "live", after: "n-1", idVariable: "notificationId" });
    expect(query.text).toBe(
      `query Live($notificationId: ID!) {\n  me {\n    notification(id: $notificationId) {\n      ...N\n      company {\n        cvr\n      }\n    }\n  }\n}\n\nfragment N on Notification {\n  id\n  text\n  kind\n}`,
    );
  });

  it("refuses anything but a notificationAdded subscription", () => {
    expect(() => derive(`{ me { employee { id } } }`)).toThrow(/kun abonnementer/);
    expect(() => derive(`mutation { markAllNotificationsRead { marked } }`)).toThrow(/kun abonnementer/);
  });
});
