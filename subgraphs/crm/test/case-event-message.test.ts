import { CaseEventRejected, MAX_MESSAGE_BYTES, parseCaseEvent } from "../src/case-events/message";
import { caseEvent, NOW } from "./case-event-fixtures";

// The broker is treated as hostile: whatever arrives is checked before the CRM writes anything.

function rejection(body: string | Buffer, routingKey?: string): string {
  try {
    parseCaseEvent(body, NOW, routingKey);
  } catch (error) {
    if (error instanceof CaseEventRejected) return `${error.reason}: ${error.message}`;
    throw error;
  }
  throw new Error("accepted");
}

function mutated(change: (message: any) => void): string {
  const message = JSON.parse(caseEvent().body);
  change(message);
  return JSON.stringify(message);
}

describe("parseCaseEvent", () => {
  it("accepts the departments' events as they send them", () => {
    for (const type of ["case.opened", "case.decided", "case.closed", "permit.granted", "permit.revoked"] as const) {
      const event = caseEvent({ type });
      expect(parseCaseEvent(event.body, NOW)).toEqual(event.message);
    }
  });

  it.each([
    ["an oversized message", "x".repeat(MAX_MESSAGE_BYTES + 1), /^for_stor: beskeden er for stor/],
    ["not JSON", "{", /^ikke_json: beskeden er ikke JSON/],
    ["a JSON array", "[]", /^ugyldig_kuvert: .*ikke et objekt/],
    ["no envelope", "{}", /^ugyldig_kuvert: beskedkuverten er ugyldig/],
    ["a message id that is no UUID", mutated((m) => (m.envelope.messageId = "1")), /^ugyldig_kuvert: .*messageId/],
    [
      "an unknown message type",
      mutated((m) => (m.envelope.messageType = "case.deleted")),
      /^ukendt_beskedtype: ukendt beskedtype: "case.deleted"/,
    ],
    [
      "a CVR number failing modulus 11",
      mutated((m) => (m.envelope.cvr = "12345678")),
      /^ugyldigt_cvr: ugyldigt CVR-nummer: cvr "12345678"/,
    ],
    [
      "a sender authority failing modulus 11",
      mutated((m) => (m.envelope.senderAuthority.cvr = "64942213")),
      /^ugyldigt_cvr: .*senderAuthority\.cvr/,
    ],
    ["a time that is no date", mutated((m) => (m.envelope.occurredAt = "i går")), /^ugyldig_kuvert: .*occurredAt/],
    [
      "a time years ahead",
      mutated((m) => (m.envelope.occurredAt = "2031-01-01T00:00:00Z")),
      /^ugyldigt_tidspunkt: ugyldigt tidspunkt: occurredAt 2031/,
    ],
    ["a time before the systems existed", mutated((m) => (m.envelope.occurredAt = "1970-01-01T00:00:00Z")), /^ugyldigt_tidspunkt/],
    [
      "a case with fields the CRM may not hold",
      mutated((m) => (m.case.caseworker = { name: "Tove Trafik" })),
      /^ugyldigt_objekt: .*Unrecognized key/,
    ],
    ["a permit where a case belongs", mutated((m) => (m.permit = m.case)), /^ugyldigt_objekt: .*felterne case,envelope,permit/],
    ["an object that is not the envelope's", mutated((m) => (m.case.id = "TMF-OTHER")), /^ugyldigt_objekt: .*objectId/],
    ["an unknown progress", mutated((m) => (m.case.progress = "Slettet")), /^ugyldigt_objekt: .*progress/],
    ["an endless title", mutated((m) => (m.case.title = "x".repeat(201))), /^ugyldigt_objekt: .*title: Too big/],
    [
      "a case closed that is still open",
      mutated((m) => Object.assign(m.case, { progress: "Opstaaet", closedAt: null })),
      /^ugyldigt_objekt: .*case\.closed.*Afsluttet/,
    ],
    ["a case closed without its closing time", mutated((m) => (m.case.closedAt = null)), /^ugyldigt_objekt: .*case\.closed.*closedAt/],
    [
      "an open case with a closing time",
      mutated((m) => Object.assign(m.envelope, { messageType: "case.progressed" }) && Object.assign(m.case, { progress: "Oplyst" })),
      /^ugyldigt_objekt: .*closedAt/,
    ],
    [
      "a case decided without its decision time",
      mutated(
        (m) =>
          Object.assign(m.envelope, { messageType: "case.decided" }) &&
          Object.assign(m.case, { progress: "Afgjort", decidedAt: null, closedAt: null }),
      ),
      /^ugyldigt_objekt: .*case\.decided.*decidedAt/,
    ],
    ["a case closed before it was opened", mutated((m) => (m.case.openedAt = "2026-11-20T10:00:00.000Z")), /^ugyldigt_objekt: .*openedAt/],
    ["a case time that is no ISO 8601 date-time", mutated((m) => (m.case.openedAt = "1")), /^ugyldigt_objekt: .*openedAt/],
    ["a case time before the systems existed", mutated((m) => (m.case.openedAt = "0001-01-01T00:00:00Z")), /^ugyldigt_objekt: .*openedAt/],
    [
      "another authority as the sender (Aarhus Kommune)",
      mutated((m) => (m.envelope.senderAuthority.cvr = "55133018")),
      /^falsk_afsender: .*55133018 er ikke Københavns Kommune/,
    ],
    ["a nesting thousands deep", `{"envelope":${"[".repeat(5000)}${"]".repeat(5000)}}`, /^ugyldig_kuvert: /],
    [
      "a message of a megabyte",
      JSON.stringify({ envelope: caseEvent().message.envelope, case: { title: "x".repeat(1024 * 1024) } }),
      /^for_stor: .*højst 16384/,
    ],
  ])("dead-letters %s, saying why in Danish", (_name, body, reason) => {
    expect(rejection(body)).toMatch(reason);
  });

  it("refuses an oversized message without parsing it", () => {
    const parse = jest.spyOn(JSON, "parse");
    try {
      expect(rejection(Buffer.alloc(MAX_MESSAGE_BYTES + 1, "{"))).toMatch(/^for_stor/);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it("holds the publisher's routing key to the envelope's department and type", () => {
    const event = caseEvent({ type: "case.closed" });
    expect(parseCaseEvent(event.body, NOW, "TMF.case.closed")).toEqual(event.message);
    // A publisher allowed to write KFF's keys passes its message off as TMF's, or a decision as a closing.
    expect(rejection(event.body, "KFF.case.closed")).toMatch(/^falsk_afsender: .*"KFF\.case\.closed" passer ikke til TMF case\.closed/);
    expect(rejection(event.body, "TMF.case.decided")).toMatch(/^falsk_afsender/);
    expect(rejection(event.body, "#")).toMatch(/^falsk_afsender/);
  });
});
