import { WebhookDispatcher } from "@company-graph/crm";
import type { CommonCase } from "@company-graph/mocks";
import { Webhook } from "standardwebhooks";
import { startGraph, type Graph } from "../harness/graph";
import { partnerFeedGrant } from "../harness/partner-grants";
import { runTrustedOperation, startWebhookReceiver, trustedOperation, type WebhookReceiver } from "../harness/partner-webhooks";

// An integration partner keeps up with the companies' changes, end to end through the gateway:
// it registers a webhook (a receiver on 127.0.0.1) with its trusted operations, a caseworker
// decides a case in the department's system, the embedded broker relays the event, and the
// receiver gets exactly one signed delivery it verifies with standardwebhooks; the feed lists
// the change once, in the delivery's shape. A receiver that was down gets every delivery
// afterwards, in order per company.

let graph: Graph;
let receiver: WebhookReceiver;
beforeAll(async () => {
  graph = await startGraph();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await graph?.stop();
});

/** The webhook dispatcher as each CRM replica runs it, on a clock the test moves; it starts at the real time, which the receiver's signature check compares with. */
let clockMs = Date.now();
const dispatcher = () =>
  new WebhookDispatcher({ db: graph.crmDatabase.prisma, policy: "loopback", now: () => new Date(clockMs), random: () => 0 });

const PARTNER = {
  role: "PARTNER" as const,
  userId: "partner-erhvervshus-e2e",
  grant: partnerFeedGrant({ departments: ["TMF"], kinds: ["case.decided"] }),
};

const persisted = (actor: Parameters<Graph["tokenFor"]>[0], name: string, variables: Record<string, unknown> = {}) =>
  runTrustedOperation(graph, actor, name, variables);

