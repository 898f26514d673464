import { CVR, EMPLOYEE, UNKNOWN_VALID_CVR } from "./fixtures";
import {
  ADD_CONTACT,
  ADD_FOLLOW_UP,
  ADD_NOTE,
  ASSIGN_KAM,
  CLOSE_INQUIRY,
  COMPLETE_FOLLOW_UP,
  ENROL,
  HAND_OVER,
  RECORD_SURVEY,
  REGISTER_INQUIRY,
  UPDATE_CONTACT,
} from "./operations";
import { DATABASES, onlyError, startTestCrm, type TestCrm } from "./support";

const NOW = new Date("2026-03-02T09:00:00.000Z");

describe.each(DATABASES)("validation on %s", (kind) => {
  let crm: TestCrm;
  let inquiryId: string;
  beforeAll(async () => {
    crm = await startTestCrm(kind, { now: () => NOW });
    const { registerInquiry } = await crm.ok(REGISTER_INQUIRY, {
      input: { idempotencyKey: "base", cvr: CVR.bikes, channel: "PHONE", topic: "Base" },
    });
    inquiryId = registerInquiry.id;
  });
  afterAll(() => crm?.close());

  const expectField = async (query: string, input: Record<string, unknown>, field: string) => {
    const error = onlyError(await crm.execute(query, { input }));
    expect(error.extensions).toEqual({ code: "BAD_USER_INPUT", field });
    return error;
  };
  const register = (overrides: Record<string, unknown>) => ({
    idempotencyKey: `r-${Math.random()}`,
    cvr: CVR.bikes,
    channel: "PHONE",
    topic: "Topic",
    ...overrides,
  });

  it("company(cvr:) rejects an invalid CVR number and gives null for an unknown valid one", async () => {
    for (const cvr of ["1234", "12345678", "abcdefgh"]) {
      const error = onlyError(await crm.execute(`query($cvr: ID!) { company(cvr: $cvr) { name } }`, { cvr }));
      expect(error.extensions).toEqual({ code: "BAD_USER_INPUT", field: "cvr" });
    }
    expect((await crm.ok(`query($cvr: ID!) { company(cvr: $cvr) { name } }`, { cvr: UNKNOWN_VALID_CVR })).company).toBeNull();
  });

  it("registerInquiry names the bad field", async () => {
    const error = await expectField(REGISTER_INQUIRY, register({ cvr: "13748137" }), "cvr");
    expect(error.message).toMatch(/check digit/);
    await expectField(REGISTER_INQUIRY, register({ cvr: UNKNOWN_VALID_CVR }), "companyName");
    await expectField(REGISTER_INQUIRY, register({ assigneeId: "nobody" }), "assigneeId");
    await expectField(REGISTER_INQUIRY, register({ topic: "   " }), "topic");
    await expectField(REGISTER_INQUIRY, register({ serviceId: "no-such-service" }), "serviceId");
    await expectField(REGISTER_INQUIRY, register({ receivedAt: "2027-01-01T00:00:00Z" }), "receivedAt");
    await expectField(REGISTER_INQUIRY, register({ idempotencyKey: " " }), "idempotencyKey");
  });

  it("notes, follow-ups and contacts name the bad field", async () => {
    const note = { idempotencyKey: `n-${Math.random()}`, cvr: CVR.bikes, summary: "ok" };
    await expectField(ADD_NOTE, { ...note, summary: "  " }, "summary");
    await expectField(ADD_NOTE, { ...note, cvr: CVR.architect, inquiryId }, "inquiryId");
    await expectField(ADD_NOTE, { ...note, cvr: UNKNOWN_VALID_CVR }, "cvr");

    const followUp = {
      idempotencyKey: `f-${Math.random()}`,
      cvr: CVR.bikes,
      description: "Reply",
      deadline: "2026-03-09T09:00:00Z",
      ownerId: EMPLOYEE.growth,
    };
    const past = await expectField(ADD_FOLLOW_UP, { ...followUp, deadline: "2026-03-01T09:00:00Z" }, "deadline");
    expect(past.message).toMatch(/past/);
    await expectField(ADD_FOLLOW_UP, { ...followUp, ownerId: "nobody" }, "ownerId");
    await expectField(ADD_FOLLOW_UP, { ...followUp, description: "" }, "description");
    await expectField(COMPLETE_FOLLOW_UP, { followUpId: "nope" }, "followUpId");

    const contact = { idempotencyKey: `c-${Math.random()}`, cvr: CVR.bikes, name: "Bo", consent: false };
    await expectField(ADD_CONTACT, { ...contact, email: "not-an-email" }, "email");
    await expectField(ADD_CONTACT, { ...contact, phone: "call me" }, "phone");
    await expectField(ADD_CONTACT, { ...contact, name: " " }, "name");
    await expectField(UPDATE_CONTACT, { contactId: "nope" }, "contactId");
  });

  it("a malformed DateTime is rejected before any resolver runs", async () => {
    const result = await crm.execute(ADD_FOLLOW_UP, {
      input: { idempotencyKey: "bad-date", cvr: CVR.bikes, description: "x", deadline: "next week", ownerId: EMPLOYEE.front },
    });
    expect(onlyError(result).extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("handover, close, KAM, enrolment and survey name the bad field", async () => {
    const handOver = { idempotencyKey: `h-${Math.random()}`, inquiryId, toEmployeeId: EMPLOYEE.growth };
    await expectField(HAND_OVER, { ...handOver, inquiryId: "nope" }, "inquiryId");
    await expectField(HAND_OVER, { ...handOver, toEmployeeId: "nobody" }, "toEmployeeId");
    await expectField(HAND_OVER, { ...handOver, toEmployeeId: EMPLOYEE.front }, "toEmployeeId");
    await expectField(CLOSE_INQUIRY, { inquiryId, outcome: " " }, "outcome");
    await expectField(CLOSE_INQUIRY, { inquiryId, outcome: "Done", referral: { partner: "" } }, "referral.partner");
    await expectField(
      CLOSE_INQUIRY,
      { inquiryId, outcome: "Done", referral: { partner: "Væksthus", contactEmail: "x@" } },
      "referral.contactEmail",
    );
    await crm.ok(CLOSE_INQUIRY, { input: { inquiryId, outcome: "Done" } });
    await expectField(CLOSE_INQUIRY, { inquiryId, outcome: "Again" }, "inquiryId");
    await expectField(HAND_OVER, handOver, "inquiryId");

    await expectField(ASSIGN_KAM, { idempotencyKey: "k1", cvr: CVR.bikes, employeeId: "nobody" }, "employeeId");
    await expectField(ENROL, { idempotencyKey: "e1", cvr: CVR.bikes, packageId: "nope" }, "packageId");
    const survey = {
      idempotencyKey: "s1",
      cvr: CVR.bikes,
      processingSpeed: 3,
      competence: 3,
      fixedContactPerson: 3,
      ongoingUpdates: 3,
      overall: 3,
    };
    await expectField(RECORD_SURVEY, { ...survey, overall: 6 }, "overall");
    await expectField(RECORD_SURVEY, { ...survey, processingSpeed: 0 }, "processingSpeed");
    // Nothing above was recorded under its key.
    expect(await crm.db.prisma.idempotencyRecord.count({ where: { key: { in: ["k1", "e1", "s1"] } } })).toBe(0);
  });
});
