import type { ChannelModel } from "amqplib";
import { createLogger } from "@company-graph/kit/observability";
import { CaseEventOutbox, amqpPublisher, type CaseEventPublisher } from "@company-graph/mocks";
import { AmqpCaseEventSubscription } from "../src/case-events/amqp-subscription";
import { caseEventHandler, type CaseEventSubscription } from "../src/case-events/handler";
import { createCaseEventSubscription } from "../src/case-events/subscribe";
import { seedWorld } from "./fixture-seed";
import { CVR, FIXTURE_WORLD } from "./fixtures";
import { caseEvent, NOW } from "./case-event-fixtures";
import { countedEvents, dropConnection, nextConnected, recordOutcomes } from "./case-event-signals";
import { connectRabbitMq, RABBITMQ_URL, uniqueTopology } from "./rabbitmq";
import { DATABASES, freshDatabase, type TestDatabase } from "./support";

// The production transport: the departments publish to a topic exchange on RabbitMQ with
// publisher confirms, the CRM consumes its own durable queue and acknowledges only after its
// transaction committed. Each fault below ends with every event in the history exactly once.

const SUBSCRIPTION = { prefetch: 5, intervalMs: 5 };

describe.each(DATABASES)("business events on RabbitMQ, history on %s", (kind) => {
  let db: TestDatabase;
  let admin: ChannelModel;
  let topology: ReturnType<typeof uniqueTopology>;
  let publisher: CaseEventPublisher;
  let subscriptions: CaseEventSubscription[];

  beforeAll(async () => {
    admin = await connectRabbitMq();
    db = await freshDatabase(kind, { migrated: true });
    await seedWorld(db.prisma, FIXTURE_WORLD);
  });
  afterAll(async () => {
    await admin?.close();
    await db?.destroy();
  });
  beforeEach(() => {
    topology = uniqueTopology(admin);
    publisher = amqpPublisher(RABBITMQ_URL, { exchange: topology.exchange });
    subscriptions = [];
  });
  afterEach(async () => {
    for (const subscription of subscriptions) await subscription.stop();
    await publisher.close();
    await topology.remove();
  });

  /** A CRM replica's subscription, as the CRM creates it; started (queue and bindings exist once this resolves). */
  async function replica(): Promise<CaseEventSubscription> {
    const subscription = createCaseEventSubscription({
      db: db.prisma,
      url: RABBITMQ_URL,
      queue: topology.queue,
      exchange: topology.exchange,
      now: () => NOW,
      ...SUBSCRIPTION,
    });
    subscriptions.push(subscription);
    await subscription.start();
    return subscription;
  }

  async function publish(count: number, cvr = CVR.bikes) {
    const events = Array.from({ length: count }, () => caseEvent({ type: "case.closed", cvr }));
    for (const event of events)
      await publisher.publish({
        routingKey: event.routingKey,
        messageId: event.messageId,
        messageType: event.message.envelope.messageType,
        body: event.body,
      });
    return events;
  }

  async function historyCount(messageIds: string[]): Promise<number> {
    return db.prisma.companyChange.count({ where: { messageId: { in: messageIds } } });
  }

  it("applies each event a department publishes once, in order, on one replica at a time, and leaves nothing in the queue", async () => {
    const signals = recordOutcomes(await replica());
    const standby = recordOutcomes(await replica());
    const events = await publish(12);
    await signals.until(() => signals.applied().length === 12);
    expect(signals.applied()).toEqual(events.map((event) => event.messageId));
    expect(standby.outcomes).toEqual([]);
    expect(await historyCount(events.map((event) => event.messageId))).toBe(12);
    expect(
      await db.prisma.surveyInvitation.count({ where: { caseId: { in: events.map((event) => event.message.envelope.objectId) } } }),
    ).toBe(12);
    const channel = await admin.createChannel();
    expect(await channel.checkQueue(topology.queue)).toMatchObject({ messageCount: 0, consumerCount: 2 });
    await channel.close();
  });

  it("moves a poison message to the dead-letter queue, counts it in /metrics and reads on", async () => {
    const signals = recordOutcomes(await replica());
    const before = {
      poison: await countedEvents("dead-lettered", "ikke_json"),
      unknown: await countedEvents("dead-lettered", "ukendt_virksomhed"),
    };
    const channel = await admin.createChannel();
    const deadLettered = new Promise<string[]>((resolve) => {
      const bodies: string[] = [];
      void channel.consume(topology.deadLetterQueue, (message) => {
        bodies.push(message!.content.toString());
        channel.ack(message!);
        if (bodies.length === 2) resolve(bodies);
      });
    });
    channel.publish(topology.exchange, "TMF.case.closed", Buffer.from("\u0000not json"));
    const unknownCompany = caseEvent({ cvr: "10000009" });
    await publisher.publish({
      routingKey: unknownCompany.routingKey,
      messageId: unknownCompany.messageId,
      messageType: "case.closed",
      body: unknownCompany.body,
    });
    const [good] = await publish(1);
    await signals.until(() => signals.applied().length === 1 && signals.rejected().length === 2);

    expect(await deadLettered).toEqual(["\u0000not json", unknownCompany.body]);
    expect(signals.rejected().map((outcome) => outcome.kind === "rejected" && outcome.reason)).toEqual(["ikke_json", "ukendt_virksomhed"]);
    expect(await countedEvents("dead-lettered", "ikke_json")).toBe(before.poison + 1);
    expect(await countedEvents("dead-lettered", "ukendt_virksomhed")).toBe(before.unknown + 1);
    expect(await historyCount([good.messageId])).toBe(1);
    await channel.close();
  });

  it("loses nothing, applies nothing twice and keeps the order when the consuming CRM replica is killed between its commit and its acknowledgement", async () => {
    const handle = caseEventHandler({ db: db.prisma, now: () => NOW, logger: createLogger("crm-test") });
    let applies = 0;
    let killedAfterCommit: string | undefined;
    const doomed: CaseEventSubscription = new AmqpCaseEventSubscription({
      url: RABBITMQ_URL,
      exchange: topology.exchange,
      queue: topology.queue,
      prefetch: SUBSCRIPTION.prefetch,
      retryMs: SUBSCRIPTION.intervalMs,
      logger: createLogger("crm-test"),
      handle: async (body) => {
        const outcome = await handle(body);
        if (++applies === 3 && outcome.kind === "applied") {
          // Committed, and the process dies before it acknowledges (with more deliveries prefetched).
          killedAfterCommit = outcome.messageId;
          dropConnection(doomed);
          void doomed.stop();
        }
        return outcome;
      },
    });
    subscriptions.push(doomed);
    await doomed.start();
    // The second replica stands by: the queue has one active consumer at a time.
    const survivor = await replica();
    const signals = recordOutcomes(survivor, doomed);

    const events = await publish(30);
    await signals.until(
      () =>
        new Set([...signals.applied(), ...signals.duplicates()]).size === 30 &&
        killedAfterCommit !== undefined &&
        signals.duplicates().includes(killedAfterCommit),
    );
    // The killed replica's committed event came back to the survivor, which found it applied; every other one was applied once.
    expect(signals.duplicates()).toEqual([killedAfterCommit]);
    expect(signals.applied()).toHaveLength(30 - 1);
    expect(signals.applied()).not.toContain(killedAfterCommit);
    const history = await db.prisma.companyChange.findMany({
      where: { messageId: { in: events.map((event) => event.messageId) } },
      orderBy: { sequence: "asc" },
    });
    expect(history.map((change) => change.messageId)).toEqual(events.map((event) => event.messageId));
    expect(
      await db.prisma.surveyInvitation.count({ where: { caseId: { in: events.map((event) => event.message.envelope.objectId) } } }),
    ).toBe(30);
  });

  it("reconnects after its connection to RabbitMQ dropped, and the events in flight are applied once", async () => {
    const subscription = await replica();
    const signals = recordOutcomes(subscription);
    const reconnected = new Promise<void>((resolve) => {
      subscription.once("outcome", () => {
        void nextConnected(subscription).then(resolve);
        dropConnection(subscription);
      });
    });
    const events = await publish(20);
    await reconnected;
    await signals.until(() => new Set([...signals.applied(), ...signals.duplicates()]).size === 20);
    expect(new Set(signals.applied()).size).toBe(signals.applied().length);
    expect(await historyCount(events.map((event) => event.messageId))).toBe(20);
    const channel = await admin.createChannel();
    expect(await channel.checkQueue(topology.queue)).toMatchObject({ messageCount: 0, consumerCount: 1 });
    await channel.close();
  });

  it("gets what a department system missed while it was down once it is back (its outbox)", async () => {
    const signals = recordOutcomes(await replica());
    const outbox = new CaseEventOutbox(publisher);
    await outbox.setPublishing(false);
    const events = Array.from({ length: 5 }, () => caseEvent({ type: "case.decided", cvr: CVR.factory }));
    for (const event of events)
      outbox.add({ routingKey: event.routingKey, messageId: event.messageId, messageType: "case.decided", body: event.body });
    expect(outbox.status).toEqual({ publishing: false, pending: 5, published: 0 });
    const channel = await admin.createChannel();
    expect(await channel.checkQueue(topology.queue)).toMatchObject({ messageCount: 0 });
    await channel.close();

    expect(await outbox.setPublishing(true)).toBe(5);
    await signals.until(() => signals.applied().length === 5);
    expect(signals.applied()).toEqual(events.map((event) => event.messageId));
    expect(await historyCount(events.map((event) => event.messageId))).toBe(5);
    outbox.stop();
  });
});