async function decide(caseId: string) {
  const response = await fetch(`${graph.simulators.TMF.baseUrl}/__admin/cases/${caseId}/decide`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  expect(response.status).toBe(200);
}

/** Undecided open TMF cases of companies that are not advertising-protected, by company. */
async function undecidedByCompany(): Promise<Map<string, CommonCase[]>> {
  const open = (graph.world.cases.TMF as CommonCase[]).filter((candidate) => !candidate.closedAt && !candidate.decidedAt);
  const protectedCvrs = new Set(
    (await graph.crmDatabase.prisma.company.findMany({ where: { advertisingProtected: true }, select: { cvr: true } })).map(
      (company) => company.cvr,
    ),
  );
  const byCompany = new Map<string, CommonCase[]>();
  for (const candidate of open.filter((found) => !protectedCvrs.has(found.cvr)))
    byCompany.set(candidate.cvr, [...(byCompany.get(candidate.cvr) ?? []), candidate]);
  return byCompany;
}

const SUBSCRIPTION_FILTER = { kinds: ["CASE_DECIDED"], departments: ["TMF"] };

describe("the change feed and webhooks for an integration partner (embedded broker)", () => {
  let secret: string;
  const taken = new Set<string>();

  it("delivers one signed change for a decided case, and the feed lists it once in the same shape", async () => {
    const registered = await persisted(PARTNER, "RegisterWebhook", { input: { url: receiver.url, ...SUBSCRIPTION_FILTER } });
    expect(registered.errors).toBeUndefined();
    secret = registered.data.registerWebhook.secret;
    expect(secret).toMatch(/^whsec_/);

    const [[cvr, [decided]]] = [...(await undecidedByCompany())];
    taken.add(decided.id);
    await decide(decided.id);
    expect(await graph.caseEvents.pollOnce()).toBe(1);
    expect(await dispatcher().runOnce()).toBe(1);
    expect(await dispatcher().runOnce()).toBe(0);

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    const payload = new Webhook(secret).verify(delivery.body, delivery.headers) as any;
    expect(payload).toMatchObject({
      type: "case.decided",
      data: {
        node: { kind: "CASE_DECIDED", cvr, department: "TMF", objectId: decided.id, withheld: false, case: { title: decided.title } },
      },
    });

    const feed = await persisted(PARTNER, "PartnerChanges", { first: 100, filter: SUBSCRIPTION_FILTER });
    expect(feed.errors).toBeUndefined();
    const listed = feed.data.changes.edges.filter((edge: any) => edge.node.objectId === decided.id);
    expect(listed).toEqual([payload.data]);
    // The delivery's cursor continues the feed right after the change.
    const after = await persisted(PARTNER, "PartnerChanges", { first: 100, filter: SUBSCRIPTION_FILTER, after: payload.data.cursor });
    expect(after.data.changes.edges).toEqual([]);

    const log = await persisted(PARTNER, "WebhookSubscriptions", { first: 5 });
    expect(log.errors).toBeUndefined();
    expect(log.data.webhookSubscriptions[0].deliveries.edges.map((edge: any) => edge.node)).toEqual([
      expect.objectContaining({
        id: delivery.headers["webhook-id"],
        status: "DELIVERED",
        cursor: payload.data.cursor,
        attempts: [expect.objectContaining({ number: 1, statusCode: 200, error: null })],
      }),
    ]);
  });

  it("gets a receiver that was down every delivery afterwards, in order per company", async () => {
    receiver.received.length = 0;
    receiver.answerWith(503);
    const companies = [...(await undecidedByCompany())].map(
      ([cvr, cases]) => [cvr, cases.filter((found) => !taken.has(found.id))] as const,
    );
    const [cvrA, casesA] = companies.find(([, cases]) => cases.length >= 2)!;
    const [cvrB, casesB] = companies.find(([cvr, cases]) => cvr !== cvrA && cases.length >= 1)!;
    const decisions = [casesA[0], casesB[0], casesA[1]];
    for (const found of decisions) {
      taken.add(found.id);
      await decide(found.id);
    }
    expect(await graph.caseEvents.pollOnce()).toBe(3);

    // Down: each company's oldest change is tried; the next waits behind it.
    expect(await dispatcher().runOnce()).toBe(2);
    clockMs += 30_000;
    expect(await dispatcher().runOnce()).toBe(2);
    expect(receiver.delivered()).toHaveLength(0);

    receiver.answerWith(204);
    clockMs += 60_000;
    expect(await dispatcher().runOnce()).toBe(3);
    const delivered = receiver.delivered().map((request) => (new Webhook(secret).verify(request.body, request.headers) as any).data.node);
    expect(delivered).toHaveLength(3);
    expect(delivered.filter((node) => node.cvr === cvrA).map((node) => node.objectId)).toEqual([casesA[0].id, casesA[1].id]);
    expect(delivered.filter((node) => node.cvr === cvrB).map((node) => node.objectId)).toEqual([casesB[0].id]);
    expect(new Set(receiver.received.map((request) => request.headers["webhook-id"])).size).toBe(3);
  });

  it("keeps partners to their grant: another department's changes, fields outside it, their own queries", async () => {
    const bifOnly = {
      role: "PARTNER" as const,
      userId: "partner-bif",
      grant: partnerFeedGrant({ departments: ["BIF"], kinds: ["case.decided"] }),
    };
    const other = await persisted(bifOnly, "PartnerChanges", { first: 100, filter: SUBSCRIPTION_FILTER });
    expect(other).toEqual({ data: { changes: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } });
    // The other partner does not see the first one's webhooks.
    expect((await persisted(bifOnly, "WebhookSubscriptions")).data.webhookSubscriptions).toEqual([]);

    const noSummary = {
      ...PARTNER,
      grant: partnerFeedGrant({ departments: ["TMF"], kinds: ["case.decided"] }, { without: ["Change.summary"] }),
    };
    const narrowed = await persisted(noSummary, "PartnerChanges", { first: 1, filter: SUBSCRIPTION_FILTER });
    expect(narrowed.data.changes.edges[0].node.summary).toBeNull();
    expect(narrowed.errors!.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);

    const raw = await fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${graph.tokenFor(PARTNER)}` },
      body: JSON.stringify({ query: trustedOperation("PartnerChanges"), variables: {} }),
    });
    expect(raw.status).toBe(403);

    const analyst = await graph.queryAs<any>("ANALYST", `{ changes(first: 1) { edges { cursor } } }`);
    expect(analyst.errors!.map((error: any) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    const staff = await graph.queryAs<any>(
      "KEY_ACCOUNT_MANAGER",
      `query($filter: ChangeFilter) { changes(first: 100, filter: $filter) { edges { node { objectId } } } }`,
      { filter: SUBSCRIPTION_FILTER },
    );
    expect(staff.data.changes.edges.length).toBeGreaterThanOrEqual(4);
    // A staff member has no webhooks to register.
    const refused = await graph.queryAs<any>(
      "KEY_ACCOUNT_MANAGER",
      `mutation { registerWebhook(input: { url: "http://127.0.0.1:9/", kinds: [CASE_DECIDED] }) { secret } }`,
    );
    expect(refused.errors!.map((error: any) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
  });
});
