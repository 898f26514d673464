import { setupServer } from "msw/node";
import { CaseEventBroker } from "../broker/case-events";
import type { CaseEventPublisher, OutgoingEvent } from "../broker/publishers";
import { generateWorld } from "../generator/index";
import { CaseEventOutbox } from "../shared/case-event-outbox";
import { createDepartmentSimulator } from "../shared/department-api";

// A department system's side of the business events: its admin endpoints change cases and
// permits as caseworkers do, and its outbox hands each change to the broker in order, keeping
// what the broker did not confirm.

const world = generateWorld({ profile: "small" });

/** A publisher whose broker is unreachable until `up` is set: each failed publish is counted. */
function flakyPublisher() {
  const published: OutgoingEvent[] = [];
  const state = { up: false, failures: 0 };
  const publisher: CaseEventPublisher = {
    async publish(event) {
      if (!state.up) {
        state.failures++;
        throw new Error("ECONNREFUSED");
      }
      published.push(event);
    },
    close: async () => undefined,
  };
  return { publisher, published, state };
}

describe("a department system's outbox", () => {
  it("keeps the events the broker did not confirm and publishes them in order when it answers again", async () => {
    const { publisher, published, state } = flakyPublisher();
    const outbox = new CaseEventOutbox(publisher, 60_000);
    const events = ["a", "b", "c"].map((id) => ({ routingKey: "TMF.case.closed", messageId: id, messageType: "case.closed", body: id }));
    for (const event of events) outbox.add(event);
    await expect(outbox.flush()).rejects.toThrow("ECONNREFUSED");
    expect(outbox.status).toEqual({ publishing: true, pending: 3, published: 0 });
    expect(state.failures).toBeGreaterThan(0);

    state.up = true;
    expect(await outbox.flush()).toBe(3);
    expect(published.map((event) => event.messageId)).toEqual(["a", "b", "c"]);
    expect(outbox.status).toEqual({ publishing: true, pending: 0, published: 3 });
    outbox.stop();
  });
});

describe("the caseworkers' admin endpoints", () => {
  const broker = new CaseEventBroker();
  const simulator = createDepartmentSimulator("TMF", world, {
    baseUrl: "http://tmf.simulator.test",
    publisher: { publish: async (event) => void broker.publish(event.body), close: async () => undefined },
    now: () => world.now,
  });
  const server = setupServer(...simulator.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  const post = (path: string, body: unknown) =>
    fetch(`http://tmf.simulator.test/__admin${path}`, { method: "POST", body: JSON.stringify(body) });
  const announced = () =>
    broker
      .page(0, 500)
      .events.map(
        (event) =>
          JSON.parse(event.body) as { envelope: { messageType: string; objectId: string; occurredAt: string; sensitivity: string } },
      );

  it("changes a case and its permit step by step, announcing each change once", async () => {
    const template = world.cases.TMF.find((sourceCase) => sourceCase.closedAt)!;
    const opened = (await (await post("/cases", { templateCaseId: template.id })).json()) as { id: string; cvr: string; progress: string };
    expect(opened).toMatchObject({ cvr: template.cvr, progress: "Opstaaet" });
    expect(await (await fetch(`http://tmf.simulator.test/cases/${opened.id}`)).json()).toMatchObject({ id: opened.id, closedAt: null });
    expect((await post(`/cases/${opened.id}/decide`, {})).status).toBe(200);
    expect((await post(`/cases/${opened.id}/decide`, {})).status).toBe(409);
    const permit = (await (
      await post("/permits", { caseId: opened.id, kind: "outdoor-serving", validTo: "2027-10-01T00:00:00Z" })
    ).json()) as { id: string; validTo: string };
    expect((await post(`/permits/${permit.id}/renew`, { validTo: "2027-01-01T00:00:00Z" })).status).toBe(400);
    expect((await post(`/permits/${permit.id}/revoke`, {})).status).toBe(200);
    expect((await post(`/permits/${permit.id}/revoke`, {})).status).toBe(409);
    expect(announced().map((message) => [message.envelope.messageType, message.envelope.objectId, message.envelope.occurredAt])).toEqual([
      ["case.opened", opened.id, world.now],
      ["case.decided", opened.id, world.now],
      ["permit.granted", permit.id, world.now],
      ["permit.revoked", permit.id, world.now],
    ]);
  });

  it("refuses what a caseworker could not do, with a problem that says why, and announces nothing", async () => {
    const before = announced().length;
    const open = world.cases.TMF.find((sourceCase) => !sourceCase.closedAt)!;
    const refused = [
      await post("/cases", {}),
      await post("/cases/TMF-NONE/decide", {}),
      await post(`/cases/${open.id}/progress`, { progress: "Afsluttet" }),
      await post(`/cases/${open.id}/reopen`, {}),
      await post(`/cases/${open.id}/close`, { closedAt: "soon" }),
      await post("/permits", { caseId: open.id, kind: "x".repeat(201) }),
      await post("/outbox", { publishing: "yes" }),
    ];
    expect(refused.map((response) => response.status)).toEqual([400, 404, 400, 409, 400, 400, 400]);
    expect(((await refused[2].json()) as { detail: string }).detail).toMatch(/decide and close are their own steps/);
    expect(announced()).toHaveLength(before);
  });
});
