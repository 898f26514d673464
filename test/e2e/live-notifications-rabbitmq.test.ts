import { randomBytes } from "node:crypto";
import { connect, type ChannelModel } from "amqplib";
import { deadLetterQueue, type CaseEventOutcome } from "@company-graph/crm";
import type { CommonCase } from "@company-graph/mocks";
import { startGraph, type Graph } from "../harness/graph";
import { openEventStream, type EventStream } from "../harness/sse";

// The production transport of live notifications: the department publishes its business event to
// RabbitMQ, the CRM consumes it, its trigger's signal goes out on the CRM's fanout exchange, and
// each gateway replica's own exclusive queue brings it to the streams it holds. RabbitMQ is
// required: without it this fails, saying how to start it.

const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const suffix = randomBytes(6).toString("hex");
const topology = {
  url: RABBITMQ_URL,
  exchange: `test.haendelser.${suffix}`,
  queue: `test.crm.${suffix}`,
  signalsExchange: `test.notifikationer.${suffix}`,
};

let admin: ChannelModel;
let graph: Graph;
const streams: EventStream[] = [];
beforeAll(async () => {
  admin = await connect(RABBITMQ_URL).catch((error: Error) => {
    throw new Error(
      `RabbitMQ svarer ikke / RabbitMQ does not answer at ${new URL(RABBITMQ_URL).host} (${error.message}). Start it with: rabbitmq-server -detached`,
    );
  });
  graph = await startGraph({ rabbitMq: topology });
});
afterAll(async () => {
  for (const stream of streams) stream.close();
  await graph?.stop();
  if (!admin) return;
  const channel = await admin.createChannel();
  await channel.deleteQueue(topology.queue);
  await channel.deleteQueue(deadLetterQueue(topology.queue));
  await channel.deleteExchange(topology.exchange);
  await channel.deleteExchange(topology.signalsExchange);
  await admin.close();
});

function applied(): Promise<CaseEventOutcome> {
  return new Promise((resolve) => graph.amqpCaseEvents!.once("outcome", resolve));
}

async function open(actor: Parameters<Graph["tokenFor"]>[0], base = graph.gatewayBase): Promise<EventStream> {
  const stream = await openEventStream(`${base}/graphql/stream`, {
    token: graph.tokenFor(actor),
    query: `subscription { notificationAdded { id kind text objectId } }`,
  });
  streams.push(stream);
  expect(stream.status).toBe(200);
  return stream;
}

it("brings the key account manager, on both gateway replicas, the decided case's notification once; a colleague who does not follow gets none", async () => {
  const [decided, later] = (graph.world.cases.TMF as CommonCase[]).filter((sourceCase) => !sourceCase.closedAt && !sourceCase.decidedAt);
  const kamId = (await graph.query<any>(`{ me { employee { id } } }`)).data!.me.employee.id;
  for (const { cvr } of [decided, later]) {
    const assigned = await graph.query(
      `mutation($input: AssignKeyAccountManagerInput!) { assignKeyAccountManager(input: $input) { isCurrent } }`,
      { input: { idempotencyKey: `kam-${cvr}`, cvr, employeeId: kamId, reason: "Strategisk virksomhed" } },
    );
    expect(assigned.errors).toBeUndefined();
  }
  expect(
    (await graph.queryAs("FRONT_OFFICE", `mutation($cvr: ID!) { followCompany(cvr: $cvr) { following } }`, { cvr: later.cvr })).errors,
  ).toBeUndefined();
  const replica = await graph.startGatewayReplica();
  try {
    const kam = await open("KEY_ACCOUNT_MANAGER");
    const kamOnReplica = await open("KEY_ACCOUNT_MANAGER", replica.base);
    const colleague = await open("FRONT_OFFICE", replica.base);

    const settled = applied();
    expect(
      (
        await fetch(`${graph.simulators.TMF.baseUrl}/__admin/cases/${decided.id}/decide`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        })
      ).status,
    ).toBe(200);
    expect(await settled).toMatchObject({ kind: "applied" });
    for (const stream of [kam, kamOnReplica]) {
      const event = await stream.next();
      const payload = JSON.parse(event!.data);
      expect(payload.data.notificationAdded).toMatchObject({
        kind: "CASE_DECIDED",
        objectId: decided.id,
        text: expect.stringMatching(/^Teknik- og Miljøforvaltningen har truffet afgørelse /),
      });
      expect(event!.id).toBe(payload.data.notificationAdded.id);
    }

    // The colleague's first event is the next change both follow: nothing came for the first.
    const next = applied();
    expect(
      (
        await fetch(`${graph.simulators.TMF.baseUrl}/__admin/cases/${later.id}/decide`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        })
      ).status,
    ).toBe(200);
    await next;
    expect(JSON.parse((await colleague.next())!.data).data.notificationAdded).toMatchObject({ objectId: later.id });
    expect(JSON.parse((await kam.next())!.data).data.notificationAdded).toMatchObject({ objectId: later.id });
    expect(colleague.received).toHaveLength(1);
    expect(kam.received).toHaveLength(2);
  } finally {
    for (const stream of streams.splice(0)) stream.close();
    await replica.stop();
  }
});
