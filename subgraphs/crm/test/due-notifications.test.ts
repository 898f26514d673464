import type { RequestIdentity } from "@company-graph/kit/auth";
import { createLogger } from "@company-graph/kit/observability";
import type { CaseEventMessage } from "@company-graph/domain";
import { caseEventHandler } from "../src/case-events/handler";
import { crmConfig } from "../src/config";
import { sweepDueNotifications } from "../src/notification/sweep";
import { caseEvent } from "./case-event-fixtures";
import { CVR, EMPLOYEE } from "./fixtures";
import { DATABASES, startTestCrm, type TestCrm } from "./support";

// The time-driven notifications: a sweep at an injected instant finds permits near or past their
// end and cases whose company has not heard from the department within the promise, in the
// change history, and tells each follower once — whatever how often, or on how many replicas,
// it sweeps. An inquiry part handed over tells its new owner in the handover's transaction.

const FRONT: RequestIdentity = { userId: EMPLOYEE.front, role: "FRONT_OFFICE" };
const KAM: RequestIdentity = { userId: EMPLOYEE.kam, role: "KEY_ACCOUNT_MANAGER" };
const TMF_CASEWORKER: RequestIdentity = { userId: EMPLOYEE.tmfCaseworker, role: "CASEWORKER", department: "TMF" };
const JOB_CONSULTANT: RequestIdentity = { userId: EMPLOYEE.jobConsultant, role: "CASEWORKER", department: "BIF" };
const START = new Date("2026-09-01T12:00:00Z");

const FOLLOW = `mutation($cvr: ID!) { followCompany(cvr: $cvr) { following } }`;
const NOTIFICATIONS = `query { me { notifications(first: 50) { totalCount edges { node { kind company { cvr } department occurredAt text objectId withheld } } } } }`;
const REGISTER = `mutation($input: RegisterInquiryInput!) { registerInquiry(input: $input) { id parts { id } } }`;
const HAND_OVER = `mutation($input: HandOverInquiryInput!) { handOverInquiry(input: $input) { id } }`;

const at = (iso: string) => new Date(iso);

it("reads the sweep's interval and limit from NOTIFICATION_SWEEP_INTERVAL_MS and NOTIFICATION_SWEEP_LIMIT: 15 minutes and 200 unless set", () => {
  expect(crmConfig({})).toMatchObject({ NOTIFICATION_SWEEP_INTERVAL_MS: 900_000, NOTIFICATION_SWEEP_LIMIT: 200 });
  expect(crmConfig({ NOTIFICATION_SWEEP_INTERVAL_MS: "60000", NOTIFICATION_SWEEP_LIMIT: "5" })).toMatchObject({
    NOTIFICATION_SWEEP_INTERVAL_MS: 60_000,
    NOTIFICATION_SWEEP_LIMIT: 5,
  });
  expect(() => crmConfig({ NOTIFICATION_SWEEP_LIMIT: "0" })).toThrow(/NOTIFICATION_SWEEP_LIMIT/);
});

