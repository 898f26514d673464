/**
 * The report's three worked examples (packages.json workedExample of startup, growth and hr),
 * as the mutation sequences the front function, consultants and key account managers send.
 */
import type { RequestIdentity } from "@company-graph/kit/auth";
import { CVR, EMPLOYEE } from "./fixtures";

/** Who sends each mutation: the acting employee comes from their token, never from the input. */
const ROLE_OF: Record<string, RequestIdentity["role"]> = {
  [EMPLOYEE.front]: "FRONT_OFFICE",
  [EMPLOYEE.startup]: "KEY_ACCOUNT_MANAGER",
  [EMPLOYEE.growth]: "KEY_ACCOUNT_MANAGER",
  [EMPLOYEE.kam]: "KEY_ACCOUNT_MANAGER",
  [EMPLOYEE.jobConsultant]: "CASEWORKER",
  [EMPLOYEE.tmfCaseworker]: "CASEWORKER",
};
const actor = (userId: string): RequestIdentity => ({
  userId,
  role: ROLE_OF[userId],
  ...(ROLE_OF[userId] === "CASEWORKER" ? { department: "BIF" as const } : {}),
});
import {
  ADD_FOLLOW_UP,
  ADD_NOTE,
  ASSIGN_KAM,
  CLOSE_INQUIRY,
  COMPANY_CRM_VIEW,
  COMPLETE_FOLLOW_UP,
  ENROL,
  HAND_OVER,
  INQUIRY_VIEW,
  RECORD_SURVEY,
  REGISTER_INQUIRY,
} from "./operations";
import { DATABASES, startTestCrm, type TestCrm } from "./support";

const DAY = 24 * 60 * 60 * 1000;

