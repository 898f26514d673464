import { MAX_MESSAGE_BYTES } from "../src/case-events/message";
import { caseEvent } from "./case-event-fixtures";
import { UNKNOWN_VALID_CVR } from "./fixtures";

/** A message as a hostile or broken publisher sends it: the routing key it chose, and the reason the CRM must dead-letter it for. */
interface HostileMessage {
  name: string;
  routingKey: string;
  body: string;
  reason: string;
  /** Only a transport that tells the routing key (AMQP) can catch it. */
  needsRoutingKey?: boolean;
}

function altered(change: (message: any) => void): string {
  const message = JSON.parse(caseEvent().body);
  change(message);
  return JSON.stringify(message);
}

/** One of each poison a department's link could carry; fresh message ids on every call. */
export function hostileMessages(): HostileMessage[] {
  const key = "TMF.case.closed";
  return [
    { name: "not JSON", routingKey: key, body: "\u0000not json", reason: "ikke_json" },
    {
      name: "a megabyte",
      routingKey: key,
      body: JSON.stringify({ envelope: caseEvent().message.envelope, case: { title: "x".repeat(1024 * 1024) } }),
      reason: "for_stor",
    },
    { name: "just over the limit", routingKey: key, body: " ".repeat(MAX_MESSAGE_BYTES - 1) + "{}", reason: "for_stor" },
    { name: "nested 5000 deep", routingKey: key, body: `{"envelope":${"[".repeat(5000)}${"]".repeat(5000)}}`, reason: "ugyldig_kuvert" },
    {
      name: "the wrong schema",
      routingKey: key,
      body: JSON.stringify({ envelope: { messageId: "1" }, case: {} }),
      reason: "ugyldig_kuvert",
    },
    {
      name: "a company the CRM does not know",
      routingKey: key,
      body: altered((m) => (m.envelope.cvr = UNKNOWN_VALID_CVR)),
      reason: "ukendt_virksomhed",
    },
    {
      name: "another authority as sender",
      routingKey: key,
      body: altered((m) => (m.envelope.senderAuthority.cvr = "55133018")),
      reason: "falsk_afsender",
    },
    {
      name: "a TMF envelope on KFF's routing key",
      routingKey: "KFF.case.closed",
      body: caseEvent().body,
      reason: "falsk_afsender",
      needsRoutingKey: true,
    },
    {
      name: "an occurred-at years ahead",
      routingKey: key,
      body: altered((m) => (m.envelope.occurredAt = "2031-01-01T00:00:00Z")),
      reason: "ugyldigt_tidspunkt",
    },
  ];
}
