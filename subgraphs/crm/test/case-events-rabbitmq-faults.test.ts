import type { Channel, ChannelModel } from "amqplib";
import { createLogger } from "@company-graph/kit/observability";
import { CaseEventOutbox, amqpPublisher, type CaseEventPublisher } from "@company-graph/mocks";
import { AmqpCaseEventSubscription } from "../src/case-events/amqp-subscription";
import { caseEventHandler, type CaseEventSubscription } from "../src/case-events/handler";
import { createCaseEventSubscription } from "../src/case-events/subscribe";
import { seedWorld } from "./fixture-seed";
import { CVR, FIXTURE_WORLD } from "./fixtures";
import { caseEvent, NOW } from "./case-event-fixtures";
import { hostileMessages } from "./case-event-hostile";
import { countedEvents, recordOutcomes } from "./case-event-signals";
import { connectRabbitMq, RABBITMQ_URL, uniqueTopology } from "./rabbitmq";
import { freshDatabase, type TestDatabase } from "./support";
import { tcpProxy } from "./tcp-proxy";

// The broker link under faults and hostile publishers, on the machine's RabbitMQ: what reaches the
// CRM's queue is applied once or dead-lettered once, never lost and never requeued for ever.

const broker = new URL(RABBITMQ_URL);

let db: TestDatabase;
let admin: ChannelModel;
let channel: Channel;
let topology: ReturnType<typeof uniqueTopology>;
let publisher: CaseEventPublisher;
let subscriptions: CaseEventSubscription[];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  admin = await connectRabbitMq();
  db = await freshDatabase("pglite", { migrated: true });
  await seedWorld(db.prisma, FIXTURE_WORLD);
});
afterAll(async () => {
  await admin?.close();
  await db?.destroy();
});
beforeEach(async () => {
  topology = uniqueTopology(admin);
  channel = await admin.createChannel();
  publisher = amqpPublisher(RABBITMQ_URL, { exchange: topology.exchange });
  subscriptions = [];
});
afterEach(async () => {
  for (const subscription of subscriptions) await subscription.stop();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await publisher.close();
  await channel.close().catch(() => undefined);
  await topology.remove();
});

async function subscribe(options: { url?: string; deadLetterMax?: number } = {}): Promise<CaseEventSubscription> {
  const subscription = createCaseEventSubscription({
    db: db.prisma,
    url: options.url ?? RABBITMQ_URL,
    queue: topology.queue,
    exchange: topology.exchange,
    prefetch: 5,
    intervalMs: 5,
    deadLetterMax: options.deadLetterMax,
    now: () => NOW,
  });
  subscriptions.push(subscription);
  await subscription.start();
  return subscription;
}

const toOutgoing = (event: ReturnType<typeof caseEvent>) => ({
  routingKey: event.routingKey,
  messageId: event.messageId,
  messageType: event.message.envelope.messageType,
  body: event.body,
});

/** The first `count` messages of a queue, taken off it, once that many are there (dead-lettering is the broker's own asynchronous step). */
async function drain(queue: string, count: number): Promise<string[]> {
  let messageCount = 0;
  while (messageCount < count) ({ messageCount } = await channel.checkQueue(queue));
  const bodies: string[] = [];
  for (let message = await channel.get(queue, { noAck: true }); message; message = await channel.get(queue, { noAck: true }))
    bodies.push(message.content.toString());
  return bodies;
}

