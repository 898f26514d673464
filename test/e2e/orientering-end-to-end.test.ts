import { randomBytes } from "node:crypto";
import { connect, type ChannelModel } from "amqplib";
import { deadLetterQueue, WebhookDispatcher, type CaseEventOutcome } from "@company-graph/crm";
import type { CommonCase } from "@company-graph/mocks";
import { Webhook } from "standardwebhooks";
import { startGraph, type Graph } from "../harness/graph";
import type { Actor } from "../harness/identities";
import { partnerFeedGrant } from "../harness/partner-grants";
import { runTrustedOperation, startWebhookReceiver, type WebhookReceiver } from "../harness/partner-webhooks";
import { openEventStream, type EventStream } from "../harness/sse";

// Løbende orientering end to end through the gateway, on each transport the departments' business
// events can take — the embedded default `npm start` runs (the simulated broker) and RabbitMQ, as
// production and CI run it: a caseworker decides a case in the department's system (its admin
// endpoint), and from that one event the key account manager who follows the company gets one
// Danish notification on the live stream and in `me.notifications`, a partner's webhook receiver
// gets one signed delivery, and the partner's change feed lists the change once, in the delivery's
// shape. Every channel is counted: the next thing each one carries is the next decision's.
// RabbitMQ is required: without it the RabbitMQ scenario fails, saying how to start it.