describe.each(DATABASES)("time-driven notifications on %s", (kind) => {
  let crm: TestCrm;
  let clock = START;
  let handle: ReturnType<typeof caseEventHandler>;
  beforeAll(async () => {
    crm = await startTestCrm(kind, { now: () => clock });
    handle = caseEventHandler({ db: crm.db.prisma, now: () => clock, logger: createLogger("crm-test") });
    await crm.db.prisma.keyAccountAssignment.create({ data: { cvr: CVR.bikes, employeeId: EMPLOYEE.kam, from: START } });
    await crm.ok(FOLLOW, { cvr: CVR.bikes }, undefined, FRONT);
    await crm.ok(FOLLOW, { cvr: CVR.bikes }, undefined, TMF_CASEWORKER);
  });
  afterAll(() => crm?.close());

  const sweep = (iso: string, limit?: number) => sweepDueNotifications(crm.db.prisma, at(iso), limit);
  const notificationsOf = async (as: RequestIdentity) => (await crm.ok(NOTIFICATIONS, {}, undefined, as)).me.notifications;
  const kindsOf = async (as: RequestIdentity) => (await notificationsOf(as)).edges.map((edge: any) => edge.node.kind);
  /** Applies an event at its own occurred-at, as the department would send it. */
  const send = async (message: CaseEventMessage) => {
    clock = new Date(message.envelope.occurredAt);
    expect((await handle(JSON.stringify(message))).kind).toBe("applied");
  };
  const permitEvent = (
    type: "permit.granted" | "permit.renewed" | "permit.revoked",
    permitCase: string,
    occurredAt: string,
    validTo: string,
    revokedAt: string | null = null,
  ) => {
    const { message } = caseEvent({ type, caseId: permitCase, occurredAt });
    if (!("permit" in message)) throw new Error("a permit event");
    return {
      ...message,
      permit: { ...message.permit, grantedAt: "2026-09-01T10:00:00.000Z", validFrom: "2026-09-01T00:00:00.000Z", validTo, revokedAt },
    };
  };
  const caseMessage = (
    type: "case.opened" | "case.update-sent" | "case.closed",
    caseId: string,
    occurredAt: string,
    changes: Record<string, unknown> = {},
    sensitivity: "almindelig" | "fortrolig" = "almindelig",
  ) => {
    const { message } = caseEvent({ type, caseId, occurredAt });
    if (!("case" in message)) throw new Error("a case event");
    return {
      envelope: { ...message.envelope, sensitivity },
      case: { ...message.case, openedAt: "2026-09-01T08:00:00.000Z", progress: "Oplyst" as const, ...changes },
    };
  };

  it("warns 30 and 7 days before a permit's end and at its end, once each, and again before a renewed permit's new end", async () => {
    await send(permitEvent("permit.granted", "TMF-P1", "2026-09-01T10:00:00.000Z", "2026-12-31T00:00:00.000Z"));
    expect(await sweep("2026-11-30T12:00:00Z")).toMatchObject({ fired: 0, notified: 0 });

    // 30 days before 31 December: each of the three followers once, however often it sweeps.
    expect(await sweep("2026-12-01T12:00:00Z")).toEqual({ fired: 1, notified: 3, deferred: 0, skipped: false });
    expect(await sweep("2026-12-01T12:00:00Z")).toEqual({ fired: 0, notified: 0, deferred: 0, skipped: false });
    expect(await sweep("2026-12-10T12:00:00Z")).toMatchObject({ fired: 0 });
    const [warning] = (await notificationsOf(KAM)).edges.map((edge: any) => edge.node);
    expect(warning).toEqual({
      kind: "PERMIT_EXPIRING_IN_30_DAYS",
      company: { cvr: CVR.bikes },
      department: "TMF",
      occurredAt: "2026-12-01T00:00:00.000Z",
      text: "Tilladelsen udløber inden for 30 dage, den 31. december 2026: udeservering (Teknik- og Miljøforvaltningen)",
      objectId: "TMF-P1-T1",
      withheld: false,
    });

    expect(await sweep("2026-12-24T12:00:00Z")).toMatchObject({ fired: 1, notified: 3 });
    // Renewed on 28 December to 30 June: no expiry for the old end; the new end warns anew.
    await send(permitEvent("permit.renewed", "TMF-P1", "2026-12-28T09:00:00.000Z", "2027-06-30T00:00:00.000Z"));
    expect(await sweep("2027-01-02T12:00:00Z")).toMatchObject({ fired: 0 });
    expect(await sweep("2027-06-01T12:00:00Z")).toMatchObject({ fired: 1 });
    // What the old end fired can never be due again: its marks are gone, the new end's kept.
    expect((await crm.db.prisma.dueNotice.findMany({ where: { key: { contains: "TMF-P1-T1" } } })).map((row) => row.key)).toEqual([
      "permit.expiring-30:TMF:TMF-P1-T1:2027-06-30T00:00:00.000Z",
    ]);
    // Swept next after its end: the expiry alone (the 7-day warning is past), within the week after it and not later.
    expect(await sweep("2027-07-01T12:00:00Z")).toMatchObject({ fired: 1 });
    expect(await sweep("2027-07-20T12:00:00Z")).toMatchObject({ fired: 0 });
    expect(await kindsOf(KAM)).toEqual([
      "PERMIT_EXPIRED",
      "PERMIT_EXPIRING_IN_30_DAYS",
      "PERMIT_RENEWED",
      "PERMIT_EXPIRING_IN_7_DAYS",
      "PERMIT_EXPIRING_IN_30_DAYS",
      "PERMIT_GRANTED",
    ]);
    expect((await notificationsOf(KAM)).edges[0].node.text).toBe(
      "Tilladelsen er udløbet 30. juni 2027 og ikke fornyet: udeservering (Teknik- og Miljøforvaltningen)",
    );

    // A revoked permit ends nothing more.
    await send(permitEvent("permit.granted", "TMF-P2", "2027-07-21T10:00:00.000Z", "2027-08-10T00:00:00.000Z"));
    await send(permitEvent("permit.revoked", "TMF-P2", "2027-07-22T10:00:00.000Z", "2027-08-10T00:00:00.000Z", "2027-07-22T10:00:00.000Z"));
    expect(await sweep("2027-08-05T12:00:00Z")).toMatchObject({ fired: 0 });
    expect(await sweep("2027-08-12T12:00:00Z")).toMatchObject({ fired: 0 });
  });

  it("tells of a case whose company has not heard within its service's promise, once per silence, again after a later update", async () => {
    await crm.db.prisma.notification.deleteMany({});
    // Outdoor serving is an authority service: the company hears at least every 30 days.
    await send(caseMessage("case.opened", "TMF-C1", "2026-09-01T08:00:00.000Z"));
    expect(await sweep("2026-10-01T12:00:00Z")).toMatchObject({ fired: 0 });
    expect(await sweep("2026-10-02T12:00:00Z")).toMatchObject({ fired: 1, notified: 3 });
    expect(await sweep("2026-10-20T12:00:00Z")).toMatchObject({ fired: 0 });
    const [overdue] = (await notificationsOf(KAM)).edges.map((edge: any) => edge.node);
    expect(overdue).toMatchObject({
      kind: "CASE_UPDATE_OVERDUE",
      department: "TMF",
      occurredAt: "2026-10-02T08:00:00.000Z",
      text: "Orientering forsinket: virksomheden har ikke hørt fra Teknik- og Miljøforvaltningen siden 1. september 2026, og løftet er mindst hver 30. dag: Udeservering, Istedgade 12",
      objectId: "TMF-C1",
    });

    await send(caseMessage("case.update-sent", "TMF-C1", "2026-10-21T09:00:00.000Z", { lastUpdateSentAt: "2026-10-21T09:00:00.000Z" }));
    expect(await sweep("2026-11-20T12:00:00Z")).toMatchObject({ fired: 0 });
    expect(await sweep("2026-11-21T12:00:00Z")).toMatchObject({ fired: 1 });
    expect((await notificationsOf(KAM)).edges[0].node.text).toContain("siden 21. oktober 2026");
    // Closed: overdue no more, whenever it is swept.
    await send(
      caseMessage("case.closed", "TMF-C1", "2026-11-22T09:00:00.000Z", {
        lastUpdateSentAt: "2026-10-21T09:00:00.000Z",
        progress: "Afsluttet",
        decidedAt: "2026-11-22T09:00:00.000Z",
        closedAt: "2026-11-22T09:00:00.000Z",
      }),
    );
    expect(await sweep("2027-03-01T12:00:00Z")).toMatchObject({ fired: 0 });
    expect(await kindsOf(KAM)).toEqual(["CASE_CLOSED", "CASE_UPDATE_OVERDUE", "CASE_UPDATE_OVERDUE"]);
  });

  it("keeps a confidential case's title from followers outside the department's caseworkers", async () => {
    await send(caseMessage("case.opened", "TMF-C2", "2027-03-01T08:00:00.000Z", { openedAt: "2027-03-01T08:00:00.000Z" }, "fortrolig"));
    expect(await sweep("2027-04-05T12:00:00Z")).toMatchObject({ fired: 1, notified: 3 });
    const latest = async (as: RequestIdentity) => (await notificationsOf(as)).edges[0].node;
    expect(await latest(FRONT)).toMatchObject({
      kind: "CASE_UPDATE_OVERDUE",
      withheld: true,
      objectId: null,
      text: expect.stringContaining("en fortrolig sag"),
    });
    expect((await latest(KAM)).text).not.toContain("Istedgade");
    expect(await latest(TMF_CASEWORKER)).toMatchObject({
      withheld: false,
      objectId: "TMF-C2",
      text: expect.stringContaining("Udeservering, Istedgade 12"),
    });
  });

  it("fires at most the limit per sweep, oldest first, and each occasion once when replicas sweep at the same moment", async () => {
    for (const id of ["TMF-C3", "TMF-C4", "TMF-C5"])
      await send(caseMessage("case.opened", id, "2027-05-01T08:00:00.000Z", { openedAt: "2027-05-01T08:00:00.000Z" }));
    const first = await sweep("2027-06-10T12:00:00Z", 1);
    expect(first).toMatchObject({ fired: 1, deferred: 2 });
    const racing = await Promise.all([
      sweep("2027-06-10T12:00:00Z", 5),
      sweep("2027-06-10T12:00:00Z", 5),
      sweep("2027-06-10T12:00:00Z", 5),
    ]);
    expect(racing.reduce((sum, result) => sum + result.fired, 0)).toBe(2);
    expect(await sweep("2027-06-10T12:00:00Z", 5)).toMatchObject({ fired: 0, deferred: 0 });
    const rows = await crm.db.prisma.notification.groupBy({
      by: ["objectId"],
      where: { employeeId: EMPLOYEE.kam, kind: "case.update-overdue", objectId: { in: ["TMF-C3", "TMF-C4", "TMF-C5"] } },
      _count: true,
    });
    expect(rows.map((row) => row._count)).toEqual([1, 1, 1]);
  });

  it("tells the employee an inquiry part is handed to, in the handover, and no one when one takes a part over oneself", async () => {
    clock = at("2027-06-11T09:00:00Z");
    const input = {
      idempotencyKey: "handover-notice",
      cvr: CVR.bikes,
      channel: "PHONE",
      topic: "Løntilskud til en mekaniker",
      receivedAt: "2027-06-11T08:00:00Z",
      parts: [{ serviceId: "bif-wage-subsidy" }, { department: "TMF" }],
    };
    const { registerInquiry: inquiry } = await crm.ok(REGISTER, { input }, undefined, FRONT);
    await crm.ok(
      HAND_OVER,
      { input: { idempotencyKey: "h1", partId: inquiry.parts[0].id, toEmployeeId: EMPLOYEE.jobConsultant } },
      undefined,
      FRONT,
    );
    // A replayed handover (same idempotency key) is the same handover: no second notification.
    await crm.ok(
      HAND_OVER,
      { input: { idempotencyKey: "h1", partId: inquiry.parts[0].id, toEmployeeId: EMPLOYEE.jobConsultant } },
      undefined,
      FRONT,
    );
    const received = await notificationsOf(JOB_CONSULTANT);
    expect(received.totalCount).toBe(1);
    expect(received.edges[0].node).toEqual({
      kind: "INQUIRY_PART_HANDED_OVER",
      company: { cvr: CVR.bikes },
      department: "BIF",
      occurredAt: "2027-06-11T09:00:00.000Z",
      text: "En henvendelse er overdraget til dig 11. juni 2027 (Beskæftigelses- og Integrationsforvaltningen): Løntilskud til en mekaniker",
      objectId: inquiry.parts[0].id,
      withheld: false,
    });
    const before = await crm.db.prisma.notification.count({ where: { kind: "inquiry.handed-over" } });
    await crm.ok(HAND_OVER, { input: { idempotencyKey: "h2", partId: inquiry.parts[1].id, toEmployeeId: EMPLOYEE.kam } }, undefined, KAM);
    expect(await crm.db.prisma.notification.count({ where: { kind: "inquiry.handed-over" } })).toBe(before);
  });
});
