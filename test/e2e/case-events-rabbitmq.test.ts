import { randomBytes } from "node:crypto";
import { connect, type ChannelModel } from "amqplib";
import { deadLetterQueue, type CaseEventOutcome } from "@company-graph/crm";
import type { CommonCase } from "@company-graph/mocks";
import { startGraph, type Graph } from "../harness/graph";

// The production transport end to end: a caseworker closes a case in a department system (its
// admin endpoint), the system publishes the business event to RabbitMQ with a publisher confirm,
// the CRM consumes it from its own queue, and the company's survey shows through the gateway.
// RabbitMQ is required: without it this fails, saying how to start it.

const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const suffix = randomBytes(6).toString("hex");
const topology = { url: RABBITMQ_URL, exchange: `test.haendelser.${suffix}`, queue: `test.crm.${suffix}` };

let admin: ChannelModel;
let graph: Graph;
beforeAll(async () => {
  admin = await connect(RABBITMQ_URL).catch((error: Error) => {
    throw new Error(
      `RabbitMQ svarer ikke / RabbitMQ does not answer at ${new URL(RABBITMQ_URL).host} (${error.message}). Start it with: rabbitmq-server -detached`,
    );
  });
  graph = await startGraph({ rabbitMq: topology });
});
afterAll(async () => {
  await graph?.stop();
  if (!admin) return;
  const channel = await admin.createChannel();
  await channel.deleteQueue(topology.queue);
  await channel.deleteQueue(deadLetterQueue(topology.queue));
  await channel.deleteExchange(topology.exchange);
  await admin.close();
});

function applied(messageCount: number): Promise<CaseEventOutcome[]> {
  const outcomes: CaseEventOutcome[] = [];
  return new Promise((resolve) => {
    const listener = (outcome: CaseEventOutcome) => {
      outcomes.push(outcome);
      if (outcomes.length === messageCount) {
        graph.amqpCaseEvents!.off("outcome", listener);
        resolve(outcomes);
      }
    };
    graph.amqpCaseEvents!.on("outcome", listener);
  });
}

it("issues the company's survey for a case a caseworker closed, through RabbitMQ, once", async () => {
  const closing = (graph.world.cases.TMF as CommonCase[]).find((sourceCase) => !sourceCase.closedAt)!;
  const settled = applied(1);
  const closed = await fetch(`${graph.simulators.TMF.baseUrl}/__admin/cases/${closing.id}/close`, { method: "POST" });
  expect(closed.status).toBe(200);
  expect(await settled).toEqual([{ kind: "applied", messageId: expect.any(String) }]);

  const response = await graph.query<{ company: { surveyInvitations: { caseId: string | null; service: { id: string } | null }[] } }>(
    `query($cvr: ID!) { company(cvr: $cvr) { surveyInvitations { caseId service { id } } } }`,
    { cvr: closing.cvr },
  );
  expect(response.errors).toBeUndefined();
  expect(response.data!.company.surveyInvitations.filter((invitation) => invitation.caseId === closing.id)).toEqual([
    { caseId: closing.id, service: { id: closing.serviceId } },
  ]);
  expect(
    await graph.crmDatabase.prisma.companyChange.findMany({ where: { objectId: closing.id }, select: { kind: true, department: true } }),
  ).toEqual([{ kind: "case.closed", department: "TMF" }]);
  expect(graph.simulators.TMF.outbox.status).toMatchObject({ pending: 0, published: 1 });
});

it("notifies a follower of a decision consumed from RabbitMQ, once", async () => {
  const deciding = (graph.world.cases.TMF as CommonCase[]).find((sourceCase) => !sourceCase.closedAt && !sourceCase.decidedAt)!;
  const followed = await graph.queryAs<any>("FRONT_OFFICE", `mutation($cvr: ID!) { followCompany(cvr: $cvr) { following } }`, {
    cvr: deciding.cvr,
  });
  expect(followed.errors).toBeUndefined();
  const settled = applied(1);
  expect((await fetch(`${graph.simulators.TMF.baseUrl}/__admin/cases/${deciding.id}/decide`, { method: "POST" })).status).toBe(200);
  expect(await settled).toEqual([{ kind: "applied", messageId: expect.any(String) }]);

  const response = await graph.queryAs<any>(
    "FRONT_OFFICE",
    `{ me { notifications(first: 10) { edges { node { kind objectId text read } } } } }`,
  );
  expect(response.errors).toBeUndefined();
  const ofCase = response.data.me.notifications.edges.map((edge: any) => edge.node).filter((node: any) => node.objectId === deciding.id);
  expect(ofCase).toEqual([
    {
      kind: "CASE_DECIDED",
      objectId: deciding.id,
      text: expect.stringMatching(/^Teknik- og Miljøforvaltningen har truffet afgørelse /),
      read: false,
    },
  ]);
});
