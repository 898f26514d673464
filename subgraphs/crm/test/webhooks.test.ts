import type { RequestIdentity } from "@company-graph/kit/auth";
import type { CaseEventMessage } from "@company-graph/domain";
import { applyCaseEvent } from "../src/case-events/apply";
import { crmConfig } from "../src/config";
import { WebhookDispatcher, type DispatcherOptions } from "../src/webhook/dispatcher";
import type { Resolver } from "../src/webhook/endpoint";
import { pruneWebhookDeliveries } from "../src/webhook/retention";
import { RETRY_WINDOW_MS } from "../src/webhook/schedule";
import { caseEvent, NOW } from "./case-event-fixtures";
import { CVR, EMPLOYEE } from "./fixtures";
import { DATABASES, onlyError, startTestCrm, type TestCrm } from "./support";
import { FEED_FIELDS, manualClock, partner, startReceiver, verifyAt, WEBHOOK_FIELDS } from "./webhook-support";

// Partners' webhooks: registered by the token's partner within its grant, written to the outbox in
// the change's own transaction, sent signed (Standard Webhooks) in order per company, retried with
// backoff for 24 hours, then disabled until the partner re-enables it.

const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret subscription { id url kinds departments cvr enabled createdAt } } }`;
const SUBSCRIPTIONS = `query { webhookSubscriptions { id url enabled disabledReason disabledAt deliveries(first: 50) { edges { node { id changeId cursor status nextAttemptAt deliveredAt attempts { number statusCode error } } } } } }`;
const ENABLE = `mutation($id: ID!) { enableWebhook(id: $id) { id enabled disabledReason } }`;
const DISABLE = `mutation($id: ID!) { disableWebhook(id: $id) { id enabled disabledReason } }`;
const ROTATE = `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret subscription { id } } }`;
const CHANGES = `query($after: String, $filter: ChangeFilter) { changes(first: 50, after: $after, filter: $filter) { edges { cursor node { id kind cvr department occurredAt withheld summary objectId case { caseNumber title progress serviceId openedAt decidedAt closedAt lastUpdateSentAt } permit { kind caseId grantedAt validFrom validTo revokedAt } } } } }`;

const PARTNER = partner({ departments: ["TMF", "BIF"], kinds: ["case.decided", "case.closed", "permit.granted"] });
const FRONT: RequestIdentity = { userId: EMPLOYEE.front, role: "FRONT_OFFICE" };

function event(
  options: { cvr?: string; type?: "case.decided" | "case.closed" | "case.opened"; confidential?: boolean } = {},
): CaseEventMessage {
  const { message } = caseEvent({ type: options.type ?? "case.decided", cvr: options.cvr ?? CVR.bikes });
  if (options.confidential) message.envelope.sensitivity = "fortrolig";
  return message;
}

it("lets webhooks reach only public https endpoints unless WEBHOOK_ENDPOINTS=loopback says development", () => {
  expect(crmConfig({}).WEBHOOK_ENDPOINTS).toBe("public-https");
  expect(crmConfig({ WEBHOOK_ENDPOINTS: "loopback" }).WEBHOOK_ENDPOINTS).toBe("loopback");
  expect(() => crmConfig({ WEBHOOK_ENDPOINTS: "anything" })).toThrow(/WEBHOOK_ENDPOINTS/);
  expect(crmConfig({})).toMatchObject({ WEBHOOK_INTERVAL_MS: 1000, WEBHOOK_CONCURRENCY: 8, WEBHOOK_TIMEOUT_MS: 10000 });
});

describe.each(DATABASES)("webhooks on %s", (kind) => {
  let crm: TestCrm;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const clock = manualClock(NOW);
  const apply = (message: CaseEventMessage) => applyCaseEvent(crm.db.prisma, message, clock.now);
  const dispatcher = (options: Partial<DispatcherOptions> = {}) =>
    new WebhookDispatcher({ db: crm.db.prisma, policy: "loopback", now: clock.now, random: () => 0, timeoutMs: 2_000, ...options });
  const register = async (input: Record<string, unknown>, as: RequestIdentity = PARTNER) =>
    (await crm.ok(REGISTER, { input: { url: receiver.url, ...input } }, undefined, as)).registerWebhook;
  const subscriptions = async (as: RequestIdentity = PARTNER) => (await crm.ok(SUBSCRIPTIONS, {}, undefined, as)).webhookSubscriptions;
  const reset = async () => {
    await crm.db.prisma.webhookSubscription.deleteMany({});
    receiver.received.length = 0;
    receiver.answer((response) => response.end("ok"));
  };

  beforeAll(async () => {
    crm = await startTestCrm(kind, { now: clock.now, webhooks: { policy: "loopback" } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await crm?.close();
  });
  beforeEach(reset);

  it("registers an endpoint for the token's partner and shows the whsec_ secret once", async () => {
    const registered = await register({ kinds: ["CASE_DECIDED"], departments: ["TMF"], cvr: CVR.bikes });
    expect(registered.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(registered.subscription).toEqual({
      id: expect.any(String),
      url: receiver.url,
      kinds: ["CASE_DECIDED"],
      departments: ["TMF"],
      cvr: [CVR.bikes],
      enabled: true,
      createdAt: NOW.toISOString(),
    });
    expect(await crm.db.prisma.webhookSubscription.findUnique({ where: { id: registered.subscription.id } })).toMatchObject({
      partnerId: PARTNER.userId,
      kinds: ["case.decided"],
    });
    // Another partner neither sees it nor can touch it.
    const other = partner({ departments: ["TMF"], kinds: ["case.decided"] }, { userId: "partner-other" });
    expect(await subscriptions(other)).toEqual([]);
    for (const mutation of [ENABLE, DISABLE, ROTATE])
      expect(onlyError(await crm.execute(mutation, { id: registered.subscription.id }, undefined, other)).extensions).toMatchObject({
        code: "NOT_FOUND",
      });
    expect((await subscriptions())[0].enabled).toBe(true);
    // A registration sent again (its answer lost) makes no second subscription to the endpoint.
    const again = onlyError(await crm.execute(REGISTER, { input: { url: receiver.url, kinds: ["CASE_DECIDED"] } }, undefined, PARTNER));
    expect(again.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.url" });
    expect(again.message).toContain(registered.subscription.id);
    expect(await subscriptions()).toHaveLength(1);
    // Sent twice at once: one subscription, one refusal.
    const url = `${receiver.url}?twice`;
    const both = await Promise.all(
      [0, 1].map(() => crm.execute(REGISTER, { input: { url, kinds: ["CASE_DECIDED"] } }, undefined, PARTNER)),
    );
    expect(both.filter((result) => !result.errors)).toHaveLength(1);
    expect(both.flatMap((result) => result.errors ?? []).map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect(await crm.db.prisma.webhookSubscription.count({ where: { url } })).toBe(1);
  });

  it("refuses what the grant does not cover, a staff member, and endpoints beyond 127.0.0.1 in a development CRM", async () => {
    const refused = async (input: Record<string, unknown>, as: RequestIdentity = PARTNER) =>
      onlyError(await crm.execute(REGISTER, { input: { url: receiver.url, kinds: ["CASE_DECIDED"], ...input } }, undefined, as));
    expect(await refused({ kinds: ["CASE_OPENED"] })).toMatchObject({ extensions: { code: "FORBIDDEN", field: "input.kinds" } });
    expect(await refused({ departments: ["KFF"] })).toMatchObject({ extensions: { code: "FORBIDDEN", field: "input.departments" } });
    expect((await refused({}, partner(undefined))).extensions).toMatchObject({ code: "FORBIDDEN" });
    expect((await refused({}, FRONT)).extensions).toMatchObject({ code: "FORBIDDEN" });
    expect(await refused({ kinds: [] })).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "input.kinds" } });
    for (const url of [
      "http://localhost:8080/hooks",
      "http://10.0.0.8/hooks",
      "https://partner.example/hooks",
      "ftp://127.0.0.1/",
      "http://user:pw@127.0.0.1/",
      "not a url",
      `http://127.0.0.1/${"x".repeat(2000)}`,
    ]) {
      const error = await refused({ url });
      expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.url" });
      expect(error.message).toMatch(/^input\.url: /);
    }
    expect(await crm.db.prisma.webhookSubscription.count()).toBe(0);
  });

  it("writes one delivery per matching subscription in the change's transaction, none for a duplicate, a protected company or a disabled endpoint", async () => {
    const decided = (await register({ kinds: ["CASE_DECIDED"] })).subscription;
    const closedOnly = (await register({ kinds: ["CASE_CLOSED"], url: `${receiver.url}?closed` })).subscription;
    const disabled = (await register({ kinds: ["CASE_DECIDED"], url: `${receiver.url}?disabled` })).subscription;
    await crm.ok(DISABLE, { id: disabled.id }, undefined, PARTNER);

    const message = event();
    await apply(message);
    expect(await apply(message)).toBe("duplicate");
    await apply(event({ cvr: CVR.architect }));
    const deliveries = await crm.db.prisma.webhookDelivery.findMany({});
    expect(deliveries.map((delivery) => [delivery.subscriptionId, delivery.cvr])).toEqual([[decided.id, CVR.bikes]]);
    expect(closedOnly.id).not.toBe(decided.id);
  });

  it("delivers one signed change the receiver verifies, shaped as the partner's feed edge, with only the grant's fields", async () => {
    const { subscription, secret } = await register({ kinds: ["CASE_DECIDED"] });
    const message = event();
    await apply(message);
    expect(await dispatcher().runOnce()).toBe(1);
    expect(await dispatcher().runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    const verified = verifyAt(clock.now(), secret, delivery);
    expect(verified.type).toBe("case.decided");
    const feed = (await crm.ok(CHANGES, { filter: { kinds: ["CASE_DECIDED"] } }, undefined, PARTNER)).changes.edges;
    expect(verified.data).toEqual(feed.at(-1));
    const logged = (await subscriptions())[0].deliveries.edges[0].node;
    expect(logged).toMatchObject({
      id: delivery.headers["webhook-id"],
      status: "DELIVERED",
      nextAttemptAt: null,
      cursor: verified.data.cursor,
      attempts: [{ number: 1, statusCode: 200, error: null }],
    });
    expect(subscription.enabled).toBe(true);

    // A confidential change: kind, department and date only. A grant without Change.summary: no summary key at all.
    const narrow = partner(
      { departments: ["TMF"], kinds: ["case.decided"] },
      { userId: "partner-narrow", fields: [...FEED_FIELDS.filter((field) => field !== "Change.summary"), ...WEBHOOK_FIELDS] },
    );
    const narrowSecret = (await register({ kinds: ["CASE_DECIDED"] }, narrow)).secret;
    receiver.received.length = 0;
    await apply(event({ confidential: true }));
    expect(await dispatcher().runOnce()).toBe(2);
    const bodies = receiver.received.map((received) => JSON.parse(received.body).data.node);
    expect(bodies).toContainEqual({
      id: expect.any(String),
      kind: "CASE_DECIDED",
      cvr: CVR.bikes,
      department: "TMF",
      occurredAt: expect.any(String),
      withheld: true,
      summary: null,
      objectId: null,
      case: null,
      permit: null,
    });
    const narrowBody = receiver.received.find((received) => {
      try {
        return verifyAt(clock.now(), narrowSecret, received);
      } catch {
        return false;
      }
    })!;
    expect(JSON.parse(narrowBody.body).data.node).not.toHaveProperty("summary");
  });

  it("retries with exponential backoff for at least 24 hours, the same webhook-id each time, then gives up and disables the endpoint until the partner re-enables it", async () => {
    const { subscription } = await register({ kinds: ["CASE_DECIDED"] });
    receiver.answer((response) => {
      response.statusCode = 503;
      response.end("down");
    });
    const start = clock.now();
    await apply(event());
    const times: number[] = [];
    const sender = dispatcher();
    for (let run = 0; run < 40; run++) {
      const row = await crm.db.prisma.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: subscription.id } });
      if (row.status !== "PENDING") break;
      clock.set(row.nextAttemptAt);
      times.push(clock.now().getTime() - start.getTime());
      expect(await sender.runOnce()).toBe(1);
    }
    const minutes = times.map((ms) => Math.round(ms / 60_000));
    expect(minutes).toEqual([0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 496, 736, 976, 1216, 1456]);
    expect(times.at(-1)! - times[0]).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    expect(receiver.received).toHaveLength(15);
    expect(new Set(receiver.received.map((received) => received.headers["webhook-id"])).size).toBe(1);

    const [gone] = await subscriptions();
    expect(gone).toMatchObject({ enabled: false, disabledReason: "FAILING", disabledAt: clock.now().toISOString() });
    expect(gone.deliveries.edges[0].node).toMatchObject({ status: "FAILED", nextAttemptAt: null });
    expect(gone.deliveries.edges[0].node.attempts).toHaveLength(15);
    // While disabled nothing is written or sent; re-enabled, new changes flow again.
    await apply(event());
    expect(await crm.db.prisma.webhookDelivery.count({ where: { subscriptionId: subscription.id } })).toBe(1);
    expect((await crm.ok(ENABLE, { id: subscription.id }, undefined, PARTNER)).enableWebhook).toEqual({
      id: subscription.id,
      enabled: true,
      disabledReason: null,
    });
    receiver.answer((response) => response.end("ok"));
    receiver.received.length = 0;
    await apply(event());
    expect(await sender.runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(1);

    // Settled deliveries leave the log after 30 days, their attempts with them.
    expect(await pruneWebhookDeliveries(crm.db.prisma, new Date(clock.now().getTime() + 28 * 86_400_000))).toBe(0);
    expect(await pruneWebhookDeliveries(crm.db.prisma, new Date(clock.now().getTime() + 32 * 86_400_000))).toBe(2);
    expect(await crm.db.prisma.webhookAttempt.count({ where: { delivery: { subscriptionId: subscription.id } } })).toBe(0);
  });

  it("keeps a company's deliveries in order behind a failing one, and delivers every one once the receiver is back", async () => {
    await register({ kinds: ["CASE_DECIDED", "CASE_CLOSED"] });
    let down = true;
    receiver.answer((response) => {
      response.statusCode = down ? 500 : 204;
      response.end();
    });
    const bikes = [event(), event({ type: "case.closed" }), event()];
    const factory = [event({ cvr: CVR.factory }), event({ cvr: CVR.factory, type: "case.closed" })];
    for (const message of [bikes[0], factory[0], bikes[1], factory[1], bikes[2]]) await apply(message);
    const sender = dispatcher();
    // Only each company's oldest is tried while the receiver fails.
    expect(await sender.runOnce()).toBe(2);
    clock.advance(60_000);
    expect(await sender.runOnce()).toBe(2);
    down = false;
    clock.advance(10 * 60_000);
    expect(await sender.runOnce()).toBe(5);
    const delivered = receiver.received
      .filter((received) => JSON.parse(received.body).data)
      .slice(4)
      .map((received) => JSON.parse(received.body).data.node);
    const objects = (cvr: string) => delivered.filter((node) => node.cvr === cvr).map((node) => node.objectId);
    expect(objects(CVR.bikes)).toEqual(bikes.map((message) => message.envelope.objectId));
    expect(objects(CVR.factory)).toEqual(factory.map((message) => message.envelope.objectId));
    expect(receiver.received).toHaveLength(4 + 5);
  });

  it("sends each delivery once when two replicas run at the same time", async () => {
    await register({ kinds: ["CASE_DECIDED"] });
    for (const cvr of [CVR.bikes, CVR.factory]) await apply(event({ cvr }));
    for (let index = 0; index < 3; index++) await apply(event());
    const [a, b] = await Promise.all([dispatcher().runOnce(), dispatcher().runOnce()]);
    expect(a + b).toBe(5);
    expect(receiver.received).toHaveLength(5);
    expect(new Set(receiver.received.map((received) => received.headers["webhook-id"])).size).toBe(5);
  });

  it("signs with the old secret beside the new one for a day after a rotation", async () => {
    const { subscription, secret: old } = await register({ kinds: ["CASE_DECIDED"] });
    const { secret: rotated } = (await crm.ok(ROTATE, { id: subscription.id }, undefined, PARTNER)).rotateWebhookSecret;
    expect(rotated).not.toBe(old);
    await apply(event());
    await dispatcher().runOnce();
    const [delivery] = receiver.received;
    expect(String(delivery.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const secret of [old, rotated]) expect(() => verifyAt(clock.now(), secret, delivery)).not.toThrow();
    // A receiver that still has the old secret after the day refuses what is signed with the new one only.
    clock.advance(25 * 3600_000);
    await apply(event());
    await dispatcher().runOnce();
    expect(String(receiver.received[1].headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(() => verifyAt(clock.now(), old, receiver.received[1])).toThrow(/No matching signature/);
  });
});

describe.each(DATABASES)("a hostile receiver on %s", (kind) => {
  let crm: TestCrm;
  const clock = manualClock(NOW);
  const resolved: Record<string, string[]> = {};
  const lookups: string[] = [];
  const resolve: Resolver = async (hostname) => {
    lookups.push(hostname);
    const addresses = resolved[hostname];
    if (!addresses) throw new Error(`ENOTFOUND ${hostname}`);
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  beforeAll(async () => {
    crm = await startTestCrm(kind, { now: clock.now, webhooks: { policy: "public-https", resolve } });
  });
  afterAll(() => crm?.close());
  beforeEach(() => crm.db.prisma.webhookSubscription.deleteMany({}));

  const registerUrl = (url: string) => crm.execute(REGISTER, { input: { url, kinds: ["CASE_DECIDED"] } }, undefined, PARTNER);

  it("refuses in production http, and names resolving to private, loopback, link-local, unique-local, CGNAT or metadata addresses", async () => {
    Object.assign(resolved, {
      "public.example": ["93.184.216.34"],
      "private.example": ["10.1.2.3"],
      "loopback.example": ["127.0.0.1"],
      "metadata.example": ["169.254.169.254"],
      "cgnat.example": ["100.64.0.1"],
      "ula.example": ["fd00:ec2::254"],
      "v6-loopback.example": ["::1"],
      "mapped.example": ["::ffff:127.0.0.1"],
      "mixed.example": ["93.184.216.34", "192.168.1.1"],
    });
    expect((await registerUrl("https://public.example/hooks")).errors).toBeUndefined();
    for (const url of [
      "http://public.example/hooks",
      "https://private.example/",
      "https://loopback.example/",
      "https://metadata.example/",
      "https://cgnat.example/",
      "https://ula.example/",
      "https://v6-loopback.example/",
      "https://mapped.example/",
      "https://mixed.example/",
      "https://unknown.example/",
      "https://127.0.0.1/",
      "https://[::1]/",
      "https://169.254.169.254/latest/meta-data/",
      "https://0.0.0.0/",
    ]) {
      const error = onlyError(await registerUrl(url));
      expect([url, error.extensions]).toEqual([url, expect.objectContaining({ code: "BAD_USER_INPUT", field: "input.url" })]);
    }
  });

  it("checks the address again at every delivery, refuses a name rebound to a private address, and connects only to the address it checked", async () => {
    resolved["rebind.example"] = ["93.184.216.34"];
    expect((await registerUrl("https://rebind.example/hooks")).errors).toBeUndefined();
    const sent: string[] = [];
    const send: DispatcherOptions["send"] = async (endpoint) => {
      sent.push(endpoint.address);
      return { statusCode: 200, error: null };
    };
    const dispatcher = new WebhookDispatcher({ db: crm.db.prisma, policy: "public-https", now: clock.now, resolve, send, random: () => 0 });
    resolved["rebind.example"] = ["10.0.0.5"];
    await applyCaseEvent(crm.db.prisma, event(), clock.now);
    expect(await dispatcher.runOnce()).toBe(1);
    expect(sent).toEqual([]);
    const [attempt] = await crm.db.prisma.webhookAttempt.findMany({});
    expect(attempt).toMatchObject({ statusCode: null, error: "ADDRESS_REFUSED" });

    resolved["rebind.example"] = ["93.184.216.34"];
    clock.advance(60_000);
    expect(await dispatcher.runOnce()).toBe(1);
    expect(sent).toEqual(["93.184.216.34"]);
    // A name server that never answers costs one attempt's time limit, logged as a connection failure.
    const stalled = new WebhookDispatcher({
      db: crm.db.prisma,
      policy: "public-https",
      now: clock.now,
      resolve: () => new Promise(() => undefined),
      send,
      random: () => 0,
      timeoutMs: 50,
    });
    await applyCaseEvent(crm.db.prisma, event(), clock.now);
    clock.advance(60_000);
    expect(await stalled.runOnce()).toBe(1);
    expect(sent).toHaveLength(1);
    expect((await crm.db.prisma.webhookAttempt.findMany({ orderBy: { at: "desc" }, take: 1 }))[0]).toMatchObject({
      statusCode: null,
      error: "CONNECTION",
    });
  });
});
