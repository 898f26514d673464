import { CASE_EVENTS_FEED, createCaseEventSubscription } from "@company-graph/crm";
import { redirectLogs } from "@company-graph/kit/observability";
import type { CommonCase } from "@company-graph/mocks";
import { BROKER_URL, startGraph, type Graph } from "../harness/graph";

// A case changed in a department's own system reaches the CRM as a business event through the
// municipal message broker (the embedded default: simulated in mocks/broker): the company's change
// history records it once, and a closed case gets the company's survey — the report's "short
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
  const response = await graph.query<{
    company: { surveyInvitations: { caseId: string | null; answered: boolean; service: { id: string } | null }[] };
  }>(INVITATIONS, { cvr });
  expect(response.errors).toBeUndefined();
  return response.data!.company.surveyInvitations.filter((invitation) => invitation.caseId === caseId);
}

async function admin(department: "BIF" | "TMF" | "KFF" | "OKF", path: string, body: unknown = {}) {
  return fetch(`${graph.simulators[department].baseUrl}/__admin${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

function historyOf(cvr: string) {
  return graph.crmDatabase.prisma.companyChange.findMany({ where: { cvr }, orderBy: { sequence: "asc" } });
}

describe("business events from the department systems (embedded broker)", () => {
  it("issues the company's survey once the broker relays the closing, and once only", async () => {
    const closing = openCase("TMF");
    expect(await invitationsFor(closing.cvr, closing.id)).toEqual([]);
    const closed = await admin("TMF", `/cases/${closing.id}/close`);
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as CommonCase).closedAt).toEqual(expect.any(String));

    expect(await graph.caseEvents.pollOnce()).toBe(1);
    expect(await invitationsFor(closing.cvr, closing.id)).toEqual([
      { caseId: closing.id, answered: false, service: { id: closing.serviceId } },
    ]);

    // The broker delivers the same event again (at-least-once): nothing changes.
    const last = graph.broker.page(0, 1).last;
    graph.broker.publish(graph.broker.page(last - 1, 1).events[0].body);
    expect(await graph.caseEvents.pollOnce()).toBe(1);
    expect(await invitationsFor(closing.cvr, closing.id)).toHaveLength(1);
    expect((await historyOf(closing.cvr)).filter((change) => change.objectId === closing.id)).toHaveLength(1);
    // A case closes once in its system.
    expect((await admin("TMF", `/cases/${closing.id}/close`)).status).toBe(409);
  });

  it("keeps each change of a case and a permit in the company's history, in order, in Danish", async () => {
    const subject = openCase("KFF");
    const at = (day: number) => new Date(Date.parse(graph.world.now) - (10 - day) * 86_400_000).toISOString();
    const opened = (await (await admin("KFF", "/cases", { templateCaseId: subject.id, at: at(1) })).json()) as CommonCase;
    expect(opened).toMatchObject({ cvr: subject.cvr, progress: "Opstaaet", closedAt: null });
    for (const [path, body] of [
      [`/cases/${opened.id}/progress`, { progress: "Oplyst", at: at(2) }],
      [`/cases/${opened.id}/update-sent`, { at: at(3) }],
      [`/cases/${opened.id}/decide`, { at: at(4) }],
      ["/permits", { caseId: opened.id, kind: "alcohol-licence", validTo: "2027-06-30T00:00:00Z", at: at(5) }],
    ] as const) {
      expect((await admin("KFF", path, body)).status).toBe(200);
    }
    const permitId = `${opened.id}-T1`;
    expect((await admin("KFF", `/permits/${permitId}/renew`, { validTo: "2028-06-30T00:00:00Z", at: at(6) })).status).toBe(200);
    expect((await admin("KFF", `/permits/${permitId}/revoke`, { at: at(7) })).status).toBe(200);
    expect((await admin("KFF", `/cases/${opened.id}/close`, { closedAt: at(8) })).status).toBe(200);
    expect((await admin("KFF", `/cases/${opened.id}/reopen`, { at: at(9) })).status).toBe(200);
    expect(await graph.caseEvents.pollOnce()).toBe(9);

    const history = (await historyOf(subject.cvr)).filter((change) => change.objectId === opened.id || change.objectId === permitId);
    expect(history.map((change) => [change.kind, change.department, change.summary])).toEqual([
      ["case.opened", "KFF", `Sag oprettet: ${subject.title}`],
      ["case.progressed", "KFF", `Sagen er nu oplyst: ${subject.title}`],
      ["case.update-sent", "KFF", `Orientering sendt: ${subject.title}`],
      ["case.decided", "KFF", `Afgørelse: ${subject.title}`],
      ["permit.granted", "KFF", "Tilladelse meddelt: alkoholbevilling"],
      ["permit.renewed", "KFF", "Tilladelse forlænget til 2028-06-30: alkoholbevilling"],
      ["permit.revoked", "KFF", "Tilladelse tilbagekaldt: alkoholbevilling"],
      ["case.closed", "KFF", `Sag afsluttet: ${subject.title}`],
      ["case.reopened", "KFF", `Sag genoptaget: ${subject.title}`],
    ]);
    expect(history.map((change) => change.occurredAt.toISOString())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map(at));
    // The sequence is the feed's cursor: strictly increasing in the order the CRM committed.
    expect(history.map((change) => change.sequence)).toEqual(
      [...history.map((change) => change.sequence)].sort((a, b) => (a < b ? -1 : 1)),
    );
    // No caseworker and no case details in what the CRM keeps.
    expect(JSON.stringify(history.map((change) => change.payload))).not.toMatch(/caseworker|details/);
    expect(await invitationsFor(subject.cvr, opened.id)).toHaveLength(1);
  });

  it("gives the survey, and so its answer, the unit that closed the case (SurveyResponse.unit)", async () => {
    const closing = openCase("TMF");
    graph.simulators.TMF.changes.close(closing.id);
    expect(await graph.caseEvents.pollOnce()).toBe(1);
    const response = await graph.query<any>(`query($cvr: ID!) { company(cvr: $cvr) { surveyInvitations { id caseId unit { id } } } }`, {
      cvr: closing.cvr,
    });
    const invitation = response.data.company.surveyInvitations.find((candidate: any) => candidate.caseId === closing.id);
    expect(invitation.unit).toEqual({ id: closing.responsibleUnit.id });
    const answered = await graph.queryAs<any>(
      "FRONT_OFFICE",
      `mutation($input: RecordSurveyResponseInput!) { recordSurveyResponse(input: $input) { unit { id name } service { id } } }`,
      {
        input: {
          idempotencyKey: `case-survey-${closing.id}`,
          cvr: closing.cvr,
          invitationId: invitation.id,
          processingSpeed: 3,
          competence: 4,
          fixedContactPerson: 4,
          ongoingUpdates: 2,
          overall: 3,
        },
      },
    );
    expect(answered.errors).toBeUndefined();
    expect(answered.data.recordSurveyResponse).toMatchObject({
      unit: { id: closing.responsibleUnit.id, name: closing.responsibleUnit.name },
      service: { id: closing.serviceId },
    });
  });

  it("sets aside a poison event on the broker's dead-letter list, reads on, and keeps its position across a restart", async () => {
    const poison = graph.broker.publish(JSON.stringify({ envelope: { messageId: "not-a-uuid" } }));
    const closing = openCase("KFF");
    graph.simulators.KFF.changes.close(closing.id);
    expect(await graph.caseEvents.pollOnce()).toBe(2);
    expect(await invitationsFor(closing.cvr, closing.id)).toHaveLength(1);
    expect(graph.broker.deadLettered).toContainEqual({
      sequence: poison.sequence,
      reason: expect.stringMatching(/^beskedkuverten er ugyldig: messageId/),
    });

    const stored = await graph.crmDatabase.prisma.eventFeedPosition.findUnique({ where: { feed: CASE_EVENTS_FEED } });
    expect(stored?.position).toBe(graph.broker.page(0, 1).last);
    const restarted = createCaseEventSubscription({
      db: graph.crmDatabase.prisma,
      url: BROKER_URL,
      queue: "crm.haendelser",
      prefetch: 20,
      intervalMs: 60_000,
      poll: false,
    });
    expect(await restarted.pollOnce()).toBe(0);
    await restarted.stop();
  });

  it("publishes what a department system missed while its link to the broker was down, when it is back", async () => {
    const closing = openCase("OKF");
    expect(await (await admin("OKF", "/outbox", { publishing: false })).json()).toMatchObject({ publishing: false, pending: 0 });
    expect((await admin("OKF", `/cases/${closing.id}/close`)).status).toBe(200);
    expect(await graph.caseEvents.pollOnce()).toBe(0);
    expect(graph.simulators.OKF.outbox.status.pending).toBe(1);

    expect(await (await admin("OKF", "/outbox", { publishing: true })).json()).toMatchObject({ publishing: true, pending: 0 });
    expect(await graph.caseEvents.pollOnce()).toBe(1);
    expect(await invitationsFor(closing.cvr, closing.id)).toHaveLength(1);
  });

  it("reads the broker by itself when it runs as the CRM runs it", async () => {
    const closing = openCase("BIF");
    // The subscription's own log line says when it applied the event: waited for, not polled on a clock.
    let applied!: () => void;
    const eventApplied = new Promise<void>((resolve) => (applied = resolve));
    const restoreLogs = redirectLogs(
      {
        write: (line) => {
          const record = JSON.parse(line) as { msg?: string; objectId?: string };
          if (record.msg === "hændelse anvendt" && record.objectId === closing.id) applied();
        },
      },
      "info",
    );
    const running = createCaseEventSubscription({
      db: graph.crmDatabase.prisma,
      url: BROKER_URL,
      queue: "crm.haendelser",
      prefetch: 20,
      intervalMs: 20,
      now: () => new Date(graph.world.now),
    });
    await running.start();
    try {
      graph.simulators.BIF.changes.close(closing.id);
      await eventApplied;
      expect(await invitationsFor(closing.cvr, closing.id)).toHaveLength(1);
    } finally {
      await running.stop();
      restoreLogs();
    }
  });
});