describe.each(DATABASES)("worked examples on %s", (kind) => {
  let crm: TestCrm;
  let clock = new Date("2026-03-02T09:00:00.000Z");
  const later = (days: number) => new Date(clock.getTime() + days * DAY).toISOString();
  const advance = (days: number) => {
    clock = new Date(clock.getTime() + days * DAY);
  };
  let key = 0;
  const nextKey = () => `worked-example-${++key}`;

  beforeAll(async () => {
    crm = await startTestCrm(kind, { now: () => clock });
  });
  afterAll(() => crm?.close());

  it("case 1, start-up package: front registers, hands over to a consultant, who closes with a referral to Væksthus", async () => {
    // The front function receives the call and registers it with needs, stage and a company description.
    const { registerInquiry: inquiry } = await crm.ok(
      REGISTER_INQUIRY,
      {
        input: {
          idempotencyKey: nextKey(),
          cvr: CVR.architect,
          channel: "PHONE",
          topic: "Wants to learn how to run the business, e.g. accounts",
          serviceId: "kes-one-to-one-advice",
          needs: "Bookkeeping and business basics; later growth advice",
          companyStage: "START_UP",
          companyDescription: "One-person architect firm, plans to merge into a 10-person partnership within a year",
        },
      },
      undefined,
      actor(EMPLOYEE.front),
    );
    expect(inquiry).toMatchObject({
      status: "OPEN",
      companyStage: "START_UP",
      assignee: { id: EMPLOYEE.front },
      service: { id: "kes-one-to-one-advice" },
    });
    expect(inquiry.company.description).toMatch(/architect/);

    // It records the summary of the call and an agreement with a reply deadline...
    await crm.ok(
      ADD_NOTE,
      {
        input: {
          idempotencyKey: nextKey(),
          cvr: CVR.architect,
          inquiryId: inquiry.id,
          summary: "Called about accounts; agreed a start-up consultant calls back.",
        },
      },
      undefined,
      actor(EMPLOYEE.front),
    );
    const { addFollowUp: callBack } = await crm.ok(
      ADD_FOLLOW_UP,
      {
        input: {
          idempotencyKey: nextKey(),
          cvr: CVR.architect,
          inquiryId: inquiry.id,
          description: "Start-up consultant calls the architect back",
          deadline: later(3),
          ownerId: EMPLOYEE.startup,
        },
      },
      undefined,
      actor(EMPLOYEE.front),
    );
    expect(callBack).toMatchObject({ status: "OPEN", isOverdue: false, owner: { id: EMPLOYEE.startup } });

    // ...and hands the inquiry to a consultant of the start-up package team.
    advance(1);
    const { handOverInquiry: handedOver } = await crm.ok(
      HAND_OVER,
      {
        input: { idempotencyKey: nextKey(), inquiryId: inquiry.id, toEmployeeId: EMPLOYEE.startup, note: "Start-up package; see the note" },
      },
      undefined,
      actor(EMPLOYEE.front),
    );
    expect(handedOver.status).toBe("HANDED_OVER");
    expect(handedOver.handovers).toEqual([
      {
        from: { id: EMPLOYEE.front },
        to: { id: EMPLOYEE.startup },
        by: { id: EMPLOYEE.front },
        note: "Start-up package; see the note",
        at: clock.toISOString(),
      },
    ]);

    // The consultant continues from what the CRM shows.
    const { inquiry: seen } = await crm.ok(INQUIRY_VIEW, { id: inquiry.id });
    expect(seen.assignee).toMatchObject({ id: EMPLOYEE.startup, unit: { id: "kes-startup-growth", kind: "CONSULTANT_TEAM" } });
    expect(seen.notes.map((n: { summary: string }) => n.summary)).toEqual([
      "Called about accounts; agreed a start-up consultant calls back.",
    ]);
    expect(seen.followUps).toEqual([
      expect.objectContaining({ id: callBack.id, status: "OPEN", owner: { id: EMPLOYEE.startup, name: "Søren Starter" } }),
    ]);
    expect(seen.company.description).toMatch(/partnership/);

    // Calls back (follow-up done), recommends courses and business-plan sparring, enrols in the start-up package.
    await crm.ok(COMPLETE_FOLLOW_UP, { input: { followUpId: callBack.id, note: "Called back" } }, undefined, actor(EMPLOYEE.startup));
    await crm.ok(
      ADD_NOTE,
      {
        input: {
          idempotencyKey: nextKey(),
          cvr: CVR.architect,
          inquiryId: inquiry.id,
          summary: "Recommended entrepreneur courses, then sparring on the business plan; told about other public offers.",
        },
      },
      undefined,
      actor(EMPLOYEE.startup),
    );
    const { enrolInPackage } = await crm.ok(
      ENROL,
      { input: { idempotencyKey: nextKey(), cvr: CVR.architect, packageId: "startup" } },
      undefined,
      actor(EMPLOYEE.startup),
    );
    expect(enrolInPackage.package).toEqual({ id: "startup", nameEn: "Start-up package" });

    // On hearing about the merger: a contact at Væksthus Hovedstaden, and the case is closed.
    advance(10);
    const { closeInquiry: closed } = await crm.ok(
      CLOSE_INQUIRY,
      {
        input: {
          inquiryId: inquiry.id,
          outcome: "Courses and business-plan sparring delivered; referred for later growth advice",
          referral: {
            partner: "Væksthus Hovedstaden",
            contactName: "Vera Vækst",
            contactEmail: "vera@vaeksthus.example",
            note: "Architect merging into a 10-person firm within a year",
          },
        },
      },
      undefined,
      actor(EMPLOYEE.startup),
    );
    expect(closed).toMatchObject({
      status: "CLOSED",
      closedAt: clock.toISOString(),
      closedBy: { id: EMPLOYEE.startup },
      referral: { partner: "Væksthus Hovedstaden", contactName: "Vera Vækst" },
    });

    const { company } = await crm.ok(COMPANY_CRM_VIEW, { cvr: CVR.architect });
    expect(company.closedInquiries).toHaveLength(1);
    expect(company.openFollowUps).toEqual([]);
    expect(company.notes).toHaveLength(2);
    expect(company.packageEnrolments).toEqual([
      { package: { id: "startup", nameEn: "Start-up package" }, enrolledBy: { id: EMPLOYEE.startup } },
    ]);
    // The company answers the survey sent when the case closed.
    const { recordSurveyResponse } = await crm.ok(RECORD_SURVEY, {
      input: {
        idempotencyKey: nextKey(),
        cvr: CVR.architect,
        inquiryId: inquiry.id,
        serviceId: "kes-one-to-one-advice",
        unitId: "kes-startup-growth",
        processingSpeed: 5,
        competence: 5,
        fixedContactPerson: 4,
        ongoingUpdates: 4,
        overall: 5,
      },
    });
    expect(recordSurveyResponse).toMatchObject({ overall: 5, unit: { id: "kes-startup-growth" }, inquiry: { id: inquiry.id } });
  });

  it("case 2, growth package: a consultant sees no earlier contact, visits, enrols, and closes with a Væksthus referral", async () => {
    const before = await crm.ok(COMPANY_CRM_VIEW, { cvr: CVR.bikes });
    expect(before.company).toMatchObject({
      name: "Cykelsmeden ApS",
      lastContactAt: null,
      inquiries: [],
      notes: [],
      keyAccountManager: null,
    });
    expect(before.company.productionUnits.map((p: { pNumber: string }) => p.pNumber)).toEqual(["1017000002", "1017000003"]);

    const { registerInquiry: visit } = await crm.ok(
      REGISTER_INQUIRY,
      {
        input: {
          idempotencyKey: nextKey(),
          cvr: CVR.bikes,
          channel: "OUTREACH",
          topic: "Outreach visit: a growth graduate for strategy and administration",
          serviceId: "kes-growth-graduate",
          companyStage: "ESTABLISHED",
          needs: "Strategy and administration capacity; advice on a retail-chain idea",
        },
      },
      undefined,
      actor(EMPLOYEE.growth),
    );
    expect(visit).toMatchObject({ status: "OPEN", channel: "OUTREACH", assignee: { id: EMPLOYEE.growth } });
    await crm.ok(
      ADD_NOTE,
      {
        input: {
          idempotencyKey: nextKey(),
          cvr: CVR.bikes,
          inquiryId: visit.id,
          summary: "Visited the owner: no growth for years, only mechanics employed. Potential in a growth graduate.",
        },
      },
      undefined,
      actor(EMPLOYEE.growth),
    );
    await crm.ok(
      ENROL,
      { input: { idempotencyKey: nextKey(), cvr: CVR.bikes, packageId: "growth", note: "Growth graduate" } },
      undefined,
      actor(EMPLOYEE.growth),
    );
    const { addFollowUp: graduate } = await crm.ok(
      ADD_FOLLOW_UP,
      {
        input: {
          idempotencyKey: nextKey(),
          cvr: CVR.bikes,
          inquiryId: visit.id,
          description: "Process the growth-graduate case with BIF colleagues",
          deadline: later(14),
          ownerId: EMPLOYEE.growth,
        },
      },
      undefined,
      actor(EMPLOYEE.growth),
    );
    advance(7);
    await crm.ok(
      COMPLETE_FOLLOW_UP,
      { input: { followUpId: graduate.id, note: "The graduate has started" } },
      undefined,
      actor(EMPLOYEE.growth),
    );
    const { closeInquiry } = await crm.ok(
      CLOSE_INQUIRY,
      {
        input: {
          inquiryId: visit.id,
          outcome: "Growth graduate started",
          referral: {
            partner: "Væksthus Hovedstaden",
            contactName: "Viggo Væksthus",
            note: "Suggest a joint follow-up visit on the retail-chain idea",
          },
        },
      },
      undefined,
      actor(EMPLOYEE.growth),
    );
    expect(closeInquiry.referral).toEqual({
      partner: "Væksthus Hovedstaden",
      contactName: "Viggo Væksthus",
      contactEmail: null,
      note: "Suggest a joint follow-up visit on the retail-chain idea",
    });

    const after = await crm.ok(COMPANY_CRM_VIEW, { cvr: CVR.bikes });
    expect(after.company.lastContactAt).not.toBeNull();
    expect(after.company.closedInquiries).toHaveLength(1);
    expect(after.company.packageEnrolments.map((e: { package: { id: string } }) => e.package.id)).toEqual(["growth"]);
  });

  it("case 3, HR package: the KAM records dialogue and agreements, sees other staff's contacts and follow-ups, and takes over correspondence", async () => {
    const { assignKeyAccountManager } = await crm.ok(ASSIGN_KAM, {
      input: {
        idempotencyKey: nextKey(),
        cvr: CVR.factory,
        employeeId: EMPLOYEE.kam,
        reason: "Large, strategically important production company",
      },
    });
    expect(assignKeyAccountManager).toMatchObject({
      isCurrent: true,
      until: null,
      employee: { id: EMPLOYEE.kam, role: "KEY_ACCOUNT_MANAGER" },
    });

    // A jobcentre consultant already corresponds with the company about wage subsidies.
    const { registerInquiry: jobInquiry } = await crm.ok(
      REGISTER_INQUIRY,
      {
        input: {
          idempotencyKey: nextKey(),
          cvr: CVR.factory,
          channel: "EMAIL",
          topic: "Wage-subsidy positions",
          serviceId: "bif-wage-subsidy",
        },
      },
      undefined,
      actor(EMPLOYEE.jobConsultant),
    );
    const { addFollowUp: jobFollowUp } = await crm.ok(
      ADD_FOLLOW_UP,
      {
        input: {
          idempotencyKey: nextKey(),
          cvr: CVR.factory,
          inquiryId: jobInquiry.id,
          description: "Send wage-subsidy rules",
          deadline: later(2),
          ownerId: EMPLOYEE.jobConsultant,
        },
      },
      undefined,
      actor(EMPLOYEE.jobConsultant),
    );

    // The KAM learns of the expansion on a visit and records it.
    const { registerInquiry: expansion } = await crm.ok(
      REGISTER_INQUIRY,
      {
        input: {
          idempotencyKey: nextKey(),
          cvr: CVR.factory,
          channel: "IN_PERSON",
          topic: "Expansion: many unskilled workers needed",
          serviceId: "bif-ordinary-hiring-job-placement",
          companyStage: "LARGE",
        },
      },
      undefined,
      actor(EMPLOYEE.kam),
    );
    await crm.ok(
      ADD_NOTE,
      {
        input: {
          idempotencyKey: nextKey(),
          cvr: CVR.factory,
          inquiryId: expansion.id,
          summary: "Visit: expansion needs about 40 unskilled workers; candidate list with BIF caseworkers.",
        },
      },
      undefined,
      actor(EMPLOYEE.kam),
    );
    const agreements = [
      { description: "Candidate list with BIF caseworkers", ownerId: EMPLOYEE.jobConsultant, deadline: later(5) },
      { description: "Present retention and upskilling offers", ownerId: EMPLOYEE.kam, deadline: later(20) },
      { description: "Check permit for using public road area during expansion", ownerId: EMPLOYEE.tmfCaseworker, deadline: later(10) },
    ];
    for (const agreement of agreements) {
      await crm.ok(
        ADD_FOLLOW_UP,
        { input: { idempotencyKey: nextKey(), cvr: CVR.factory, inquiryId: expansion.id, ...agreement } },
        undefined,
        actor(EMPLOYEE.kam),
      );
    }

    // Days later the KAM checks who else has been in contact and whether their follow-ups are done.
    advance(3);
    const { company } = await crm.ok(COMPANY_CRM_VIEW, { cvr: CVR.factory });
    expect(company.keyAccountManager).toMatchObject({ id: EMPLOYEE.kam, unit: { id: "bif-hr-team" } });
    const contacts = new Set(company.inquiries.map((i: { registeredBy: { id: string } }) => i.registeredBy.id));
    expect(contacts).toEqual(new Set([EMPLOYEE.jobConsultant, EMPLOYEE.kam]));
    expect(company.openFollowUps).toHaveLength(4);
    expect(company.followUps.map((f: { deadline: string }) => f.deadline)).toEqual(
      [...company.followUps.map((f: { deadline: string }) => f.deadline)].sort(),
    );
    expect(company.overdueFollowUps).toEqual([{ id: jobFollowUp.id, owner: { id: EMPLOYEE.jobConsultant } }]);

    // The correspondence needs no deep case processing: the KAM takes it over.
    const { handOverInquiry } = await crm.ok(
      HAND_OVER,
      {
        input: {
          idempotencyKey: nextKey(),
          inquiryId: jobInquiry.id,
          toEmployeeId: EMPLOYEE.kam,
          note: "KAM takes over; no deep case processing needed",
        },
      },
      undefined,
      actor(EMPLOYEE.kam),
    );
    expect(handOverInquiry).toMatchObject({ status: "HANDED_OVER", assignee: { id: EMPLOYEE.kam } });
    expect(handOverInquiry.handovers).toEqual([
      expect.objectContaining({ from: { id: EMPLOYEE.jobConsultant }, to: { id: EMPLOYEE.kam }, by: { id: EMPLOYEE.kam } }),
    ]);
    await crm.ok(COMPLETE_FOLLOW_UP, { input: { followUpId: jobFollowUp.id, note: "Sent the rules" } }, undefined, actor(EMPLOYEE.kam));
    await crm.ok(ENROL, { input: { idempotencyKey: nextKey(), cvr: CVR.factory, packageId: "hr" } }, undefined, actor(EMPLOYEE.kam));

    const after = await crm.ok(COMPANY_CRM_VIEW, { cvr: CVR.factory });
    expect(after.company.overdueFollowUps).toEqual([]);
    expect(after.company.handedOver.map((i: { id: string }) => i.id)).toEqual([jobInquiry.id]);
    expect(after.company.packageEnrolments.map((e: { package: { id: string } }) => e.package.id)).toEqual(["hr"]);

    // A new KAM takes over the account: the history keeps the first period.
    advance(30);
    await crm.ok(ASSIGN_KAM, {
      input: { idempotencyKey: nextKey(), cvr: CVR.factory, employeeId: EMPLOYEE.growth, reason: "Reorganisation" },
    });
    const history = (await crm.ok(COMPANY_CRM_VIEW, { cvr: CVR.factory })).company.keyAccountManagerHistory;
    expect(history).toEqual([
      { employee: { id: EMPLOYEE.growth }, from: clock.toISOString(), until: null, isCurrent: true, reason: "Reorganisation" },
      expect.objectContaining({ employee: { id: EMPLOYEE.kam }, until: clock.toISOString(), isCurrent: false }),
    ]);
  });
});
