import type { NotificationSignal } from "@company-graph/domain";
import { createLogger } from "@company-graph/kit/observability";
import { caseEventHandler } from "../src/case-events/handler";
import { forwardNotificationSignals, type NotificationSignalPublisher } from "../src/notification/signals";
import { caseEvent, NOW } from "./case-event-fixtures";
import { CVR, EMPLOYEE } from "./fixtures";
import { DATABASES, startTestCrm, type TestCrm } from "./support";

// Every Notification row committed, whatever wrote it, is signalled once to the gateways (ids
// only), after its transaction commits; a rolled-back one never. The trigger does it, so code
// that inserts notifications (the case events today, a sweeper tomorrow) need not.

describe.each(DATABASES)("notification signals and Me.notification on %s", (kind) => {
  let crm: TestCrm;
  let stop: () => Promise<void>;
  const published: NotificationSignal[] = [];
  let arrived: (() => void) | undefined;
  const publisher: NotificationSignalPublisher = {
    publish: async (signal) => {
      published.push(signal);
      arrived?.();
    },
    close: async () => undefined,
  };
  /** Resolves once `count` signals in all have been published. */
  const signalled = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (published.length >= count ? resolve() : undefined);
      arrived = check;
      check();
    });

  beforeAll(async () => {
    crm = await startTestCrm(kind, { now: () => NOW });
    stop = await forwardNotificationSignals(crm.db.listen, publisher, createLogger("crm-test"));
    await crm.db.prisma.keyAccountAssignment.create({ data: { cvr: CVR.bikes, employeeId: EMPLOYEE.kam, from: NOW } });
  });
  afterAll(async () => {
    await stop?.();
    await crm?.close();
  });

  it("signals each follower's notification of an applied event once, with the ids alone", async () => {
    await crm.db.prisma.companyFollow.create({ data: { cvr: CVR.bikes, employeeId: EMPLOYEE.front, followedAt: NOW } });
    const handle = caseEventHandler({ db: crm.db.prisma, now: () => NOW, logger: createLogger("crm-test") });
    const decided = caseEvent({ type: "case.decided", cvr: CVR.bikes });
    expect((await handle(decided.body)).kind).toBe("applied");
    await signalled(2);
    const rows = await crm.db.prisma.notification.findMany({ where: { objectId: decided.message.envelope.objectId } });
    expect(published.map((signal) => signal.notificationId).sort()).toEqual(rows.map((row) => row.id).sort());
    expect(published.map((signal) => signal.employeeId).sort()).toEqual([EMPLOYEE.front, EMPLOYEE.kam].sort());
    for (const signal of published) expect(Object.keys(signal).sort()).toEqual(["employeeId", "notificationId"]);
    // The duplicate writes no row and signals nothing: the next signal is the next test's.
    expect((await handle(decided.body)).kind).toBe("duplicate");
  });

  it("signals a row inserted by any other path once it commits, and nothing for a rolled-back one", async () => {
    const before = published.length;
    // A copy of an existing row with its own id, dedupe key and (generated) position.
    const [{ position: _position, ...template }] = await crm.db.prisma.notification.findMany({ take: 1 });
    const copy = (id: string) => ({ ...template, id, dedupeKey: `test:${id}`, employeeId: EMPLOYEE.startup });
    await crm.db.prisma
      .$transaction(async (tx) => {
        await tx.notification.create({ data: copy("00000000-0000-4000-8000-000000000001") });
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    await crm.db.prisma.notification.create({ data: copy("00000000-0000-4000-8000-000000000002") });
    await signalled(before + 1);
    expect(published.slice(before)).toEqual([{ employeeId: EMPLOYEE.startup, notificationId: "00000000-0000-4000-8000-000000000002" }]);
  });

  it("answers Me.notification(id) with the caller's own notification only: another's id, an unknown one and a malformed one are null", async () => {
    const ONE = `query($id: ID!) { me { notification(id: $id) { id kind withheld } } }`;
    const [kams] = await crm.db.prisma.notification.findMany({ where: { employeeId: EMPLOYEE.kam }, take: 1 });
    const kam = { userId: EMPLOYEE.kam, role: "KEY_ACCOUNT_MANAGER" as const };
    expect((await crm.ok(ONE, { id: kams.id }, undefined, kam)).me.notification).toEqual({
      id: kams.id,
      kind: "CASE_DECIDED",
      withheld: false,
    });
    expect((await crm.ok(ONE, { id: kams.id }, undefined, { userId: EMPLOYEE.front, role: "FRONT_OFFICE" })).me.notification).toBeNull();
    for (const id of ["00000000-0000-4000-8000-00000000ffff", "not-a-uuid", "x".repeat(10_000)])
      expect((await crm.ok(ONE, { id }, undefined, kam)).me.notification).toBeNull();
  });
});
