/**
 * Who did it comes from the token, idempotency keys are the sender's
 * own, and dates are strict (real ISO 8601 days, nothing before the inquiry arrived).
 */
import type { RequestIdentity } from "@company-graph/kit/auth";
import { CVR, EMPLOYEE } from "./fixtures";
import { ADD_FOLLOW_UP, ADD_NOTE, HAND_OVER, REGISTER_INQUIRY } from "./operations";
import { DATABASES, FRONT_OFFICE, onlyError, startTestCrm, type TestCrm } from "./support";

const NOW = new Date("2026-03-02T09:00:00.000Z");
const CASEWORKER: RequestIdentity = { userId: EMPLOYEE.jobConsultant, role: "CASEWORKER", department: "BIF" };
const KAM: RequestIdentity = { userId: EMPLOYEE.kam, role: "KEY_ACCOUNT_MANAGER" };

describe.each(DATABASES)("the writer is the caller on %s", (kind) => {
  let crm: TestCrm;
  let inquiryId: string;
  beforeAll(async () => {
    crm = await startTestCrm(kind, { now: () => NOW });
    const { registerInquiry } = await crm.ok(REGISTER_INQUIRY, {
      input: { idempotencyKey: "base", cvr: CVR.bikes, channel: "PHONE", topic: "Base", receivedAt: "2026-03-01T12:00:00Z" },
    });
    inquiryId = registerInquiry.id;
  });
  afterAll(() => crm?.close());

  it("a note's author is the token's employee; an input naming another author is refused", async () => {
    const { addNote } = await crm.ok(
      ADD_NOTE,
      { input: { idempotencyKey: "note-1", cvr: CVR.bikes, summary: "Called" } },
      undefined,
      FRONT_OFFICE,
    );
    expect(addNote.author.id).toBe(EMPLOYEE.front);
    const forged = await crm.execute(ADD_NOTE, {
      input: { idempotencyKey: "note-2", cvr: CVR.bikes, summary: "Forged", authorId: EMPLOYEE.kam },
    });
    expect(onlyError(forged).extensions?.code).toBe("BAD_USER_INPUT");
    expect(await crm.db.prisma.note.count({ where: { summary: "Forged" } })).toBe(0);
  });

  it("registerInquiry records the caller as registrar; a caller the CRM does not know as an employee is FORBIDDEN", async () => {
    const { registerInquiry } = await crm.ok(
      REGISTER_INQUIRY,
      { input: { idempotencyKey: "reg-kam", cvr: CVR.bikes, channel: "EMAIL", topic: "KAM" } },
      undefined,
      KAM,
    );
    expect(registerInquiry).toMatchObject({ registeredBy: { id: EMPLOYEE.kam }, assignee: { id: EMPLOYEE.kam } });
    const stranger = await crm.execute(
      REGISTER_INQUIRY,
      { input: { idempotencyKey: "reg-x", cvr: CVR.bikes, channel: "EMAIL", topic: "X" } },
      undefined,
      { userId: "not-an-employee", role: "FRONT_OFFICE" },
    );
    expect(onlyError(stranger).extensions?.code).toBe("FORBIDDEN");
  });

  it("an idempotency key is the sender's: another user's same key makes a new record, never returns the first user's", async () => {
    const input = { idempotencyKey: "shared-key", cvr: CVR.bikes, channel: "PHONE", topic: "Same key" };
    const mine = (await crm.ok(REGISTER_INQUIRY, { input }, undefined, FRONT_OFFICE)).registerInquiry;
    const theirs = (await crm.ok(REGISTER_INQUIRY, { input }, undefined, KAM)).registerInquiry;
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.registeredBy.id).toBe(EMPLOYEE.kam);
    // Each sender's retry still finds their own record.
    expect((await crm.ok(REGISTER_INQUIRY, { input }, undefined, FRONT_OFFICE)).registerInquiry.id).toBe(mine.id);
    expect((await crm.ok(REGISTER_INQUIRY, { input }, undefined, KAM)).registerInquiry.id).toBe(theirs.id);
    expect(await crm.db.prisma.idempotencyRecord.count({ where: { key: "shared-key" } })).toBe(2);
  });

  it("only the front office and key account managers name another employee (follow-up owner, handover of someone else's inquiry)", async () => {
    const followUp = { cvr: CVR.bikes, description: "Reply", deadline: "2026-03-09T09:00:00Z" };
    const own = await crm.ok(ADD_FOLLOW_UP, { input: { ...followUp, idempotencyKey: "fu-own" } }, undefined, CASEWORKER);
    expect(own.addFollowUp).toMatchObject({ owner: { id: EMPLOYEE.jobConsultant }, createdBy: { id: EMPLOYEE.jobConsultant } });
    const other = await crm.execute(
      ADD_FOLLOW_UP,
      { input: { ...followUp, idempotencyKey: "fu-other", ownerId: EMPLOYEE.kam } },
      undefined,
      CASEWORKER,
    );
    expect(onlyError(other).extensions).toMatchObject({ code: "FORBIDDEN", field: "ownerId" });
    const byFront = await crm.ok(
      ADD_FOLLOW_UP,
      { input: { ...followUp, idempotencyKey: "fu-front", ownerId: EMPLOYEE.kam } },
      undefined,
      FRONT_OFFICE,
    );
    expect(byFront.addFollowUp).toMatchObject({ owner: { id: EMPLOYEE.kam }, createdBy: { id: EMPLOYEE.front } });

    const handOver = await crm.execute(
      HAND_OVER,
      { input: { idempotencyKey: "h-cw", inquiryId, toEmployeeId: EMPLOYEE.jobConsultant } },
      undefined,
      CASEWORKER,
    );
    expect(onlyError(handOver).extensions).toMatchObject({ code: "FORBIDDEN" });
    const handed = await crm.ok(
      HAND_OVER,
      { input: { idempotencyKey: "h-front", inquiryId, toEmployeeId: EMPLOYEE.jobConsultant } },
      undefined,
      FRONT_OFFICE,
    );
    expect(handed.handOverInquiry.handovers).toEqual([
      expect.objectContaining({ by: { id: EMPLOYEE.front }, to: { id: EMPLOYEE.jobConsultant } }),
    ]);
  });

  it("a note is not dated before its inquiry was received", async () => {
    const result = await crm.execute(ADD_NOTE, {
      input: { idempotencyKey: "old-note", cvr: CVR.bikes, inquiryId, summary: "Years ago", occurredAt: "2019-05-01T10:00:00Z" },
    });
    expect(onlyError(result).extensions).toEqual({ code: "BAD_USER_INPUT", field: "occurredAt" });
    expect(await crm.db.prisma.note.count({ where: { summary: "Years ago" } })).toBe(0);
  });

  it.each(["yesterday", "i morgen", "garbage", "2026-02-30", "2026-02-30T10:00:00Z", "2026-03-01 10:00"])(
    "DateTime %j is BAD_USER_INPUT, never INTERNAL_SERVER_ERROR or rolled over",
    async (value) => {
      const result = await crm.execute(REGISTER_INQUIRY, {
        input: { idempotencyKey: `date-${value}`, cvr: CVR.bikes, channel: "PHONE", topic: "Date", receivedAt: value },
      });
      expect(onlyError(result).extensions?.code).toBe("BAD_USER_INPUT");
      expect(await crm.db.prisma.idempotencyRecord.count({ where: { key: `date-${value}` } })).toBe(0);
    },
  );

  it("Date arguments refuse impossible days", async () => {
    for (const from of ["2026-02-30", "yesterday"]) {
      const result = await crm.execute(`query($from: Date!) { serviceLevels(from: $from, to: "2026-03-01") { from } }`, { from });
      expect(onlyError(result).extensions?.code).toBe("BAD_USER_INPUT");
    }
  });
});
