import { setupServer } from "msw/node";
import { createLogger } from "@company-graph/kit/observability";
import { CaseEventBroker } from "@company-graph/mocks";
import { caseEventHandler } from "../src/case-events/handler";
import { HttpCaseEventSubscription } from "../src/case-events/http-subscription";
import { createCaseEventSubscription } from "../src/case-events/subscribe";
import { seedWorld } from "./fixture-seed";
import { FIXTURE_WORLD } from "./fixtures";
import { caseEvent, NOW } from "./case-event-fixtures";
import { hostileMessages } from "./case-event-hostile";
import { countedEvents, recordOutcomes } from "./case-event-signals";
import { DATABASES, freshDatabase, type TestDatabase } from "./support";

// `npm start`'s embedded default behind the same subscription: the simulated broker's log, read
// from the CRM's stored position, which moves only after the event's transaction committed.

const BROKER_URL = "http://broker.simulator.test";
/** The Danish head of a dead letter's reason, by metric reason. */
const REASON_TEXT: Record<string, string> = {
  ikke_json: "beskeden er ikke JSON",
  for_stor: "beskeden er for stor",
  ugyldig_kuvert: "beskedkuverten er ugyldig",
  ukendt_virksomhed: "CRM'et kender ikke virksomheden",
  falsk_afsender: "afsenderen er ikke den, beskeden udgiver sig for",
  ugyldigt_tidspunkt: "ugyldigt tidspunkt",
  genbrugt_besked_id: "besked-id'et er brugt før til en anden besked",
};
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe.each(DATABASES)("business events on the embedded broker, history on %s", (kind) => {
  let db: TestDatabase;
  let broker: CaseEventBroker;
  beforeAll(async () => {
    db = await freshDatabase(kind, { migrated: true });
    await seedWorld(db.prisma, FIXTURE_WORLD);
  });
  afterAll(() => db?.destroy());
  beforeEach(async () => {
    broker = new CaseEventBroker();
    server.resetHandlers(...broker.handlers(BROKER_URL));
    await db.prisma.eventFeedPosition.deleteMany();
  });

  const subscription = () =>
    createCaseEventSubscription({
      db: db.prisma,
      url: BROKER_URL,
      queue: "crm.haendelser",
      prefetch: 20,
      intervalMs: 60_000,
      now: () => NOW,
      poll: false,
    });

  it("loses nothing and applies nothing twice when the CRM dies between an event's commit and its position", async () => {
    const events = Array.from({ length: 10 }, () => caseEvent());
    for (const event of events) broker.publish(event.body);
    const handle = caseEventHandler({ db: db.prisma, now: () => NOW, logger: createLogger("crm-test") });
    let applies = 0;
    const dying = new HttpCaseEventSubscription({
      db: db.prisma,
      url: BROKER_URL,
      intervalMs: 60_000,
      poll: false,
      logger: createLogger("crm-test"),
      handle: async (body) => {
        const outcome = await handle(body);
        // Committed; the process dies before its position moves.
        if (++applies === 4) throw new Error("killed");
        return outcome;
      },
    });
    await expect(dying.pollOnce()).rejects.toThrow("killed");

    const restarted = subscription();
    const signals = recordOutcomes(restarted);
    expect(await restarted.pollOnce()).toBe(7);
    expect(signals.duplicates()).toEqual([events[3].messageId]);
    expect(signals.applied()).toEqual(events.slice(4).map((event) => event.messageId));
    expect(await db.prisma.companyChange.count({ where: { messageId: { in: events.map((event) => event.messageId) } } })).toBe(10);
  });

  it("sets a poison message aside on the broker's dead-letter list, counts it in /metrics and reads on", async () => {
    const before = await countedEvents("dead-lettered", "ugyldig_kuvert");
    const poison = broker.publish(JSON.stringify({ envelope: { messageId: "x" }, case: {} }));
    const good = caseEvent();
    broker.publish(good.body);
    expect(await subscription().pollOnce()).toBe(2);
    expect(broker.deadLettered).toEqual([
      { sequence: poison.sequence, reason: expect.stringMatching(/^beskedkuverten er ugyldig: messageId/) },
    ]);
    expect(await countedEvents("dead-lettered", "ugyldig_kuvert")).toBe(before + 1);
    expect(await db.prisma.companyChange.count({ where: { messageId: good.messageId } })).toBe(1);
  });

  it("sets aside every hostile message the log can carry once, counted by reason, and takes a replayed id only as the redelivery it is", async () => {
    // The simulated log keeps no routing key: a forged one is caught on AMQP only.
    const hostile = hostileMessages().filter((message) => !message.needsRoutingKey);
    const first = caseEvent({ type: "case.decided" });
    const replay = caseEvent({ type: "case.closed", caseId: first.message.envelope.objectId, messageId: first.messageId });
    const reasons = [...hostile.map((message) => message.reason), "genbrugt_besked_id"];
    const before = await Promise.all(reasons.map((reason) => countedEvents("dead-lettered", reason)));
    broker.publish(first.body);
    const poison = hostile.map((message) => broker.publish(message.body).sequence);
    broker.publish(first.body);
    const replayed = broker.publish(replay.body).sequence;
    const reading = subscription();
    const signals = recordOutcomes(reading);
    expect(await reading.pollOnce()).toBe(hostile.length + 3);
    expect(signals.applied()).toEqual([first.messageId]);
    expect(signals.duplicates()).toEqual([first.messageId]);
    expect(broker.deadLettered.map((letter) => letter.sequence)).toEqual([...poison, replayed]);
    expect(broker.deadLettered.map((letter) => letter.reason.split(":")[0])).toEqual(reasons.map((reason) => REASON_TEXT[reason]));
    const after = await Promise.all(reasons.map((reason) => countedEvents("dead-lettered", reason)));
    expect(after.map((count, index) => count - before[index])).toEqual(
      reasons.map((reason) => reasons.filter((each) => each === reason).length),
    );
    expect(await reading.pollOnce()).toBe(0);
  });

  it("reads a restarted simulated broker's log from the start, absorbing what it had seen", async () => {
    const seen = caseEvent();
    broker.publish(seen.body);
    broker.publish(caseEvent().body);
    expect(await subscription().pollOnce()).toBe(2);
    // The simulators restarted: their in-memory log is empty again and fills from 1.
    broker = new CaseEventBroker();
    server.resetHandlers(...broker.handlers(BROKER_URL));
    const fresh = caseEvent();
    broker.publish(seen.body);
    broker.publish(fresh.body);
    const reading = subscription();
    const signals = recordOutcomes(reading);
    expect(await reading.pollOnce()).toBe(2);
    expect(signals.duplicates()).toEqual([seen.messageId]);
    expect(signals.applied()).toEqual([fresh.messageId]);
  });
});
