/**
 * One inquiry about several services in several departments. Registered once
 * (idempotent per user), each part handed to its own owner and closed on its own, the inquiry
 * closed with its last part; each closed part its own survey, answered for the unit that closed it.
 */
import type { RequestIdentity } from "@company-graph/kit/auth";
import { CVR, EMPLOYEE } from "./fixtures";
import { RECORD_SURVEY } from "./operations";
import { DATABASES, FRONT_OFFICE, onlyError, startTestCrm, type TestCrm } from "./support";

const NOW = new Date("2026-03-02T09:00:00.000Z");
const JOB_CONSULTANT: RequestIdentity = { userId: EMPLOYEE.jobConsultant, role: "CASEWORKER", department: "BIF" };
const TMF_CASEWORKER: RequestIdentity = { userId: EMPLOYEE.tmfCaseworker, role: "CASEWORKER", department: "TMF" };

const PART_FIELDS =
  "id status department service { id } owner { id } closedAt closedBy { id } outcome handovers { from { id } to { id } by { id } }";
const INQUIRY_FIELDS = `id status closedAt topic parts { ${PART_FIELDS} } handovers { part { id } to { id } }`;
const REGISTER = `mutation($input: RegisterInquiryInput!) { registerInquiry(input: $input) { ${INQUIRY_FIELDS} } }`;
const HAND_OVER = `mutation($input: HandOverInquiryInput!) { handOverInquiry(input: $input) { ${INQUIRY_FIELDS} } }`;
const CLOSE = `mutation($input: CloseInquiryInput!) { closeInquiry(input: $input) { ${INQUIRY_FIELDS} } }`;
const WORK_LIST = `query($ownerId: ID!, $status: InquiryStatus) { inquiryPartsOwnedBy(ownerId: $ownerId, status: $status) { id service { id } inquiry { id status } } }`;
const INVITATIONS = `query($cvr: ID!) { company(cvr: $cvr) { surveyInvitations { id part { id } inquiry { id } service { id } unit { id } } } }`;

const TWO_PARTS = {
  cvr: CVR.bikes,
  channel: "PHONE",
  topic: "Wage subsidy for a mechanic and outdoor display of bikes",
  receivedAt: "2026-03-01T12:00:00Z",
  parts: [{ serviceId: "bif-wage-subsidy" }, { serviceId: "tmf-outdoor-serving-permit", department: "TMF" }],
};

