import { createLogger } from "@company-graph/kit/observability";
import { caseEventHandler } from "../src/case-events/handler";
import { seedWorld } from "./fixture-seed";
import { CVR, EMPLOYEE, FIXTURE_WORLD, UNKNOWN_VALID_CVR } from "./fixtures";
import { caseEvent, NOW } from "./case-event-fixtures";
import { DATABASES, freshDatabase, type TestDatabase } from "./support";

// The company's change history as the business events fill it, on each database the CRM runs on:
// written once per message id, whatever the broker redelivers, with a closed case's survey in the
// same transaction, and with a sequence a feed can page by.

describe.each(DATABASES)("the change history from business events on %s", (kind) => {
  let db: TestDatabase;
  let handle: ReturnType<typeof caseEventHandler>;
  beforeAll(async () => {
    db = await freshDatabase(kind, { migrated: true });
    await seedWorld(db.prisma, FIXTURE_WORLD);
    handle = caseEventHandler({ db: db.prisma, now: () => NOW, logger: createLogger("crm-test") });
  });
  afterAll(() => db?.destroy());

  it("records an event once, with its Danish summary, and issues a closed case's survey once", async () => {
    const closed = caseEvent({ type: "case.closed" });
    expect(await handle(closed.body)).toEqual({ kind: "applied", messageId: closed.messageId });
    expect(await handle(Buffer.from(closed.body))).toEqual({ kind: "duplicate", messageId: closed.messageId });
    const rows = await db.prisma.companyChange.findMany({ where: { messageId: closed.messageId } });
    expect(rows).toEqual([
      expect.objectContaining({
        cvr: CVR.bikes,
        department: "TMF",
        kind: "case.closed",
        objectId: (closed.message as { case: { id: string } }).case.id,
        occurredAt: new Date("2026-11-20T09:00:00Z"),
        kle: "05.04.12",
        sensitivity: "almindelig",
        summary: "Sag afsluttet: Udeservering, Istedgade 12",
      }),
    ]);
    const caseId = rows[0].objectId;
    expect(await db.prisma.surveyInvitation.findMany({ where: { caseId } })).toEqual([
      expect.objectContaining({ cvr: CVR.bikes, serviceId: "tmf-outdoor-serving-permit", unitId: "tmf-roads" }),
    ]);
    // Closed again after a reopening: a new event, no second survey.
    expect((await handle(caseEvent({ type: "case.closed", caseId }).body)).kind).toBe("applied");
    expect(await db.prisma.surveyInvitation.count({ where: { caseId } })).toBe(1);
  });

  it("applies the same message delivered to competing consumers at once exactly once, and every distinct one once", async () => {
    const same = caseEvent({ type: "case.closed" });
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => handle(same.body)));
    expect(outcomes.filter((outcome) => outcome.kind === "applied")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.kind === "duplicate")).toHaveLength(11);
    expect(await db.prisma.companyChange.count({ where: { messageId: same.messageId } })).toBe(1);
    expect(await db.prisma.surveyInvitation.count({ where: { caseId: same.message.envelope.objectId } })).toBe(1);

    const before = (await db.prisma.companyChange.aggregate({ _max: { sequence: true } }))._max.sequence ?? 0n;
    const distinct = Array.from({ length: 20 }, (_, i) => caseEvent({ type: "case.progressed", cvr: i % 2 ? CVR.bikes : CVR.factory }));
    expect((await Promise.all(distinct.map((event) => handle(event.body)))).map((outcome) => outcome.kind)).toEqual(
      distinct.map(() => "applied"),
    );
    const rows = await db.prisma.companyChange.findMany({ where: { sequence: { gt: before } }, orderBy: { sequence: "asc" } });
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((row) => row.messageId))).toEqual(new Set(distinct.map((event) => event.messageId)));
  });

  it("dead-letters an event for a company the CRM does not know, or that contradicts what it holds, and writes nothing", async () => {
    const unknown = caseEvent({ cvr: UNKNOWN_VALID_CVR });
    expect(await handle(unknown.body)).toMatchObject({
      kind: "rejected",
      reason: "ukendt_virksomhed",
      message: `CRM'et kender ikke virksomheden: CVR ${UNKNOWN_VALID_CVR}`,
    });
    expect(await db.prisma.companyChange.count({ where: { messageId: unknown.messageId } })).toBe(0);

    // The same case id announced closed for another company: its survey belongs to the first.
    const first = caseEvent({ type: "case.closed" });
    await handle(first.body);
    const contradicting = caseEvent({ type: "case.closed", cvr: CVR.factory, caseId: first.message.envelope.objectId });
    expect(await handle(contradicting.body)).toMatchObject({ kind: "rejected", reason: "modstrid" });
    expect(await db.prisma.companyChange.count({ where: { messageId: contradicting.messageId } })).toBe(0);
  });

  it("dead-letters a case whose texts no database holds (a NUL byte, half a surrogate pair) instead of failing it for redelivery forever", async () => {
    for (const title of ["Udeservering\u0000", "Udeservering \ud800"]) {
      const event = caseEvent({ type: "case.opened" });
      const body = JSON.stringify({ ...event.message, case: { ...(event.message as { case: object }).case, title } });
      // Thrown, the transport would hand it back to the queue and read it again, ahead of every later event.
      expect(await handle(body)).toMatchObject({ kind: "rejected", reason: "ugyldigt_objekt" });
      expect(await db.prisma.companyChange.count({ where: { messageId: event.messageId } })).toBe(0);
    }
  });

  it("keeps permits' changes with their Danish summaries", async () => {
    for (const type of ["permit.granted", "permit.renewed", "permit.revoked"] as const)
      expect((await handle(caseEvent({ type, caseId: "TMF-PERMIT-1" }).body)).kind).toBe("applied");
    const rows = await db.prisma.companyChange.findMany({ where: { objectId: "TMF-PERMIT-1-T1" }, orderBy: { sequence: "asc" } });
    expect(rows.map((row) => row.summary)).toEqual([
      "Tilladelse meddelt: udeservering",
      "Tilladelse forlænget til 2027-03-31: udeservering",
      "Tilladelse tilbagekaldt: udeservering",
    ]);
  });

  it("takes a replayed message id as a redelivery only when it carries what was recorded; another change under it is refused", async () => {
    const decided = caseEvent({ type: "case.decided" });
    expect((await handle(decided.body)).kind).toBe("applied");
    expect(await handle(decided.body)).toEqual({ kind: "duplicate", messageId: decided.messageId });
    // An old id, a new claim: a closing (with its survey) smuggled in under a decision's id.
    const replay = caseEvent({ type: "case.closed", caseId: decided.message.envelope.objectId, messageId: decided.messageId });
    expect(await handle(replay.body)).toMatchObject({ kind: "rejected", reason: "genbrugt_besked_id" });
    expect(await db.prisma.companyChange.findMany({ where: { messageId: decided.messageId }, select: { kind: true } })).toEqual([
      { kind: "case.decided" },
    ]);
    expect(await db.prisma.surveyInvitation.count({ where: { caseId: decided.message.envelope.objectId } })).toBe(0);
  });

  it("refuses any change of a case or permit announced for another company than the one its history belongs to", async () => {
    const opened = caseEvent({ type: "case.opened", cvr: CVR.bikes });
    expect((await handle(opened.body)).kind).toBe("applied");
    const caseId = opened.message.envelope.objectId;
    for (const type of ["case.progressed", "case.decided", "permit.granted"] as const) {
      const elsewhere = caseEvent({ type, cvr: CVR.factory, caseId });
      expect(await handle(elsewhere.body)).toMatchObject({
        kind: "rejected",
        reason: "modstrid",
        message: expect.stringContaining(`hører til CVR ${CVR.bikes}, ikke ${CVR.factory}`),
      });
      expect(await db.prisma.companyChange.count({ where: { messageId: elsewhere.messageId } })).toBe(0);
    }
    expect((await handle(caseEvent({ type: "case.progressed", cvr: CVR.bikes, caseId }).body)).kind).toBe("applied");
  });

  it("keeps a case fortrolig once it was, when a later event (or its permit's) drops the flag", async () => {
    const confidential = (event: ReturnType<typeof caseEvent>) =>
      JSON.stringify({ ...event.message, envelope: { ...event.message.envelope, sensitivity: "fortrolig" } });
    const opened = caseEvent({ type: "case.opened" });
    expect((await handle(confidential(opened))).kind).toBe("applied");
    const caseId = opened.message.envelope.objectId;
    const decided = caseEvent({ type: "case.decided", caseId });
    const granted = caseEvent({ type: "permit.granted", caseId });
    expect((await handle(decided.body)).kind).toBe("applied");
    expect((await handle(granted.body)).kind).toBe("applied");
    const rows = await db.prisma.companyChange.findMany({
      where: { messageId: { in: [decided.messageId, granted.messageId] } },
      select: { kind: true, sensitivity: true },
      orderBy: { sequence: "asc" },
    });
    expect(rows).toEqual([
      { kind: "case.decided", sensitivity: "fortrolig" },
      { kind: "permit.granted", sensitivity: "fortrolig" },
    ]);
    // A case never known fortrolig stays as announced.
    const plain = caseEvent({ type: "case.opened" });
    await handle(plain.body);
    expect(await db.prisma.companyChange.findUnique({ where: { messageId: plain.messageId }, select: { sensitivity: true } })).toEqual({
      sensitivity: "almindelig",
    });
  });

  it("withholds what was told of a case before it turned fortrolig: its earlier changes, its permits' and their followers' notifications", async () => {
    await db.prisma.companyFollow.upsert({
      where: { employeeId_cvr: { employeeId: EMPLOYEE.kam, cvr: CVR.bikes } },
      create: { employeeId: EMPLOYEE.kam, cvr: CVR.bikes },
      update: {},
    });
    const decided = caseEvent({ type: "case.decided" });
    const caseId = decided.message.envelope.objectId;
    const granted = caseEvent({ type: "permit.granted", caseId });
    const other = caseEvent({ type: "case.decided" });
    for (const event of [decided, granted, other]) expect((await handle(event.body)).kind).toBe("applied");
    const told = await db.prisma.notification.findMany({ where: { objectId: { in: [caseId, granted.message.envelope.objectId] } } });
    expect(told.length).toBeGreaterThan(0);

    const closed = caseEvent({ type: "case.closed", caseId });
    expect(
      (await handle(JSON.stringify({ ...closed.message, envelope: { ...closed.message.envelope, sensitivity: "fortrolig" } }))).kind,
    ).toBe("applied");
    const rows = await db.prisma.companyChange.findMany({
      where: { messageId: { in: [decided.messageId, granted.messageId, other.messageId] } },
      select: { messageId: true, sensitivity: true },
    });
    expect(Object.fromEntries(rows.map((row) => [row.messageId, row.sensitivity]))).toEqual({
      [decided.messageId]: "fortrolig",
      [granted.messageId]: "fortrolig",
      [other.messageId]: "almindelig",
    });
    // No follower here is a TMF caseworker: every notification told of the case or its permit is withheld now.
    const after = await db.prisma.notification.findMany({ where: { id: { in: told.map((notification) => notification.id) } } });
    expect(after.map(({ withheld, subject, objectId }) => ({ withheld, subject, objectId }))).toEqual(
      told.map(() => ({ withheld: true, subject: null, objectId: null })),
    );
    expect(await db.prisma.notification.count({ where: { objectId: other.message.envelope.objectId, withheld: false } })).toBeGreaterThan(
      0,
    );
  });
});