interface Transport {
  name: string;
  start(): Promise<Graph>;
  /** Lets the department make its change and resolves once the CRM has applied its one business event. */
  applyOne(graph: Graph, change: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

const embedded: Transport = {
  name: "the embedded default (simulated broker)",
  start: () => startGraph(),
  async applyOne(graph, change) {
    await change();
    expect(await graph.caseEvents.pollOnce()).toBe(1);
  },
  stop: async () => undefined,
};

const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const suffix = randomBytes(6).toString("hex");
const topology = {
  url: RABBITMQ_URL,
  exchange: `test.haendelser.${suffix}`,
  queue: `test.crm.${suffix}`,
  signalsExchange: `test.notifikationer.${suffix}`,
};
let admin: ChannelModel | undefined;

const rabbitMq: Transport = {
  name: "RabbitMQ",
  async start() {
    admin = await connect(RABBITMQ_URL).catch((error: Error) => {
      throw new Error(
        `RabbitMQ svarer ikke / RabbitMQ does not answer at ${new URL(RABBITMQ_URL).host} (${error.message}). Start it with: rabbitmq-server -detached`,
      );
    });
    return startGraph({ rabbitMq: topology });
  },
  async applyOne(graph, change) {
    const settled = new Promise<CaseEventOutcome>((resolve) => graph.amqpCaseEvents!.once("outcome", resolve));
    await change();
    expect(await settled).toMatchObject({ kind: "applied" });
  },
  async stop() {
    if (!admin) return;
    const channel = await admin.createChannel();
    await channel.deleteQueue(topology.queue);
    await channel.deleteQueue(deadLetterQueue(topology.queue));
    await channel.deleteExchange(topology.exchange);
    await channel.deleteExchange(topology.signalsExchange);
    await admin.close();
  },
};

const PARTNER = {
  role: "PARTNER" as const,
  userId: "partner-erhvervshus-orientering",
  grant: partnerFeedGrant({ departments: ["TMF"], kinds: ["case.decided"] }),
};
const SUBSCRIPTION_FILTER = { kinds: ["CASE_DECIDED"], departments: ["TMF"] };
const NOTIFICATION_FIELDS = "id kind department text objectId withheld company { cvr }";

describe.each([embedded, rabbitMq])("løbende orientering on $name", (transport) => {
  let graph: Graph;
  let receiver: WebhookReceiver;
  const streams: EventStream[] = [];
  beforeAll(async () => {
    graph = await transport.start();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await receiver?.close();
    await graph?.stop();
    await transport.stop();
  });

  async function ok(actor: Actor, document: string, variables: Record<string, unknown> = {}) {
    const response = await graph.queryAs<any>(actor, document, variables);
    expect(response.errors).toBeUndefined();
    return response.data;
  }

  async function open(actor: Actor): Promise<EventStream> {
    const stream = await openEventStream(`${graph.gatewayBase}/graphql/stream`, {
      token: graph.tokenFor(actor),
      query: `subscription { notificationAdded { ${NOTIFICATION_FIELDS} } }`,
    });
    streams.push(stream);
    expect(stream.status).toBe(200);
    return stream;
  }

  /** The next notification on a stream, its SSE id checked against the notification's. */
  async function nextNotification(stream: EventStream) {
    const event = await stream.next();
    expect(event?.event).toBe("next");
    const payload = JSON.parse(event!.data);
    expect(payload.errors).toBeUndefined();
    expect(event!.id).toBe(payload.data.notificationAdded.id);
    return payload.data.notificationAdded;
  }

  async function notificationsOf(actor: Actor, caseId: string) {
    const data = await ok(actor, `{ me { notifications(first: 50) { edges { node { ${NOTIFICATION_FIELDS} read } } } } }`);
    return data.me.notifications.edges.map((edge: any) => edge.node).filter((node: any) => node.objectId === caseId);
  }

  /** A caseworker's decision in the department's system, through its admin endpoint. */
  const decide = (decided: CommonCase) => async () => {
    const response = await fetch(`${graph.simulators.TMF.baseUrl}/__admin/cases/${decided.id}/decide`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(200);
  };

  /** Two open, undecided TMF cases of two companies a partner may hear about (not advertising-protected). */
  async function twoUndecidedCases(): Promise<[CommonCase, CommonCase]> {
    const protectedCvrs = new Set(
      (await graph.crmDatabase.prisma.company.findMany({ where: { advertisingProtected: true }, select: { cvr: true } })).map(
        (company) => company.cvr,
      ),
    );
    const open = (graph.world.cases.TMF as CommonCase[]).filter(
      (candidate) => !candidate.closedAt && !candidate.decidedAt && !protectedCvrs.has(candidate.cvr),
    );
    const first = open[0];
    const second = open.find((candidate) => candidate.cvr !== first.cvr);
    if (!first || !second) throw new Error("the world has no two companies with an undecided TMF case");
    return [first, second];
  }

  async function assignToKam(cvr: string, kamId: string) {
    await ok(
      "KEY_ACCOUNT_MANAGER",
      `mutation($input: AssignKeyAccountManagerInput!) { assignKeyAccountManager(input: $input) { isCurrent } }`,
      { input: { idempotencyKey: `kam-${cvr}`, cvr, employeeId: kamId, reason: "Strategisk virksomhed" } },
    );
  }

  it("brings a decided case to the following key account manager (stream and list), the partner's webhook and its feed, once each; a colleague who does not follow gets nothing", async () => {
    const [decided, next] = await twoUndecidedCases();
    const kamId = (await ok("KEY_ACCOUNT_MANAGER", `{ me { employee { id } } }`)).me.employee.id;
    await assignToKam(decided.cvr, kamId);
    await assignToKam(next.cvr, kamId);
    await ok("FRONT_OFFICE", `mutation($cvr: ID!) { followCompany(cvr: $cvr) { following } }`, { cvr: next.cvr });
    const registered = await runTrustedOperation(graph, PARTNER, "RegisterWebhook", {
      input: { url: receiver.url, ...SUBSCRIPTION_FILTER },
    });
    expect(registered.errors).toBeUndefined();
    const secret: string = registered.data.registerWebhook.secret;
    // The CRM's outbox sender as each CRM replica runs it; its clock is the real one the receiver's signature check compares with.
    const dispatcher = new WebhookDispatcher({ db: graph.crmDatabase.prisma, policy: "loopback", now: () => new Date(), random: () => 0 });
    const kam = await open("KEY_ACCOUNT_MANAGER");
    const colleague = await open("FRONT_OFFICE");

    await transport.applyOne(graph, decide(decided));

    // (1) The live stream: the Danish notification with the case's title.
    const live = await nextNotification(kam);
    expect(live).toMatchObject({
      kind: "CASE_DECIDED",
      department: "TMF",
      objectId: decided.id,
      withheld: false,
      company: { cvr: decided.cvr },
    });
    expect(live.text).toMatch(/^Teknik- og Miljøforvaltningen har truffet afgørelse /);
    expect(live.text).toContain(decided.title);

    // (2) The same notification, once, in the key account manager's list; the colleague's has none.
    expect(await notificationsOf("KEY_ACCOUNT_MANAGER", decided.id)).toEqual([{ ...live, read: false }]);
    expect(await notificationsOf("FRONT_OFFICE", decided.id)).toEqual([]);

    // (3) One signed delivery, verified as the partner verifies it.
    expect(await dispatcher.runOnce()).toBe(1);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    const payload = new Webhook(secret).verify(delivery.body, delivery.headers) as any;
    expect(payload).toMatchObject({
      type: "case.decided",
      data: {
        node: {
          kind: "CASE_DECIDED",
          cvr: decided.cvr,
          department: "TMF",
          objectId: decided.id,
          withheld: false,
          case: { title: decided.title },
        },
      },
    });

    // (4) The feed lists the change once, in the delivery's shape.
    const feed = await runTrustedOperation(graph, PARTNER, "PartnerChanges", { first: 100, filter: SUBSCRIPTION_FILTER });
    expect(feed.errors).toBeUndefined();
    expect(feed.data.changes.edges.filter((edge: any) => edge.node.objectId === decided.id)).toEqual([payload.data]);

    // Counted: the next thing every channel carries is the next decision's, so nothing else came for the first.
    await transport.applyOne(graph, decide(next));
    expect(await nextNotification(kam)).toMatchObject({ objectId: next.id });
    expect(await nextNotification(colleague)).toMatchObject({ objectId: next.id });
    expect(kam.received).toHaveLength(2);
    expect(colleague.received).toHaveLength(1);
    expect(await dispatcher.runOnce()).toBe(1);
    const deliveredCases = receiver.received.map(
      (request) => (new Webhook(secret).verify(request.body, request.headers) as any).data.node.objectId,
    );
    expect(deliveredCases).toEqual([decided.id, next.id]);
    const after = await runTrustedOperation(graph, PARTNER, "PartnerChanges", {
      first: 100,
      filter: SUBSCRIPTION_FILTER,
      after: payload.data.cursor,
    });
    expect(after.data.changes.edges.map((edge: any) => edge.node.objectId)).toEqual([next.id]);
  });
});
