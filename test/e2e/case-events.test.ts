import { startCaseClosedFeed, CASE_CLOSED_FEED } from "@company-graph/crm";
import { redirectLogs } from "@company-graph/kit/observability";
import type { CommonCase } from "@company-graph/mocks";
import { BROKER_URL, startGraph, type Graph } from "../harness/graph";

// A case closed in a department's own system reaches the CRM through the municipal message
// broker (simulated in mocks/broker), and the company gets its survey: the report's "short
// survey right after a case closes", end to end.

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

const INVITATIONS = `query($cvr: ID!) { company(cvr: $cvr) { surveyInvitations { caseId answered service { id } } } }`;

let taken = 0;
/** Open cases of a department, a different one each call (closing changes the world). */
function openCase(department: "BIF" | "TMF" | "KFF" | "OKF"): CommonCase {
  const open = (graph.world.cases[department] as CommonCase[]).filter((sourceCase) => !sourceCase.closedAt);
  return open[taken++ % open.length];
}

async function invitationsFor(cvr: string, caseId: string) {
  const response = await graph.query<{ company: { surveyInvitations: { caseId: string | null; answered: boolean; service: { id: string } | null }[] } }>(INVITATIONS, { cvr });
  expect(response.errors).toBeUndefined();
  return response.data!.company.surveyInvitations.filter((invitation) => invitation.caseId === caseId);
}

async function closeInDepartmentSystem(department: "BIF" | "TMF" | "KFF" | "OKF", caseId: string) {
  return fetch(`${graph.simulators[department].baseUrl}/__admin/cases/${caseId}/close`, { method: "POST" });
}

describe("surveys for cases closed in the department systems", () => {
  it("issues the company's survey once the broker relays the closing, and once only", async () => {
    const closing = openCase("TMF");
    expect(await invitationsFor(closing.cvr, closing.id)).toEqual([]);
    const closed = await closeInDepartmentSystem("TMF", closing.id);
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as CommonCase).closedAt).toEqual(expect.any(String));

    expect(await graph.caseEvents.pollOnce()).toBe(1);
    expect(await invitationsFor(closing.cvr, closing.id)).toEqual([{ caseId: closing.id, answered: false, service: { id: closing.serviceId } }]);

    // The broker delivers the same closing again (at-least-once): still one survey.
    graph.broker.publish({ department: "TMF", caseId: closing.id, cvr: closing.cvr, serviceId: closing.serviceId, closedAt: graph.world.now });
    expect(await graph.caseEvents.pollOnce()).toBe(1);
    expect(await invitationsFor(closing.cvr, closing.id)).toHaveLength(1);
    // A case closes once in its system.
    expect((await closeInDepartmentSystem("TMF", closing.id)).status).toBe(409);
  });

  it("gives the survey, and so its answer, the unit that closed the case (SurveyResponse.unit)", async () => {
    const closing = openCase("TMF");
    graph.simulators.TMF.closeCase(closing.id);
    expect(await graph.caseEvents.pollOnce()).toBe(1);
    const response = await graph.query<any>(`query($cvr: ID!) { company(cvr: $cvr) { surveyInvitations { id caseId unit { id } } } }`, { cvr: closing.cvr });
    const invitation = response.data.company.surveyInvitations.find((candidate: any) => candidate.caseId === closing.id);
    expect(invitation.unit).toEqual({ id: closing.responsibleUnit.id });
    const answered = await graph.queryAs<any>("FRONT_OFFICE", `mutation($input: RecordSurveyResponseInput!) { recordSurveyResponse(input: $input) { unit { id name } service { id } } }`, {
      input: { idempotencyKey: `case-survey-${closing.id}`, cvr: closing.cvr, invitationId: invitation.id, processingSpeed: 3, competence: 4, fixedContactPerson: 4, ongoingUpdates: 2, overall: 3 },
    });
    expect(answered.errors).toBeUndefined();
    expect(answered.data.recordSurveyResponse).toMatchObject({ unit: { id: closing.responsibleUnit.id, name: closing.responsibleUnit.name }, service: { id: closing.serviceId } });
  });

  it("passes over an event it cannot use, reads on, and keeps its position across a restart", async () => {
    graph.broker.publish({ department: "KFF", caseId: "KFF-NOBODY", cvr: "00000000", serviceId: "kff-alcohol-licence", closedAt: graph.world.now });
    const closing = openCase("KFF");
    graph.simulators.KFF.closeCase(closing.id);
    expect(await graph.caseEvents.pollOnce()).toBe(2);
    expect(await invitationsFor(closing.cvr, closing.id)).toHaveLength(1);

    const stored = await graph.crmDatabase.prisma.eventFeedPosition.findUnique({ where: { feed: CASE_CLOSED_FEED } });
    expect(stored?.position).toBe(graph.broker.page(0, 1).last);
    const restarted = startCaseClosedFeed({ db: graph.crmDatabase.prisma, url: BROKER_URL, intervalMs: 60_000 }, { poll: false });
    expect(await restarted.pollOnce()).toBe(0);
    await restarted.stop();
  });

  it("reads the broker by itself when it runs as the CRM runs it", async () => {
    const closing = openCase("BIF");
    // The feed's own log line says when it issued the survey: waited for, not polled on a clock.
    let issued!: () => void;
    const surveyIssued = new Promise<void>((resolve) => (issued = resolve));
    const restoreLogs = redirectLogs(
      {
        write: (line) => {
          const record = JSON.parse(line) as { msg?: string; caseId?: string };
          if (record.msg === "survey issued for a closed case" && record.caseId === closing.id) issued();
        },
      },
      "info",
    );
    const running = startCaseClosedFeed({ db: graph.crmDatabase.prisma, url: BROKER_URL, intervalMs: 20 });
    try {
      graph.simulators.BIF.closeCase(closing.id);
      await surveyIssued;
      expect(await invitationsFor(closing.cvr, closing.id)).toHaveLength(1);
    } finally {
      await running.stop();
      restoreLogs();
    }
  });
});
