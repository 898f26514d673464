/**
 * The report's three worked examples (packages.json workedExample of the start-up, growth and
 * HR packages) through the gateway, mutation by mutation, ending in the key account manager's
 * company view: inquiry, notes, follow-ups with deadlines, the KAM, and who else has been in
 * contact — department caseworkers included.
 */
import { DEPARTMENTS } from "@company-graph/domain";
import { startGraph, type Graph } from "../harness/graph";

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

const DAY = 86_400_000;
let keys = 0;
const key = (name: string) => `worked-example-${name}-${++keys}`;
const inDays = (days: number) => new Date(Date.parse(graph.world.now) + days * DAY).toISOString();

function staff(role: string, team?: string) {
  const employee = graph.world.employees.find((candidate) => candidate.role === role && (!team || candidate.team === team));
  if (!employee) throw new Error(`the generated world has no ${role}${team ? ` in ${team}` : ""}`);
  return employee;
}

/** Runs a mutation as the employee who does it: the CRM takes the writer from the token. */
const as = (employee: { id: string }, role: "FRONT_OFFICE" | "KEY_ACCOUNT_MANAGER" = "KEY_ACCOUNT_MANAGER") => ({
  role,
  userId: employee.id,
});

async function ok<Data = any>(document: string, variables: Record<string, unknown>, actor?: ReturnType<typeof as>): Promise<Data> {
  const response = actor ? await graph.queryAs<Data>(actor, document, variables) : await graph.query<Data>(document, variables);
  expect(response.errors).toBeUndefined();
  return response.data as Data;
}

const REGISTER = `mutation($input: RegisterInquiryInput!) { registerInquiry(input: $input) { id status assignee { id } } }`;
const HAND_OVER = `mutation($input: HandOverInquiryInput!) { handOverInquiry(input: $input) { id status assignee { id } } }`;
const NOTE = `mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`;
const FOLLOW_UP = `mutation($input: AddFollowUpInput!) { addFollowUp(input: $input) { id deadline status } }`;
const COMPLETE = `mutation($input: CompleteFollowUpInput!) { completeFollowUp(input: $input) { id status } }`;
const CLOSE = `mutation($input: CloseInquiryInput!) { closeInquiry(input: $input) { id status referral { partner } } }`;
const ASSIGN_KAM = `mutation($input: AssignKeyAccountManagerInput!) { assignKeyAccountManager(input: $input) { isCurrent employee { id } } }`;

const COMPANY_VIEW = `query($cvr: ID!) {
  company(cvr: $cvr) {
    cvr name description lastContactAt
    keyAccountManager { id name }
    inquiries { id status topic assignee { id } referral { partner } }
    notes { summary author { id } }
    followUps { description deadline status owner { id } }
    cases(first: 100) { totalCount }
    municipalContacts {
      incompleteDepartments
      contacts { employeeId name roles departments latestContactAt openFollowUps caseCount }
    }
  }
}`;

