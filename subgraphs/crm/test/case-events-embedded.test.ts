import { setupServer } from "msw/node";
import { createLogger } from "@company-graph/kit/observability";
import { CaseEventBroker } from "@company-graph/mocks";
import { caseEventHandler } from "../src/case-events/handler";
import { HttpCaseEventSubscription } from "../src/case-events/http-subscription";
import { createCaseEventSubscription } from "../src/case-events/subscribe";
import { seedWorld } from "./fixture-seed";
import { FIXTURE_WORLD } from "./fixtures";
import { caseEvent, NOW } from "./case-event-fixtures";
import { countedEvents, recordOutcomes } from "./case-event-signals";
import { DATABASES, freshDatabase, type TestDatabase } from "./support";

// `npm start`'s embedded default behind the same subscription: the simulated broker's log, read
// from the CRM's stored position, which moves only after the event's transaction committed.

const BROKER_URL = "http://broker.simulator.test";
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

  const subscription = () => createCaseEventSubscription({ db: db.prisma, url: BROKER_URL, queue: "crm.haendelser", prefetch: 20, intervalMs: 60_000, now: () => NOW, poll: false });

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
    expect(broker.deadLettered).toEqual([{ sequence: poison.sequence, reason: expect.stringMatching(/^beskedkuverten er ugyldig: messageId/) }]);
    expect(await countedEvents("dead-lettered", "ugyldig_kuvert")).toBe(before + 1);
    expect(await db.prisma.companyChange.count({ where: { messageId: good.messageId } })).toBe(1);
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