describe.each(DATABASES)("inquiries about several services on %s", (kind) => {
  let crm: TestCrm;
  beforeAll(async () => {
    crm = await startTestCrm(kind, { now: () => NOW });
  });
  afterAll(() => crm?.close());

  it("registers once with a part per service, idempotently; each part handed over and closed on its own", async () => {
    const input = { idempotencyKey: "two-parts", ...TWO_PARTS };
    const { registerInquiry: inquiry } = await crm.ok(REGISTER, { input });
    const { registerInquiry: replay } = await crm.ok(REGISTER, { input });
    expect(replay.id).toBe(inquiry.id);
    expect(await crm.db.prisma.inquiryPart.count({ where: { inquiryId: inquiry.id } })).toBe(2);
    expect(inquiry).toMatchObject({ status: "OPEN", closedAt: null });
    expect(inquiry.parts).toEqual([
      expect.objectContaining({ status: "OPEN", department: "BIF", service: { id: "bif-wage-subsidy" }, owner: { id: EMPLOYEE.front } }),
      expect.objectContaining({
        status: "OPEN",
        department: "TMF",
        service: { id: "tmf-outdoor-serving-permit" },
        owner: { id: EMPLOYEE.front },
      }),
    ]);
    const [bif, tmf] = inquiry.parts.map((part: { id: string }) => part.id);

    // By inquiry id alone the part is ambiguous.
    const ambiguous = await crm.execute(HAND_OVER, {
      input: { idempotencyKey: "h-ambiguous", inquiryId: inquiry.id, toEmployeeId: EMPLOYEE.jobConsultant },
    });
    expect(onlyError(ambiguous).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "partId" });

    const { handOverInquiry: first } = await crm.ok(HAND_OVER, {
      input: { idempotencyKey: "h-bif", partId: bif, toEmployeeId: EMPLOYEE.jobConsultant },
    });
    const { handOverInquiry: both } = await crm.ok(HAND_OVER, {
      input: { idempotencyKey: "h-tmf", partId: tmf, toEmployeeId: EMPLOYEE.tmfCaseworker },
    });
    expect(first.parts.map((part: { status: string }) => part.status)).toEqual(["HANDED_OVER", "OPEN"]);
    expect(both).toMatchObject({ status: "HANDED_OVER" });
    expect(both.parts[1]).toMatchObject({
      owner: { id: EMPLOYEE.tmfCaseworker },
      handovers: [{ from: { id: EMPLOYEE.front }, to: { id: EMPLOYEE.tmfCaseworker }, by: { id: EMPLOYEE.front } }],
    });
    // Both at the test's one instant: their order is by id.
    expect(both.handovers).toHaveLength(2);
    expect(both.handovers).toEqual(
      expect.arrayContaining([
        { part: { id: bif }, to: { id: EMPLOYEE.jobConsultant } },
        { part: { id: tmf }, to: { id: EMPLOYEE.tmfCaseworker } },
      ]),
    );

    // Each owner's work list holds their own part.
    const { inquiryPartsOwnedBy: tmfList } = await crm.ok(
      WORK_LIST,
      { ownerId: EMPLOYEE.tmfCaseworker, status: "HANDED_OVER" },
      undefined,
      TMF_CASEWORKER,
    );
    expect(tmfList).toEqual([
      { id: tmf, service: { id: "tmf-outdoor-serving-permit" }, inquiry: { id: inquiry.id, status: "HANDED_OVER" } },
    ]);

    // The front office no longer owns the parts and may not close them; another department's caseworker neither.
    const byFront = await crm.execute(CLOSE, { input: { partId: bif, outcome: "Done" } });
    expect(onlyError(byFront).extensions).toMatchObject({ code: "FORBIDDEN", field: "partId" });
    const byOther = await crm.execute(CLOSE, { input: { partId: bif, outcome: "Done" } }, undefined, TMF_CASEWORKER);
    expect(onlyError(byOther).extensions?.code).toBe("FORBIDDEN");

    const { closeInquiry: half } = await crm.ok(
      CLOSE,
      { input: { partId: bif, outcome: "Wage subsidy granted" } },
      undefined,
      JOB_CONSULTANT,
    );
    expect(half).toMatchObject({ status: "HANDED_OVER", closedAt: null });
    expect(half.parts[0]).toMatchObject({
      status: "CLOSED",
      closedAt: NOW.toISOString(),
      closedBy: { id: EMPLOYEE.jobConsultant },
      outcome: "Wage subsidy granted",
    });
    const again = await crm.execute(CLOSE, { input: { partId: bif, outcome: "Again" } }, undefined, JOB_CONSULTANT);
    expect(onlyError(again).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "partId" });

    const { closeInquiry: closed } = await crm.ok(
      CLOSE,
      { input: { partId: tmf, outcome: "Permit application received" } },
      undefined,
      TMF_CASEWORKER,
    );
    expect(closed).toMatchObject({ status: "CLOSED", closedAt: NOW.toISOString() });
    const { inquiryPartsOwnedBy: open } = await crm.ok(
      WORK_LIST,
      { ownerId: EMPLOYEE.tmfCaseworker, status: "HANDED_OVER" },
      undefined,
      TMF_CASEWORKER,
    );
    expect(open).toEqual([]);

    // One survey per part, for the unit that closed it; the answer carries that unit.
    const { company } = await crm.ok(INVITATIONS, { cvr: CVR.bikes });
    const invitations = company.surveyInvitations.filter(
      (invitation: { inquiry: { id: string } | null }) => invitation.inquiry?.id === inquiry.id,
    );
    expect(invitations.map((invitation: any) => [invitation.part.id, invitation.service.id, invitation.unit.id]).sort()).toEqual(
      [
        [bif, "bif-wage-subsidy", "bif-jobcentre"],
        [tmf, "tmf-outdoor-serving-permit", "tmf-roads"],
      ].sort(),
    );
    const tmfInvitation = invitations.find((invitation: any) => invitation.part.id === tmf);
    const { recordSurveyResponse } = await crm.ok(RECORD_SURVEY, {
      input: {
        idempotencyKey: "survey-tmf",
        cvr: CVR.bikes,
        invitationId: tmfInvitation.id,
        processingSpeed: 4,
        competence: 5,
        fixedContactPerson: 4,
        ongoingUpdates: 3,
        overall: 4,
      },
    });
    expect(recordSurveyResponse).toMatchObject({
      unit: { id: "tmf-roads" },
      service: { id: "tmf-outdoor-serving-permit" },
      inquiry: { id: inquiry.id },
    });
  });

  it("a colleague in the owner's unit may close a part for them", async () => {
    const { registerInquiry: inquiry } = await crm.ok(REGISTER, {
      input: {
        idempotencyKey: "colleague",
        cvr: CVR.bikes,
        channel: "EMAIL",
        topic: "Growth advice",
        parts: [{ serviceId: "kes-growth-graduate", ownerId: EMPLOYEE.startup }],
      },
    });
    expect(inquiry.parts[0]).toMatchObject({ department: "BIF", owner: { id: EMPLOYEE.startup } });
    const { closeInquiry } = await crm.ok(CLOSE, { input: { inquiryId: inquiry.id, outcome: "Graduate found" } }, undefined, {
      userId: EMPLOYEE.growth,
      role: "KEY_ACCOUNT_MANAGER",
    });
    expect(closeInquiry).toMatchObject({ status: "CLOSED", parts: [expect.objectContaining({ closedBy: { id: EMPLOYEE.growth } })] });
  });

  it("refuses parts that cannot be: none, a service twice, a department not the service's, parts beside serviceId, another's owner for a caseworker", async () => {
    const refused = async (input: Record<string, unknown>, field: string, code = "BAD_USER_INPUT", as: RequestIdentity = FRONT_OFFICE) => {
      const result = await crm.execute(
        REGISTER,
        { input: { idempotencyKey: `bad-${Math.random()}`, ...TWO_PARTS, ...input } },
        undefined,
        as,
      );
      expect(onlyError(result).extensions).toMatchObject({ code, field });
    };
    await refused({ parts: [] }, "parts");
    await refused({ parts: Array.from({ length: 11 }, () => ({ department: "TMF" })) }, "parts");
    await refused({ parts: [{ serviceId: "bif-wage-subsidy" }, { serviceId: "bif-wage-subsidy" }] }, "parts[1].serviceId");
    await refused({ parts: [{ serviceId: "bif-wage-subsidy", department: "KFF" }] }, "parts[0].department");
    await refused({ parts: [{ serviceId: "no-such-service" }] }, "parts[0].serviceId");
    await refused({ serviceId: "bif-wage-subsidy" }, "serviceId");
    await refused({ parts: [{ serviceId: "bif-wage-subsidy", ownerId: EMPLOYEE.kam }] }, "parts[0].ownerId", "FORBIDDEN", JOB_CONSULTANT);
    expect(await crm.db.prisma.inquiry.count({ where: { topic: TWO_PARTS.topic } })).toBe(1);
  });

  it("a department part without a service: the department as named", async () => {
    const { registerInquiry } = await crm.ok(REGISTER, {
      input: {
        idempotencyKey: "department-only",
        cvr: CVR.bikes,
        channel: "WEB",
        topic: "Noise from the workshop",
        parts: [{ department: "TMF", ownerId: EMPLOYEE.tmfCaseworker }, {}],
      },
    });
    expect(registerInquiry.parts).toEqual([
      expect.objectContaining({ department: "TMF", service: null, owner: { id: EMPLOYEE.tmfCaseworker } }),
      expect.objectContaining({ department: null, service: null, owner: { id: EMPLOYEE.front } }),
    ]);
  });
});