describe("worked example 1: the start-up package", () => {
  it("front registers an architect's inquiry, a start-up consultant takes over and closes it with a referral to Væksthus", async () => {
    const cvr = graph.world.showcase.architectStartup;
    const front = staff("front-office");
    const consultant = staff("business-consultant", "startup-growth");

    const { registerInquiry: inquiry } = await ok(
      REGISTER,
      {
        input: {
          idempotencyKey: key("register"),
          cvr,
          channel: "PHONE",
          topic: "How to run the business, e.g. accounts",
          serviceId: "kes-one-to-one-advice",
          needs: "Bookkeeping basics now, growth advice after a planned merger",
          companyStage: "START_UP",
          companyDescription: "One-person architect firm; plans to merge into a 10-person partnership within a year",
        },
      },
      as(front, "FRONT_OFFICE"),
    );
    await ok(
      NOTE,
      {
        input: {
          idempotencyKey: key("note"),
          cvr,
          inquiryId: inquiry.id,
          summary: "Called about accounts. Agreed a start-up consultant calls back this week.",
        },
      },
      as(front, "FRONT_OFFICE"),
    );
    const { addFollowUp: callBack } = await ok(
      FOLLOW_UP,
      {
        input: {
          idempotencyKey: key("follow-up"),
          cvr,
          inquiryId: inquiry.id,
          description: "Consultant calls the architect back",
          deadline: inDays(3),
          ownerId: consultant.id,
        },
      },
      as(front, "FRONT_OFFICE"),
    );
    const { handOverInquiry: handedOver } = await ok(
      HAND_OVER,
      { input: { idempotencyKey: key("hand-over"), inquiryId: inquiry.id, toEmployeeId: consultant.id, note: "Start-up package" } },
      as(front, "FRONT_OFFICE"),
    );
    expect(handedOver).toMatchObject({ status: "HANDED_OVER", assignee: { id: consultant.id } });
    await ok(
      NOTE,
      {
        input: {
          idempotencyKey: key("note"),
          cvr,
          inquiryId: inquiry.id,
          summary: "Recommended entrepreneur courses, then sparring on the business plan.",
        },
      },
      as(consultant),
    );
    await ok(COMPLETE, { input: { followUpId: callBack.id, note: "Called back" } }, as(consultant));
    const { closeInquiry: closed } = await ok(
      CLOSE,
      {
        input: {
          inquiryId: inquiry.id,
          outcome: "Advised; referred for growth advice after the merger",
          referral: { partner: "Væksthus Hovedstaden", contactName: "Growth adviser", note: "Merger planned within a year" },
        },
      },
      as(consultant),
    );
    expect(closed).toMatchObject({ status: "CLOSED", referral: { partner: "Væksthus Hovedstaden" } });

    const { company } = await ok(COMPANY_VIEW, { cvr });
    expect(company.description).toMatch(/architect/);
    expect(company.inquiries).toEqual([expect.objectContaining({ id: inquiry.id, status: "CLOSED" })]);
    expect(company.notes.map((note: any) => note.author.id).sort()).toEqual([consultant.id, front.id].sort());
    expect(company.followUps).toEqual([
      expect.objectContaining({ status: "DONE", deadline: callBack.deadline, owner: { id: consultant.id } }),
    ]);
    const contacts = company.municipalContacts.contacts;
    expect(contacts.find((contact: any) => contact.employeeId === front.id).roles).toEqual(
      expect.arrayContaining(["INQUIRY_HANDLER", "NOTE_AUTHOR"]),
    );
    expect(contacts.find((contact: any) => contact.employeeId === consultant.id).roles).toEqual(
      expect.arrayContaining(["INQUIRY_HANDLER", "NOTE_AUTHOR", "FOLLOW_UP_OWNER"]),
    );
  });
});

describe("worked example 2: the growth package", () => {
  it("a consultant finds no earlier contact, visits the bicycle retailer, arranges a growth graduate and closes", async () => {
    const cvr = graph.world.showcase.bicycleRetailer;
    const consultant = staff("business-consultant", "startup-growth");

    const before = await ok(COMPANY_VIEW, { cvr });
    expect(before.company).toMatchObject({
      lastContactAt: null,
      inquiries: [],
      cases: { totalCount: 0 },
      municipalContacts: { contacts: [] },
    });

    const { registerInquiry: visit } = await ok(
      REGISTER,
      {
        input: {
          idempotencyKey: key("register"),
          cvr,
          channel: "IN_PERSON",
          topic: "Outreach visit: growth graduate",
          serviceId: "kes-growth-graduate",
          companyStage: "ESTABLISHED",
        },
      },
      as(consultant),
    );
    await ok(
      NOTE,
      {
        input: {
          idempotencyKey: key("note"),
          cvr,
          inquiryId: visit.id,
          summary: "Potential in a graduate for strategy and administration; retail-chain idea needs growth advice.",
        },
      },
      as(consultant),
    );
    const { addFollowUp: graduate } = await ok(
      FOLLOW_UP,
      {
        input: {
          idempotencyKey: key("follow-up"),
          cvr,
          inquiryId: visit.id,
          description: "Send graduate candidates with BIF",
          deadline: inDays(14),
          ownerId: consultant.id,
        },
      },
      as(consultant),
    );
    await ok(
      CLOSE,
      {
        input: {
          inquiryId: visit.id,
          outcome: "Graduate arranged; referred to Væksthus",
          referral: { partner: "Væksthus Hovedstaden", note: "Suggest a joint follow-up visit" },
        },
      },
      as(consultant),
    );

    const { company } = await ok(COMPANY_VIEW, { cvr });
    expect(company.lastContactAt).not.toBeNull();
    expect(company.followUps).toEqual([expect.objectContaining({ status: "OPEN", deadline: graduate.deadline })]);
    expect(company.municipalContacts.contacts).toEqual([expect.objectContaining({ employeeId: consultant.id, openFollowUps: 1 })]);
  });
});

