/**
 * The report's café (36509120) through the gateway: one inquiry about an
 * alcohol licence (KFF) and outdoor serving (TMF), registered once by the front function, its two
 * parts handed to the caseworkers of the café's own KFF and TMF cases and closed separately — the
 * inquiry open after the first, closed after the second — and the key account manager sees both
 * parts, the permits' expiry and a Danish timeline.
 */
import type { Department } from "@company-graph/domain";
import { startGraph, type Graph } from "../harness/graph";

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

const DAY = 86_400_000;
const ALCOHOL = "kff-alcohol-licence";
const OUTDOOR = "tmf-outdoor-serving-permit";

function staff(role: string) {
  const employee = graph.world.employees.find((candidate) => candidate.role === role);
  if (!employee) throw new Error(`the generated world has no ${role}`);
  return employee;
}

/** The caseworker of the café's own case about the service: who the department would give it to. */
function caseworkerOf(department: Department, serviceId: string) {
  const found = graph.world.cases[department].find(
    (sourceCase) => sourceCase.cvr === graph.world.showcase.restaurant && sourceCase.serviceId === serviceId,
  );
  if (!found) throw new Error(`the café has no ${serviceId} case`);
  return graph.world.employees.find((employee) => employee.id === found.caseworker.id)!;
}

const front = () => ({ role: "FRONT_OFFICE" as const, userId: staff("front-office").id });
const kam = () => ({ role: "KEY_ACCOUNT_MANAGER" as const, userId: staff("key-account-manager").id });
const caseworker = (employee: { id: string; department: Department }) => ({
  role: "CASEWORKER" as const,
  department: employee.department,
  userId: employee.id,
});

async function ok<Data = any>(
  actor: Parameters<Graph["queryAs"]>[0],
  document: string,
  variables: Record<string, unknown> = {},
): Promise<Data> {
  const response = await graph.queryAs<Data>(actor, document, variables);
  expect(response.errors).toBeUndefined();
  return response.data as Data;
}

const PARTS = "parts { id status department service { id } owner { id displayName } closedAt outcome }";
const REGISTER = `mutation($input: RegisterInquiryInput!) { registerInquiry(input: $input) { id status ${PARTS} } }`;
const HAND_OVER = `mutation($input: HandOverInquiryInput!) { handOverInquiry(input: $input) { id status ${PARTS} } }`;
const CLOSE = `mutation($input: CloseInquiryInput!) { closeInquiry(input: $input) { id status closedAt ${PARTS} } }`;
const WORK_LIST = `query($ownerId: ID!) { inquiryPartsOwnedBy(ownerId: $ownerId, status: HANDED_OVER) { id department inquiry { id topic company { cvr name } } } }`;
const KAM_VIEW = `query($cvr: ID!) {
  company(cvr: $cvr) {
    name
    keyAccountManager { id }
    inquiries { id status closedAt ${PARTS} }
    permits(expiringWithinDays: 30) { edges { node { kind kindText validTo daysUntilExpiry issuingDepartment } } }
    alerts { hasAlerts messages permitsExpiringSoon { kind daysUntilExpiry } }
    timeline(first: 40) { edges { node { kind summary inquiry { id } inquiryPart { id department } } } }
    surveyInvitations { id part { id } service { id } unit { id } }
  }
}`;

/** English the graph used to compose; none may appear in the Danish answer. */
const ENGLISH = [/Inquiry/, /Case opened:/, /Decision:/, /Permit /, /outdoor-serving/, /\bexpires\b/, /\bdays?\b/];