it("dead-letters each hostile message once, counted by reason, and applies the good ones around them", async () => {
  const signals = recordOutcomes(await subscribe());
  const hostile = hostileMessages();
  const reasons = [...new Set(hostile.map((message) => message.reason)), "genbrugt_besked_id"];
  const before = Object.fromEntries(
    await Promise.all(reasons.map(async (reason) => [reason, await countedEvents("dead-lettered", reason)] as const)),
  );
  // All on one channel, so the queue holds them in this order.
  const send = (routingKey: string, body: string) => channel.publish(topology.exchange, routingKey, Buffer.from(body));
  const first = caseEvent({ type: "case.decided" });
  send(first.routingKey, first.body);
  for (const message of hostile) send(message.routingKey, message.body);
  // A replay: the decision's id again, once as it was (a redelivery) and once on a closing.
  send(first.routingKey, first.body);
  const replay = caseEvent({ type: "case.closed", caseId: first.message.envelope.objectId, messageId: first.messageId });
  send(replay.routingKey, replay.body);
  const last = caseEvent({ type: "case.progressed" });
  send(last.routingKey, last.body);
  await signals.until(() => signals.outcomes.length === hostile.length + 4);

  expect(signals.applied()).toEqual([first.messageId, last.messageId]);
  expect(signals.duplicates()).toEqual([first.messageId]);
  expect(signals.rejected().map((outcome) => outcome.kind === "rejected" && outcome.reason)).toEqual([
    ...hostile.map((message) => message.reason),
    "genbrugt_besked_id",
  ]);
  for (const reason of reasons) {
    expect([reason, await countedEvents("dead-lettered", reason)]).toEqual([
      reason,
      before[reason] + hostile.filter((message) => message.reason === reason).length + (reason === "genbrugt_besked_id" ? 1 : 0),
    ]);
  }
  // Each poison sits once in the dead-letter queue; none went back to the CRM's queue.
  // (Compared by length and start: a failure must not print a megabyte.)
  const brief = (bodies: string[]) => bodies.map((body) => `${body.length}:${body.slice(0, 40)}`);
  expect(brief(await drain(topology.deadLetterQueue, hostile.length + 1))).toEqual(
    brief([...hostile.map((message) => message.body), replay.body]),
  );
  expect(await channel.checkQueue(topology.queue)).toMatchObject({ messageCount: 0 });
  expect(await db.prisma.companyChange.findMany({ where: { messageId: first.messageId }, select: { kind: true } })).toEqual([
    { kind: "case.decided" },
  ]);
});

it("caps the dead-letter queue, dropping the oldest dead letters first", async () => {
  const signals = recordOutcomes(await subscribe({ deadLetterMax: 3 }));
  for (let poison = 1; poison <= 5; poison++) channel.publish(topology.exchange, "TMF.case.closed", Buffer.from(`poison ${poison}`));
  await signals.until(() => signals.rejected().length === 5);
  expect(await drain(topology.deadLetterQueue, 3)).toEqual(["poison 3", "poison 4", "poison 5"]);
});

it("publishes only what the broker confirmed: a refused publish stays in the department's outbox until the broker takes it", async () => {
  const signals = recordOutcomes(await subscribe());
  // A queue on the exchange that refuses everything: the broker answers the publish with a nack.
  const full = `${topology.queue}.full`;
  await channel.assertQueue(full, { arguments: { "x-max-length": 0, "x-overflow": "reject-publish" } });
  await channel.bindQueue(full, topology.exchange, "#");
  cleanups.push(() => admin.createChannel().then(async (cleanup) => (await cleanup.deleteQueue(full), await cleanup.close())));
  const outbox = new CaseEventOutbox(publisher, 60_000);
  cleanups.push(async () => outbox.stop());
  const events = Array.from({ length: 3 }, () => caseEvent({ type: "case.progressed" }));
  await expect(publisher.publish(toOutgoing(events[0]))).rejects.toThrow(/nack/i);
  await outbox.setPublishing(false);
  for (const event of events) outbox.add(toOutgoing(event));
  await expect(outbox.setPublishing(true)).rejects.toThrow(/nack/i);
  expect(outbox.status).toEqual({ publishing: true, pending: 3, published: 0 });

  await channel.unbindQueue(full, topology.exchange, "#");
  expect(await outbox.flush()).toBe(3);
  await signals.until(() => new Set(signals.applied()).size === 3);
  // The nacked copy of the first may also have reached the CRM's queue (a nack says "maybe"): its id absorbs it.
  expect([...new Set(signals.applied())]).toEqual(events.map((event) => event.messageId));
  expect(outbox.status).toEqual({ publishing: true, pending: 0, published: 3 });
});

