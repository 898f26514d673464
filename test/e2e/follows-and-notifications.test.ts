import type { CommonCase } from "@company-graph/mocks";
import { sweepDueNotifications } from "@company-graph/crm";
import { startGraph, type Graph } from "../harness/graph";

// Løbende orientering, end to end through the gateway: a caseworker decides a case in the
// department's own system, the embedded broker relays the business event, and the people who
// follow the company — its key account manager by the assignment, a front-office colleague by
// choice — find one Danish notification in me.notifications; a confidential case (sick pay)
// keeps its title from everyone but the department's caseworkers.

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

const BIF_CASEWORKER = { role: "CASEWORKER", department: "BIF" } as const;
const NOTIFICATIONS = `query { me { notifications(first: 10) { totalCount unreadCount edges { node { id kind company { cvr } department text objectId withheld read } } } } }`;

async function ok(actor: Parameters<Graph["queryAs"]>[0], document: string, variables: Record<string, unknown> = {}) {
  const response = await graph.queryAs<any>(actor, document, variables);
  expect(response.errors).toBeUndefined();
  return response.data;
}

async function decide(department: "BIF" | "TMF", caseId: string) {
  const response = await fetch(`${graph.simulators[department].baseUrl}/__admin/cases/${caseId}/decide`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  expect(response.status).toBe(200);
}

/** An open, undecided case of a department (of a type, when given) whose company has nothing else followed here. */
function undecidedCase(department: "BIF" | "TMF", caseType?: string, exceptCvr?: string): CommonCase {
  const found = (graph.world.cases[department] as CommonCase[]).find(
    (candidate) =>
      !candidate.closedAt && !candidate.decidedAt && (!caseType || candidate.caseType === caseType) && candidate.cvr !== exceptCvr,
  );
  if (!found) throw new Error(`no undecided ${department} ${caseType ?? ""} case in the world`);
  return found;
}

async function notificationsOf(actor: Parameters<Graph["queryAs"]>[0], cvr: string) {
  const { notifications } = (await ok(actor, NOTIFICATIONS)).me;
  return { ...notifications, ofCompany: notifications.edges.map((edge: any) => edge.node).filter((node: any) => node.company.cvr === cvr) };
}

describe("notifications of a followed company's case changes (embedded broker)", () => {
  it("tells the key account manager and a following colleague of a decision once, in Danish; another reader cannot mark it read", async () => {
    const decided = undecidedCase("TMF");
    const kamId = (await ok("KEY_ACCOUNT_MANAGER", `{ me { employee { id } } }`)).me.employee.id;
    await ok(
      "KEY_ACCOUNT_MANAGER",
      `mutation($input: AssignKeyAccountManagerInput!) { assignKeyAccountManager(input: $input) { isCurrent } }`,
      {
        input: { idempotencyKey: `kam-${decided.cvr}`, cvr: decided.cvr, employeeId: kamId, reason: "Strategisk virksomhed" },
      },
    );
    expect(
      (await ok("FRONT_OFFICE", `mutation($cvr: ID!) { followCompany(cvr: $cvr) { following asKeyAccountManager } }`, { cvr: decided.cvr }))
        .followCompany,
    ).toEqual({ following: true, asKeyAccountManager: false });
    const before = (await notificationsOf("KEY_ACCOUNT_MANAGER", decided.cvr)).ofCompany.length;

    await decide("TMF", decided.id);
    expect(await graph.caseEvents.pollOnce()).toBe(1);
    // The broker delivers the event again (at-least-once): no second notification.
    const last = graph.broker.page(0, 1).last;
    graph.broker.publish(graph.broker.page(last - 1, 1).events[0].body);
    expect(await graph.caseEvents.pollOnce()).toBe(1);

    const kam = await notificationsOf("KEY_ACCOUNT_MANAGER", decided.cvr);
    expect(kam.ofCompany).toHaveLength(before + 1);
    const [notification] = kam.ofCompany;
    expect(notification).toMatchObject({ kind: "CASE_DECIDED", department: "TMF", objectId: decided.id, withheld: false, read: false });
    expect(notification.text).toMatch(
      new RegExp(
        `^Teknik- og Miljøforvaltningen har truffet afgørelse \\d{1,2}\\. \\p{L}+ \\d{4}: ${decided.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
        "u",
      ),
    );
    const front = await notificationsOf("FRONT_OFFICE", decided.cvr);
    expect(front.ofCompany).toHaveLength(1);
    expect(front.ofCompany[0]).toMatchObject({ kind: "CASE_DECIDED", text: notification.text, read: false });
    expect(front.ofCompany[0].id).not.toBe(notification.id);

    // The colleague names the key account manager's notification: it stays unread.
    expect(
      (await ok("FRONT_OFFICE", `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { marked } }`, { ids: [notification.id] }))
        .markNotificationsRead,
    ).toEqual({ marked: 0 });
    expect((await notificationsOf("KEY_ACCOUNT_MANAGER", decided.cvr)).ofCompany[0]).toMatchObject({ id: notification.id, read: false });
    expect(
      (
        await ok("KEY_ACCOUNT_MANAGER", `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { marked unreadCount } }`, {
          ids: [notification.id],
        })
      ).markNotificationsRead,
    ).toEqual({ marked: 1, unreadCount: kam.unreadCount - 1 });
  });

  it("keeps a confidential case's title from a front-office follower and gives it to the department's caseworker who follows", async () => {
    const sickPay = undecidedCase("BIF", "sick-pay-refund");
    for (const actor of ["FRONT_OFFICE", BIF_CASEWORKER] as const)
      await ok(actor, `mutation($cvr: ID!) { followCompany(cvr: $cvr) { following } }`, { cvr: sickPay.cvr });

    await decide("BIF", sickPay.id);
    expect(await graph.caseEvents.pollOnce()).toBe(1);

    const [front] = (await notificationsOf("FRONT_OFFICE", sickPay.cvr)).ofCompany;
    expect(front).toMatchObject({ kind: "CASE_DECIDED", department: "BIF", withheld: true, objectId: null, read: false });
    expect(front.text).toMatch(
      /^Beskæftigelses- og Integrationsforvaltningen har truffet afgørelse .+: en fortrolig sag \(kun forvaltningens sagsbehandlere ser detaljerne\)$/,
    );
    expect(front.text).not.toContain(sickPay.title);
    expect(JSON.stringify(front)).not.toContain(sickPay.id);
    const [caseworker] = (await notificationsOf(BIF_CASEWORKER, sickPay.cvr)).ofCompany;
    expect(caseworker).toMatchObject({ withheld: false, objectId: sickPay.id, text: expect.stringContaining(sickPay.title) });
  });
});

describe("notifications no business event announces", () => {
  it("tells the key account manager of a case its company has not heard about within the promise, once, from the CRM's sweep", async () => {
    const quiet = undecidedCase("TMF");
    const kamId = (await ok("KEY_ACCOUNT_MANAGER", `{ me { employee { id } } }`)).me.employee.id;
    await ok(
      "KEY_ACCOUNT_MANAGER",
      `mutation($input: AssignKeyAccountManagerInput!) { assignKeyAccountManager(input: $input) { isCurrent } }`,
      {
        input: { idempotencyKey: `kam-quiet-${quiet.cvr}`, cvr: quiet.cvr, employeeId: kamId, reason: "Strategisk virksomhed" },
      },
    );
    // Decided but not closed: still open, and the company waits for news of it.
    await decide("TMF", quiet.id);
    expect(await graph.caseEvents.pollOnce()).toBe(1);
    const later = new Date(Date.now() + 400 * 86_400_000);
    const first = await sweepDueNotifications(graph.crmDatabase.prisma, later, 10_000);
    expect(first.fired).toBeGreaterThanOrEqual(1);
    expect(await sweepDueNotifications(graph.crmDatabase.prisma, later, 10_000)).toMatchObject({ fired: 0, notified: 0 });

    const overdue = (await notificationsOf("KEY_ACCOUNT_MANAGER", quiet.cvr)).ofCompany.filter(
      (node: any) => node.kind === "CASE_UPDATE_OVERDUE",
    );
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ department: "TMF", objectId: quiet.id, withheld: false });
    expect(overdue[0].text).toMatch(
      /^Orientering forsinket: virksomheden har ikke hørt fra Teknik- og Miljøforvaltningen siden .+, og løftet er mindst hver \d+\. dag: /,
    );
    expect(overdue[0].text).toContain(quiet.title);
  });

  it("tells the employee an inquiry part is handed to, in Danish, and no one else", async () => {
    const cvr = undecidedCase("BIF").cvr;
    const kamId = (await ok("KEY_ACCOUNT_MANAGER", `{ me { employee { id } } }`)).me.employee.id;
    const { registerInquiry } = await ok(
      "FRONT_OFFICE",
      `mutation($input: RegisterInquiryInput!) { registerInquiry(input: $input) { parts { id } } }`,
      {
        input: {
          idempotencyKey: "handover-notification",
          cvr,
          channel: "PHONE",
          topic: "Løntilskud til en mekaniker",
          serviceId: "bif-wage-subsidy",
        },
      },
    );
    const frontBefore = (await notificationsOf("FRONT_OFFICE", cvr)).totalCount;
    await ok("FRONT_OFFICE", `mutation($input: HandOverInquiryInput!) { handOverInquiry(input: $input) { id } }`, {
      input: { idempotencyKey: "handover-notification-1", partId: registerInquiry.parts[0].id, toEmployeeId: kamId },
    });
    const [handed] = (await notificationsOf("KEY_ACCOUNT_MANAGER", cvr)).ofCompany.filter(
      (node: any) => node.kind === "INQUIRY_PART_HANDED_OVER",
    );
    expect(handed).toMatchObject({ department: "BIF", objectId: registerInquiry.parts[0].id, withheld: false, read: false });
    expect(handed.text).toMatch(
      /^En henvendelse er overdraget til dig .+ \(Beskæftigelses- og Integrationsforvaltningen\): Løntilskud til en mekaniker$/,
    );
    expect((await notificationsOf("FRONT_OFFICE", cvr)).totalCount).toBe(frontBefore);
  });
});