describe("the café's inquiry about an alcohol licence and outdoor serving", () => {
  it("is registered once, handed to KFF and TMF, closed part by part, and the key account manager sees it all in Danish", async () => {
    const cvr = graph.world.showcase.restaurant;
    const kff = caseworkerOf("KFF", ALCOHOL);
    const tmf = caseworkerOf("TMF", OUTDOOR);

    // The café has a key account manager (the KAM takes it on when it has none).
    const before = await ok(kam(), KAM_VIEW, { cvr });
    if (before.company.keyAccountManager?.id !== kam().userId) {
      await ok(kam(), `mutation($input: AssignKeyAccountManagerInput!) { assignKeyAccountManager(input: $input) { isCurrent } }`, {
        input: { idempotencyKey: "cafe-kam", cvr, employeeId: kam().userId, reason: "Café with licences in two departments" },
      });
    }

    // The front function registers the call once, with a part for each department.
    const input = {
      idempotencyKey: "cafe-alcohol-and-outdoor-serving",
      cvr,
      channel: "PHONE",
      topic: "Alkoholbevilling og udeservering til den nye terrasse",
      needs: "Vil servere alkohol på fortovet fra maj",
      parts: [{ serviceId: ALCOHOL }, { serviceId: OUTDOOR }],
    };
    const { registerInquiry: inquiry } = await ok(front(), REGISTER, { input });
    const { registerInquiry: retried } = await ok(front(), REGISTER, { input });
    expect(retried.id).toBe(inquiry.id);
    expect(await graph.crmDatabase.prisma.inquiry.count({ where: { cvr, topic: input.topic } })).toBe(1);
    expect(inquiry.status).toBe("OPEN");
    expect(inquiry.parts.map((part: any) => [part.department, part.service.id, part.owner.id])).toEqual([
      ["KFF", ALCOHOL, front().userId],
      ["TMF", OUTDOOR, front().userId],
    ]);
    const [alcoholPart, outdoorPart] = inquiry.parts.map((part: any) => part.id);

    // Each part to its department: the caseworkers of the café's own cases.
    await ok(front(), HAND_OVER, {
      input: { idempotencyKey: "cafe-to-kff", partId: alcoholPart, toEmployeeId: kff.id, note: "Alkoholbevilling til terrassen" },
    });
    const { handOverInquiry: handedOver } = await ok(front(), HAND_OVER, {
      input: { idempotencyKey: "cafe-to-tmf", partId: outdoorPart, toEmployeeId: tmf.id, note: "Udvidelse af udeserveringen" },
    });
    expect(handedOver.status).toBe("HANDED_OVER");
    expect(handedOver.parts.map((part: any) => [part.status, part.owner.id])).toEqual([
      ["HANDED_OVER", kff.id],
      ["HANDED_OVER", tmf.id],
    ]);
    // The owner's name comes with department and unit (two employees can share a name).
    expect(handedOver.parts[0].owner.displayName).toContain("KFF");

    // Each caseworker finds their part on their work list.
    const { inquiryPartsOwnedBy: kffList } = await ok(caseworker(kff), WORK_LIST, { ownerId: kff.id });
    expect(kffList).toEqual([
      { id: alcoholPart, department: "KFF", inquiry: { id: inquiry.id, topic: input.topic, company: { cvr, name: before.company.name } } },
    ]);

    // The front function handed them over and may no longer close them; KFF closes its own.
    const refused = await graph.queryAs(front(), CLOSE, { input: { partId: outdoorPart, outcome: "Lukket af front" } });
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const { closeInquiry: afterKff } = await ok(caseworker(kff), CLOSE, {
      input: { partId: alcoholPart, outcome: "Ansøgning om udvidet alkoholbevilling modtaget" },
    });
    expect(afterKff).toMatchObject({ status: "HANDED_OVER", closedAt: null });
    expect(afterKff.parts.map((part: any) => part.status)).toEqual(["CLOSED", "HANDED_OVER"]);
    const { closeInquiry: afterTmf } = await ok(caseworker(tmf), CLOSE, {
      input: { partId: outdoorPart, outcome: "Tilladelse til udeservering fornyes" },
    });
    expect(afterTmf).toMatchObject({ status: "CLOSED", closedAt: new Date(graph.world.now).toISOString() });

    // The key account manager's view.
    const { company } = await ok(kam(), KAM_VIEW, { cvr });
    const seen = company.inquiries.find((candidate: any) => candidate.id === inquiry.id);
    expect(seen.status).toBe("CLOSED");
    expect(seen.parts).toEqual([
      expect.objectContaining({
        department: "KFF",
        status: "CLOSED",
        outcome: "Ansøgning om udvidet alkoholbevilling modtaget",
        owner: expect.objectContaining({ id: kff.id }),
      }),
      expect.objectContaining({
        department: "TMF",
        status: "CLOSED",
        outcome: "Tilladelse til udeservering fornyes",
        owner: expect.objectContaining({ id: tmf.id }),
      }),
    ]);

    // The permits' expiry: the outdoor-serving permit runs out within 21 days, and it alerts.
    const now = Date.parse(graph.world.now);
    const expiring = company.permits.edges.map((edge: any) => edge.node).filter((permit: any) => permit.kind === "outdoor-serving");
    expect(expiring.length).toBeGreaterThan(0);
    expect(expiring.every((permit: any) => Date.parse(permit.validTo) - now <= 30 * DAY && permit.kindText === "udeservering")).toBe(true);
    expect(company.alerts.hasAlerts).toBe(true);
    expect(
      company.alerts.permitsExpiringSoon.some((permit: any) => permit.kind === "outdoor-serving" && permit.daysUntilExpiry <= 21),
    ).toBe(true);

    // A Danish timeline: the inquiry once, each part's handover and closing named by its department.
    const events = company.timeline.edges.map((edge: any) => edge.node);
    const ofInquiry = events.filter((event: any) => event.inquiry?.id === inquiry.id);
    expect(ofInquiry.map((event: any) => event.kind).sort()).toEqual([
      "INQUIRY_CLOSED",
      "INQUIRY_CLOSED",
      "INQUIRY_HANDED_OVER",
      "INQUIRY_HANDED_OVER",
      "INQUIRY_RECEIVED",
    ]);
    expect(
      ofInquiry
        .filter((event: any) => event.kind === "INQUIRY_CLOSED")
        .map((event: any) => event.inquiryPart.department)
        .sort(),
    ).toEqual(["KFF", "TMF"]);
    expect(ofInquiry.map((event: any) => event.summary)).toEqual(
      expect.arrayContaining([
        `Henvendelse: ${input.topic}`,
        "Henvendelse overdraget (KFF: Alkoholbevillinger): Alkoholbevilling og udeservering til den nye terrasse",
        expect.stringMatching(/^Del af henvendelse afsluttet \(TMF: .+\): Tilladelse til udeservering fornyes$/),
      ]),
    );
    for (const text of [...events.map((event: any) => event.summary), ...company.alerts.messages]) {
      for (const english of ENGLISH) expect(text).not.toMatch(english);
    }

    // One survey per part, answered for the unit that closed it.
    const invitations = company.surveyInvitations.filter((invitation: any) => [alcoholPart, outdoorPart].includes(invitation.part?.id));
    expect(invitations.map((invitation: any) => [invitation.service.id, invitation.unit.id]).sort()).toEqual([
      [ALCOHOL, kff.unitId],
      [OUTDOOR, tmf.unitId],
    ]);
    const alcoholInvitation = invitations.find((invitation: any) => invitation.part.id === alcoholPart);
    const { recordSurveyResponse } = await ok(
      front(),
      `mutation($input: RecordSurveyResponseInput!) { recordSurveyResponse(input: $input) { unit { id name } service { id } } }`,
      {
        input: {
          idempotencyKey: "cafe-survey-kff",
          cvr,
          invitationId: alcoholInvitation.id,
          processingSpeed: 4,
          competence: 5,
          fixedContactPerson: 5,
          ongoingUpdates: 4,
          overall: 5,
        },
      },
    );
    expect(recordSurveyResponse).toMatchObject({ unit: { id: kff.unitId }, service: { id: ALCOHOL } });
  });
});