it("holds at most its prefetch of unacknowledged deliveries, and acknowledges none before its transaction committed", async () => {
  const handle = caseEventHandler({ db: db.prisma, now: () => NOW, logger: createLogger("crm-test") });
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let started = 0;
  const subscription = new AmqpCaseEventSubscription({
    url: RABBITMQ_URL,
    exchange: topology.exchange,
    queue: topology.queue,
    prefetch: 3,
    retryMs: 5,
    logger: createLogger("crm-test"),
    handle: async (body, routingKey) => {
      started++;
      await gate;
      return handle(body, routingKey);
    },
  });
  subscriptions.push(subscription);
  await subscription.start();
  const signals = recordOutcomes(subscription);
  const events = Array.from({ length: 10 }, () => caseEvent({ type: "case.progressed" }));
  for (const event of events) await publisher.publish(toOutgoing(event));

  // The broker hands over three and keeps seven while the first is being applied.
  let ready = events.length;
  while (ready > events.length - 3) ({ messageCount: ready } = await channel.checkQueue(topology.queue));
  for (let check = 0; check < 20; check++) expect((await channel.checkQueue(topology.queue)).messageCount).toBe(events.length - 3);
  expect(started).toBe(1);
  expect(await db.prisma.companyChange.count({ where: { messageId: { in: events.map((event) => event.messageId) } } })).toBe(0);

  open();
  await signals.until(() => signals.applied().length === events.length);
  expect(signals.applied()).toEqual(events.map((event) => event.messageId));
});

it("reconnects after the network between the CRM and RabbitMQ is cut mid-stream, and the departments' outbox republishes what was unconfirmed: 0 lost, 0 applied twice, in order", async () => {
  const proxy = await tcpProxy({ host: broker.hostname, port: Number(broker.port || 5672) });
  cleanups.push(() => proxy.close());
  const viaProxy = `amqp://${broker.username}:${broker.password}@127.0.0.1:${proxy.port}`;
  const subscription = await subscribe({ url: viaProxy });
  const signals = recordOutcomes(subscription);
  const departmentLink = amqpPublisher(viaProxy, { exchange: topology.exchange });
  cleanups.push(() => departmentLink.close());
  const outbox = new CaseEventOutbox(departmentLink, 5);
  cleanups.push(async () => outbox.stop());

  let cut = false;
  const reconnected = new Promise<void>((resolve) => subscription.once("connected", () => resolve()));
  subscription.on("outcome", () => {
    if (cut || signals.applied().length < 5) return;
    cut = true;
    proxy.cut();
  });
  const events = Array.from({ length: 40 }, (_, index) => caseEvent({ type: "case.progressed", cvr: index % 2 ? CVR.bikes : CVR.factory }));
  for (const event of events) outbox.add(toOutgoing(event));
  await reconnected;
  await signals.until(() => new Set(signals.applied()).size === events.length);
  await outbox.flush();

  expect(cut).toBe(true);
  expect(proxy.connections).toBeGreaterThanOrEqual(4); // both sides connected again after the cut
  expect(signals.applied()).toEqual(events.map((event) => event.messageId));
  expect(outbox.status).toMatchObject({ pending: 0 });
  const history = await db.prisma.companyChange.findMany({
    where: { messageId: { in: events.map((event) => event.messageId) } },
    orderBy: { sequence: "asc" },
    select: { messageId: true },
  });
  expect(history.map((change) => change.messageId)).toEqual(events.map((event) => event.messageId));
  expect(await channel.checkQueue(topology.queue)).toMatchObject({ messageCount: 0 });
});
