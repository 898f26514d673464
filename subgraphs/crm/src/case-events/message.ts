import { z } from "zod";
import {
  CASE_EVENT_TYPES,
  CASE_PROGRESS,
  DEPARTMENTS,
  MUNICIPALITY_CVR,
  caseEventRoutingKey,
  cvrProblem,
  type CaseEventMessage,
} from "@company-graph/domain";

/**
 * The largest hændelsesbesked the CRM reads, checked before a byte is parsed; the departments'
 * events are well under 2 KB. The broker refuses far larger ones itself (max_message_size,
 * docs/deployment.md).
 */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * Why an event cannot be applied: the metric label (case_events_total{reason}) and the Danish
 * text of the log line. Such an event goes to the dead-letter queue; it is never retried.
 */
const REJECTIONS = {
  for_stor: "beskeden er for stor",
  ikke_json: "beskeden er ikke JSON",
  ugyldig_kuvert: "beskedkuverten er ugyldig",
  ukendt_beskedtype: "ukendt beskedtype",
  ugyldigt_cvr: "ugyldigt CVR-nummer",
  falsk_afsender: "afsenderen er ikke den, beskeden udgiver sig for",
  ugyldigt_tidspunkt: "ugyldigt tidspunkt",
  ugyldigt_objekt: "det ændrede objekt er ugyldigt",
  ukendt_virksomhed: "CRM'et kender ikke virksomheden",
  modstrid: "beskeden strider mod det, CRM'et har",
  genbrugt_besked_id: "besked-id'et er brugt før til en anden besked",
} as const;
export type RejectionReason = keyof typeof REJECTIONS;

export class CaseEventRejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    detail: string,
  ) {
    super(`${REJECTIONS[reason]}: ${detail}`);
  }
}

// The earliest and latest plausible instants: the municipality's systems date from after 1990,
// and a clock a day ahead is a broken clock, not an early event.
const EARLIEST = Date.parse("1990-01-01T00:00:00Z");
const AHEAD_MS = 24 * 3600_000;

const id = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[\w.:-]+$/, "letters, digits, . : _ -");
/**
 * Text PostgreSQL can hold: a NUL byte (22021) or half a surrogate pair (jsonb refuses its escape)
 * failed the event's transaction, and a failed event goes back to the queue, ahead of every later one.
 */
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !/[\p{Cs}\u0000]/u.test(value), "et NUL-tegn eller et halvt surrogatpar");
const instant = z
  .string()
  .max(40)
  .refine((value) => !Number.isNaN(Date.parse(value)), "not an ISO 8601 date-time");

const envelope = z.object({
  messageId: z.uuid(),
  messageType: z.string().max(40),
  senderAuthority: z.object({ cvr: z.string().max(8), department: z.enum(DEPARTMENTS) }).strict(),
  kle: z.string().regex(/^\d{2}(\.\d{2}){0,2}$/, "a KLE subject like 02.34.02"),
  sensitivity: z.enum(["almindelig", "fortrolig"]),
  occurredAt: instant,
  objectId: id,
  cvr: z.string().max(8),
});

/** A case's times as the department systems write them: ISO 8601 date-times, not whatever Date.parse reads ("1" is 2001). */
const caseInstant = z.iso.datetime({ offset: true });

const caseObject = z
  .object({
    id,
    caseNumber: text(40),
    serviceId: id,
    title: text(200),
    progress: z.enum(CASE_PROGRESS),
    openedAt: caseInstant,
    decidedAt: caseInstant.nullable(),
    closedAt: caseInstant.nullable(),
    lastUpdateSentAt: caseInstant.nullable(),
    unitId: id,
  })
  .strict();
type CaseObject = z.infer<typeof caseObject>;

/**
 * Where a case contradicts its event or itself: a case.closed of a case still open (or a
 * case.decided without a decision) would invite the company to rate a case not finished, and
 * times out of order or outside the systems' years are no case's history. Undefined when none.
 */
function caseContradiction(type: string, found: CaseObject, now: Date): string | undefined {
  const closed = found.progress === "Afsluttet";
  if (type === "case.closed" && (!closed || found.closedAt === null))
    return `case.closed kræver fremdrift Afsluttet og closedAt, fik ${found.progress} og closedAt ${found.closedAt}`;
  if (type === "case.decided" && found.decidedAt === null) return "case.decided kræver decidedAt";
  if (closed !== (found.closedAt !== null)) return `closedAt ${found.closedAt} passer ikke til fremdrift ${found.progress}`;
  const times = (["openedAt", "decidedAt", "closedAt"] as const)
    .filter((field) => found[field] !== null)
    .map((field) => [field, Date.parse(found[field]!)] as const);
  for (const [index, [field, at]] of times.entries()) {
    if (at < EARLIEST || at > now.getTime() + AHEAD_MS) return `${field} ${found[field]} ligger uden for systemernes tid`;
    const previous = times[index - 1];
    if (previous && previous[1] > at) return `${previous[0]} ${found[previous[0]]} ligger efter ${field} ${found[field]}`;
  }
  return undefined;
}

