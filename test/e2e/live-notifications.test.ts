import type { CommonCase } from "@company-graph/mocks";
import { startGraph, type Graph } from "../harness/graph";
import { openEventStream, type EventStream } from "../harness/sse";

// Live notifications end to end on `npm start`'s embedded default: a caseworker decides a case in
// a department system (its admin endpoint), the simulated broker relays the business event, the
// CRM writes the followers' notifications, its trigger signals each one through the simulated
// broker to every gateway replica, and the follower's open stream at /graphql/stream receives
// the notification as the graph resolves it for them. Events are counted: each test proves
// "exactly one" by the next event being the one that came after.

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

const SUBSCRIPTION = `subscription Live { notificationAdded { id kind department text objectId withheld company { cvr } } }`;
const BIF_CASEWORKER = { role: "CASEWORKER", department: "BIF" } as const;
type Actor = Parameters<Graph["queryAs"]>[0];

const streams: EventStream[] = [];
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

async function open(
  actor: Actor,
  options: { lastEventId?: string; base?: string; variables?: Record<string, unknown>; query?: string } = {},
): Promise<EventStream> {
  const stream = await openEventStream(`${options.base ?? graph.gatewayBase}/graphql/stream`, {
    token: graph.tokenFor(actor),
    query: options.query ?? SUBSCRIPTION,
    ...options,
  });
  streams.push(stream);
  expect(stream.status).toBe(200);
  return stream;
}

/** The next notification on a stream: its SSE id and the notification as the event carries it. */
async function nextNotification(stream: EventStream): Promise<{ id: string | undefined; notification: any }> {
  const event = await stream.next();
  expect(event?.event).toBe("next");
  const payload = JSON.parse(event!.data);
  expect(payload.errors).toBeUndefined();
  expect(payload.extensions.cursor).toBe(event!.id);
  return { id: event!.id, notification: payload.data.notificationAdded };
}

async function ok(actor: Actor, document: string, variables: Record<string, unknown> = {}) {
  const response = await graph.queryAs<any>(actor, document, variables);
  expect(response.errors).toBeUndefined();
  return response.data;
}

const used = new Set<string>();
/** An open, undecided case of a department (of a type, when given) of a company no earlier test used. */
function undecidedCase(department: "BIF" | "TMF", caseType?: string): CommonCase {
  const found = (graph.world.cases[department] as CommonCase[]).find(
    (candidate) =>
      !candidate.closedAt && !candidate.decidedAt && (!caseType || candidate.caseType === caseType) && !used.has(candidate.cvr),
  );
  if (!found) throw new Error(`no undecided ${department} ${caseType ?? ""} case in the world`);
  used.add(found.cvr);
  return found;
}

async function follow(actor: Actor, cvr: string) {
  await ok(actor, `mutation($cvr: ID!) { followCompany(cvr: $cvr) { following } }`, { cvr });
}