describe("worked example 3: the HR package", () => {
  it("the key account manager records a recruitment drive and sees every municipal contact, department caseworkers included", async () => {
    const cvr = graph.world.showcase.manufacturer;
    const kam = staff("key-account-manager", "hr");

    const { assignKeyAccountManager: assignment } = await ok(ASSIGN_KAM, {
      input: { idempotencyKey: key("kam"), cvr, employeeId: kam.id, reason: "Large, strategic manufacturer" },
    });
    expect(assignment).toMatchObject({ isCurrent: true, employee: { id: kam.id } });
    const { registerInquiry: drive } = await ok(
      REGISTER,
      {
        input: {
          idempotencyKey: key("register"),
          cvr,
          channel: "IN_PERSON",
          topic: "Expansion: many unskilled workers needed",
          serviceId: "bif-ordinary-hiring-job-placement",
          companyStage: "GROWTH",
        },
      },
      as(kam),
    );
    await ok(
      NOTE,
      {
        input: {
          idempotencyKey: key("note"),
          cvr,
          inquiryId: drive.id,
          summary: "Candidate list with BIF caseworkers; wage subsidies where they apply; permits for road use to check with TMF.",
        },
      },
      as(kam),
    );
    const { addFollowUp: candidates } = await ok(
      FOLLOW_UP,
      {
        input: {
          idempotencyKey: key("follow-up"),
          cvr,
          inquiryId: drive.id,
          description: "Send candidate list",
          deadline: inDays(7),
          ownerId: kam.id,
        },
      },
      as(kam),
    );

    const { company } = await ok(COMPANY_VIEW, { cvr });
    expect(company.keyAccountManager).toEqual({ id: kam.id, name: kam.name });
    expect(company.inquiries.map((inquiry: any) => inquiry.id)).toContain(drive.id);
    expect(company.followUps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ description: "Send candidate list", deadline: candidates.deadline, status: "OPEN" }),
      ]),
    );

    const contacts = company.municipalContacts.contacts;
    expect(company.municipalContacts.incompleteDepartments).toEqual([]);
    expect(contacts.find((contact: any) => contact.employeeId === kam.id)).toMatchObject({
      roles: expect.arrayContaining(["KEY_ACCOUNT_MANAGER", "INQUIRY_HANDLER", "NOTE_AUTHOR", "FOLLOW_UP_OWNER"]),
      openFollowUps: 1,
    });

    // Every caseworker of the company's cases in the four systems is listed, once, with their departments.
    const sourceCases = DEPARTMENTS.flatMap((department) => graph.world.cases[department].filter((sourceCase) => sourceCase.cvr === cvr));
    const caseworkers = new Map<string, Set<string>>();
    for (const sourceCase of sourceCases)
      caseworkers.set(sourceCase.caseworker.id, new Set([...(caseworkers.get(sourceCase.caseworker.id) ?? []), sourceCase.department]));
    const listedCaseworkers = contacts.filter((contact: any) => contact.roles.includes("CASEWORKER"));
    expect(listedCaseworkers).toHaveLength(caseworkers.size);
    for (const contact of listedCaseworkers) expect(new Set(contact.departments)).toEqual(caseworkers.get(contact.employeeId));
    expect(new Set(listedCaseworkers.flatMap((contact: any) => contact.departments))).toEqual(new Set(DEPARTMENTS));
    expect(new Set(contacts.map((contact: any) => contact.employeeId)).size).toBe(contacts.length);
    const latest = contacts.map((contact: any) => Date.parse(contact.latestContactAt));
    expect(latest).toEqual([...latest].sort((a, b) => b - a));
  });
});