const permitObject = z
  .object({
    id,
    caseId: id,
    serviceId: id,
    kind: id,
    grantedAt: instant,
    validFrom: instant,
    validTo: instant.nullable(),
    revokedAt: instant.nullable(),
  })
  .strict();

/**
 * Reads one event as the broker delivered it, trusting nothing: its size, JSON, the envelope,
 * a known type, both CVR numbers by modulus 11, plausible times, and the object the type
 * promises (no unknown fields, so nothing more than the CRM may hold gets in). The sender is
 * Copenhagen Municipality's department the envelope names, and, when the broker tells which
 * routing key the publisher chose (AMQP), that key must be the envelope's department and type: a
 * publisher allowed to write one department's keys cannot pass its message off as another's.
 */
export function parseCaseEvent(body: Buffer | string, now: Date, routingKey?: string): CaseEventMessage {
  const size = typeof body === "string" ? Buffer.byteLength(body) : body.length;
  if (size > MAX_MESSAGE_BYTES) throw new CaseEventRejected("for_stor", `${size} bytes, højst ${MAX_MESSAGE_BYTES}`);
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString());
  } catch {
    throw new CaseEventRejected("ikke_json", `${size} bytes`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new CaseEventRejected("ugyldig_kuvert", "beskeden er ikke et objekt");
  const parsedEnvelope = envelope.safeParse((raw as { envelope?: unknown }).envelope);
  if (!parsedEnvelope.success) throw new CaseEventRejected("ugyldig_kuvert", describe(parsedEnvelope.error));
  const head = parsedEnvelope.data;
  if (!(CASE_EVENT_TYPES as readonly string[]).includes(head.messageType))
    throw new CaseEventRejected("ukendt_beskedtype", JSON.stringify(head.messageType));
  for (const [field, value] of [
    ["cvr", head.cvr],
    ["senderAuthority.cvr", head.senderAuthority.cvr],
  ] as const) {
    if (cvrProblem(value)) throw new CaseEventRejected("ugyldigt_cvr", `${field} ${JSON.stringify(value)}`);
  }
  if (head.senderAuthority.cvr !== MUNICIPALITY_CVR)
    throw new CaseEventRejected(
      "falsk_afsender",
      `afsendermyndighed ${head.senderAuthority.cvr} er ikke Københavns Kommune (${MUNICIPALITY_CVR})`,
    );
  if (
    routingKey !== undefined &&
    routingKey !== caseEventRoutingKey(head.senderAuthority.department, head.messageType as (typeof CASE_EVENT_TYPES)[number])
  ) {
    throw new CaseEventRejected(
      "falsk_afsender",
      `routing key ${JSON.stringify(routingKey.slice(0, 80))} passer ikke til ${head.senderAuthority.department} ${head.messageType}`,
    );
  }
  const occurredAt = Date.parse(head.occurredAt);
  if (occurredAt < EARLIEST || occurredAt > now.getTime() + AHEAD_MS)
    throw new CaseEventRejected("ugyldigt_tidspunkt", `occurredAt ${head.occurredAt}`);

  const isCase = head.messageType.startsWith("case.");
  const keys = Object.keys(raw).sort().join(",");
  if (keys !== (isCase ? "case,envelope" : "envelope,permit"))
    throw new CaseEventRejected("ugyldigt_objekt", `felterne ${keys}, ventede ${isCase ? "envelope og case" : "envelope og permit"}`);
  const object = (isCase ? caseObject : permitObject).safeParse((raw as Record<string, unknown>)[isCase ? "case" : "permit"]);
  if (!object.success) throw new CaseEventRejected("ugyldigt_objekt", describe(object.error));
  if (object.data.id !== head.objectId)
    throw new CaseEventRejected("ugyldigt_objekt", `objektets id ${JSON.stringify(object.data.id)} er ikke kuvertens objectId`);
  const contradiction = isCase ? caseContradiction(head.messageType, object.data as CaseObject, now) : undefined;
  if (contradiction) throw new CaseEventRejected("ugyldigt_objekt", contradiction);
  return (isCase ? { envelope: head, case: object.data } : { envelope: head, permit: object.data }) as CaseEventMessage;
}

/** zod's first problem, short: a path and its message, never the offending value echoed at length. */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join(".") || "(roden)"}: ${issue.message}`.slice(0, 200);
}