/** Decides the case in its department's system and lets the CRM apply the event; resolves once the notifications are committed. */
async function decide(decided: CommonCase, department: "BIF" | "TMF") {
  const response = await fetch(`${graph.simulators[department].baseUrl}/__admin/cases/${decided.id}/decide`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  expect(response.status).toBe(200);
  expect(await graph.caseEvents.pollOnce()).toBe(1);
}

async function assignToKam(cvr: string) {
  const kamId = (await ok("KEY_ACCOUNT_MANAGER", `{ me { employee { id } } }`)).me.employee.id;
  await ok(
    "KEY_ACCOUNT_MANAGER",
    `mutation($input: AssignKeyAccountManagerInput!) { assignKeyAccountManager(input: $input) { isCurrent } }`,
    {
      input: { idempotencyKey: `kam-${cvr}`, cvr, employeeId: kamId, reason: "Strategisk virksomhed" },
    },
  );
}

describe("the notification stream (embedded broker)", () => {
  it("brings the key account manager exactly one event with the Danish text of a decided TMF case, and a colleague who does not follow none", async () => {
    const decided = undecidedCase("TMF");
    const later = undecidedCase("TMF");
    await assignToKam(decided.cvr);
    await assignToKam(later.cvr);
    await follow("FRONT_OFFICE", later.cvr);
    const signalsBefore = await graph.broker.notificationSignals.page(undefined, 0);
    const kam = await open("KEY_ACCOUNT_MANAGER");
    const colleague = await open("FRONT_OFFICE");

    await decide(decided, "TMF");
    const first = await nextNotification(kam);
    expect(first.notification).toMatchObject({
      kind: "CASE_DECIDED",
      department: "TMF",
      objectId: decided.id,
      withheld: false,
      company: { cvr: decided.cvr },
    });
    expect(first.notification.text).toMatch(/^Teknik- og Miljøforvaltningen har truffet afgørelse /);
    expect(first.notification.text).toContain(decided.title);
    expect(first.id).toBe(first.notification.id);
    const [newest] = (await ok("KEY_ACCOUNT_MANAGER", `{ me { notifications(first: 1) { edges { node { id text } } } } }`)).me.notifications
      .edges;
    expect(newest.node).toEqual({ id: first.notification.id, text: first.notification.text });

    // A change both follow: the colleague's first event is this one (none for the first case), the manager's second.
    await decide(later, "TMF");
    const kamSecond = await nextNotification(kam);
    const colleagueFirst = await nextNotification(colleague);
    expect(kamSecond.notification).toMatchObject({ objectId: later.id });
    expect(colleagueFirst.notification).toMatchObject({ objectId: later.id });
    expect(colleagueFirst.id).not.toBe(kamSecond.id);
    expect(kam.received.map((event) => event.event)).toEqual(["next", "next"]);
    expect(colleague.received.map((event) => event.event)).toEqual(["next"]);
    // Signalled once per notification (three rows), ids only.
    const { signals: sent } = await graph.broker.notificationSignals.page(signalsBefore.last, 0);
    expect(sent).toHaveLength(3);
    for (const signal of sent) expect(Object.keys(signal).sort()).toEqual(["employeeId", "notificationId", "sequence"]);
  });

  it("gives a caseworker and a front-office colleague who follow the same company each their own notification of a confidential case, the detail only to the caseworker", async () => {
    const sickPay = undecidedCase("BIF", "sick-pay-refund");
    await follow(BIF_CASEWORKER, sickPay.cvr);
    await follow("FRONT_OFFICE", sickPay.cvr);
    const caseworker = await open(BIF_CASEWORKER);
    const front = await open("FRONT_OFFICE");

    await decide(sickPay, "BIF");
    const own = await nextNotification(caseworker);
    const withheld = await nextNotification(front);
    expect(own.notification).toMatchObject({ withheld: false, objectId: sickPay.id, text: expect.stringContaining(sickPay.title) });
    expect(withheld.notification).toMatchObject({ withheld: true, objectId: null, kind: "CASE_DECIDED", department: "BIF" });
    expect(JSON.stringify(front.received)).not.toContain(sickPay.title);
    expect(JSON.stringify(front.received)).not.toContain(sickPay.id);
    expect(own.id).not.toBe(withheld.id);
    // Neither id names the other's notification in the graph.
    expect(
      (await ok("FRONT_OFFICE", `query($id: ID!) { me { notification(id: $id) { id } } }`, { id: own.id })).me.notification,
    ).toBeNull();
    expect(
      (await ok(BIF_CASEWORKER, `query($id: ID!) { me { notification(id: $id) { id } } }`, { id: withheld.id })).me.notification,
    ).toBeNull();
  });

  it("delivers on reconnect with Last-Event-ID exactly the notification missed while away, then goes on live", async () => {
    const [seen, missed, live] = [undecidedCase("TMF"), undecidedCase("TMF"), undecidedCase("TMF")];
    for (const { cvr } of [seen, missed, live]) await assignToKam(cvr);
    const first = await open("KEY_ACCOUNT_MANAGER");
    await decide(seen, "TMF");
    const { id: lastEventId } = await nextNotification(first);
    first.close();

    await decide(missed, "TMF");
    const resumed = await open("KEY_ACCOUNT_MANAGER", { lastEventId });
    expect((await nextNotification(resumed)).notification).toMatchObject({ objectId: missed.id });
    await decide(live, "TMF");
    expect((await nextNotification(resumed)).notification).toMatchObject({ objectId: live.id });
    expect(resumed.received).toHaveLength(2);
  });

  it("resumes from the `after` argument as from Last-Event-ID", async () => {
    const [seen, missed] = [undecidedCase("TMF"), undecidedCase("TMF")];
    for (const { cvr } of [seen, missed]) await assignToKam(cvr);
    const first = await open("KEY_ACCOUNT_MANAGER");
    await decide(seen, "TMF");
    const { id: after } = await nextNotification(first);
    first.close();
    await decide(missed, "TMF");
    const resumed = await open("KEY_ACCOUNT_MANAGER", {
      query: `subscription($after: ID) { notificationAdded(after: $after) { id objectId } }`,
      variables: { after },
    });
    expect((await nextNotification(resumed)).notification).toMatchObject({ objectId: missed.id });
  });

  it("delivers through a second gateway replica a notification signalled once; that replica's stop ends its stream, and the client resumes on a restarted one without losing what came meanwhile", async () => {
    let replica = await graph.startGatewayReplica();
    try {
      const [decided, meanwhile, after] = [undecidedCase("TMF"), undecidedCase("TMF"), undecidedCase("TMF")];
      for (const { cvr } of [decided, meanwhile, after]) await assignToKam(cvr);
      const before = (await graph.broker.notificationSignals.page(undefined, 0)).last;
      const onReplica = await open("KEY_ACCOUNT_MANAGER", { base: replica.base });
      const onFirst = await open("KEY_ACCOUNT_MANAGER");
      await decide(decided, "TMF");
      const [viaReplica, viaFirst] = [await nextNotification(onReplica), await nextNotification(onFirst)];
      expect(viaReplica.notification).toMatchObject({ objectId: decided.id });
      expect(viaFirst.id).toBe(viaReplica.id);
      expect((await graph.broker.notificationSignals.page(before, 0)).signals).toHaveLength(1);

      // SIGTERM's drain: the stream's last event says to reconnect, then it completes.
      const stopping = replica.stop();
      const last = await onReplica.next();
      expect(JSON.parse(last!.data).errors[0]).toMatchObject({
        extensions: { code: "STREAM_LIMIT", reason: "draining" },
        message: expect.stringMatching(/^Gatewayen lukker ned/),
      });
      expect((await onReplica.next())?.event).toBe("complete");
      await stopping;
      await decide(meanwhile, "TMF");
      replica = await graph.startGatewayReplica();
      const resumed = await open("KEY_ACCOUNT_MANAGER", { base: replica.base, lastEventId: viaReplica.id });
      expect((await nextNotification(resumed)).notification).toMatchObject({ objectId: meanwhile.id });
      await decide(after, "TMF");
      expect((await nextNotification(resumed)).notification).toMatchObject({ objectId: after.id });
      expect(resumed.received).toHaveLength(2);
    } finally {
      for (const stream of streams.splice(0)) stream.close();
      await replica.stop();
    }
  });

  it("refuses a stream without a valid token (UNAUTHENTICATED) and a query sent to it (BAD_USER_INPUT), in Danish", async () => {
    const anonymous = await openEventStream(`${graph.gatewayBase}/graphql/stream`, { token: "not-a-token", query: SUBSCRIPTION });
    expect(anonymous.status).toBe(401);
    expect(anonymous.refusal.errors[0]).toMatchObject({
      extensions: { code: "UNAUTHENTICATED" },
      message: expect.stringMatching(/^Ugyldigt token/),
    });
    const query = await openEventStream(`${graph.gatewayBase}/graphql/stream`, {
      token: graph.tokenFor(),
      query: `{ me { notifications(first: 1) { totalCount } } }`,
    });
    expect(query.status).toBe(400);
    expect(query.refusal.errors[0]).toMatchObject({
      extensions: { code: "BAD_USER_INPUT" },
      message: expect.stringMatching(/^\/graphql\/stream tager kun abonnementer/),
    });
    // And the other way round: a subscription sent to /graphql is told where it is served.
    const subscription = await graph.query(SUBSCRIPTION);
    expect(subscription.errors?.[0]).toMatchObject({
      extensions: { code: "BAD_USER_INPUT" },
      message: expect.stringMatching(/^Abonnementer \(subscription\) serveres på \/graphql\/stream/),
    });
  });
});