describe("surveys right after closing", () => {
  const INVITATIONS = `query($cvr: ID!) { company(cvr: $cvr) { surveyInvitations { id answered caseId inquiry { id } service { id } response { overall } } } }`;
  const RESPOND = `mutation($input: RecordSurveyResponseInput!) { recordSurveyResponse(input: $input) { id overall inquiry { id } service { id } } }`;
  const ISSUE_CASE_SURVEY = `mutation($input: IssueCaseSurveyInput!) { issueCaseSurvey(input: $input) { id caseId answered } }`;

  it("closing an inquiry issues one survey; the answer is linked to it and cannot be given twice", async () => {
    const cvr = graph.world.showcase.architectStartup;
    const front = staff("front-office");
    const { registerInquiry: inquiry } = await ok(
      REGISTER,
      {
        input: { idempotencyKey: key("register"), cvr, channel: "EMAIL", topic: "VAT registration", serviceId: "kes-single-entry-triage" },
      },
      as(front, "FRONT_OFFICE"),
    );
    await ok(CLOSE, { input: { inquiryId: inquiry.id, outcome: "Answered at once" } }, as(front, "FRONT_OFFICE"));

    const issued = (await ok(INVITATIONS, { cvr })).company.surveyInvitations.filter(
      (invitation: any) => invitation.inquiry?.id === inquiry.id,
    );
    expect(issued).toEqual([expect.objectContaining({ answered: false, service: { id: "kes-single-entry-triage" } })]);

    const scores = { processingSpeed: 5, competence: 4, fixedContactPerson: 3, ongoingUpdates: 4, overall: 4 };
    const { recordSurveyResponse: response } = await ok(RESPOND, {
      input: { idempotencyKey: key("survey"), cvr, invitationId: issued[0].id, ...scores },
    });
    expect(response).toMatchObject({ overall: 4, inquiry: { id: inquiry.id }, service: { id: "kes-single-entry-triage" } });
    const after = (await ok(INVITATIONS, { cvr })).company.surveyInvitations.find((invitation: any) => invitation.id === issued[0].id);
    expect(after).toMatchObject({ answered: true, response: { overall: 4 } });

    const twice = await graph.query(RESPOND, { input: { idempotencyKey: key("survey"), cvr, invitationId: issued[0].id, ...scores } });
    expect(twice.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "invitationId" });
  });

  it("a closed department case issues its survey once, however often the event arrives", async () => {
    const cvr = graph.world.showcase.restaurant;
    const closedCase = graph.world.cases.TMF.find((sourceCase) => sourceCase.cvr === cvr && sourceCase.closedAt)!;
    const input = { cvr, caseId: closedCase.id, serviceId: closedCase.serviceId };
    const [first, second] = await Promise.all([ok(ISSUE_CASE_SURVEY, { input }), ok(ISSUE_CASE_SURVEY, { input })]);
    expect(second.issueCaseSurvey.id).toBe(first.issueCaseSurvey.id);
    const invitations = (await ok(INVITATIONS, { cvr })).company.surveyInvitations.filter(
      (invitation: any) => invitation.caseId === closedCase.id,
    );
    expect(invitations).toHaveLength(1);
  });
});
