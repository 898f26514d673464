import type { CaseEventMessage } from "@company-graph/domain";
import { metricsRegistry } from "@company-graph/kit/observability";
import { Counter } from "prom-client";
import type { Prisma } from "../generated/prisma/client.js";
import { CaseEventRejected } from "./message";

const raised = new Counter({
  name: "crm_case_events_sensitivity_raised_total",
  help: "Business events announced almindelig for a case or permit the history already holds as fortrolig, kept fortrolig (a dropped sensitivity flag never widens who reads it)",
  registers: [metricsRegistry],
});

/**
 * Holds a new event to what the history already knows of its object (the department's case, or
 * a permit and the case it was granted in): an object belongs to one company, so an envelope
 * naming another CVR is refused; and fortrolig is never taken back, so an event that drops the
 * flag is kept fortrolig and its followers' notifications stay withheld. Returns the event to
 * record.
 */
export async function heldToItsHistory(tx: Prisma.TransactionClient, event: CaseEventMessage): Promise<CaseEventMessage> {
  const { envelope } = event;
  const objectIds = "permit" in event ? [envelope.objectId, event.permit.caseId] : [envelope.objectId];
  const known = await tx.$queryRaw<{ cvr: string; fortrolig: boolean }[]>`
    SELECT "cvr", bool_or("sensitivity" = 'fortrolig') AS "fortrolig" FROM "CompanyChange"
    WHERE "department" = ${envelope.senderAuthority.department} AND "objectId" = ANY(${objectIds}::text[])
    GROUP BY "cvr"`;
  const other = known.find((row) => row.cvr !== envelope.cvr);
  if (other)
    throw new CaseEventRejected(
      "modstrid",
      `${envelope.senderAuthority.department} ${envelope.objectId} hører til CVR ${other.cvr}, ikke ${envelope.cvr}`,
    );
  if (envelope.sensitivity === "almindelig" && known.some((row) => row.fortrolig)) {
    raised.inc();
    return { ...event, envelope: { ...envelope, sensitivity: "fortrolig" } } as CaseEventMessage;
  }
  return event;
}

/**
 * A case or permit announced fortrolig after it was announced almindelig: what was told of it
 * before is withheld now as well — its earlier changes (and a case's permits', which
 * heldToItsHistory holds to their case), which the feed and pending webhook deliveries read, and
 * the notifications its followers were given, but the sending department's caseworkers' — so a
 * title once public does not stay readable in every channel after the department marked it fortrolig.
 */
export async function withholdEarlier(tx: Prisma.TransactionClient, event: CaseEventMessage): Promise<void> {
  const { envelope } = event;
  if (envelope.sensitivity !== "fortrolig") return;
  const department = envelope.senderAuthority.department;
  const isCase = "case" in event;
  await tx.$executeRaw`
    UPDATE "CompanyChange" SET "sensitivity" = 'fortrolig'
    WHERE "department" = ${department} AND "cvr" = ${envelope.cvr} AND "sensitivity" <> 'fortrolig'
      AND ("objectId" = ${envelope.objectId} OR (${isCase}::boolean AND "kind" LIKE 'permit.%' AND "payload"->>'caseId' = ${envelope.objectId}))`;
  await tx.$executeRaw`
    UPDATE "Notification" notification SET "withheld" = true, "subject" = NULL, "objectId" = NULL
    FROM "Employee" employee JOIN "MunicipalUnit" unit ON unit."id" = employee."unitId"
    WHERE notification."employeeId" = employee."id" AND NOT notification."withheld"
      AND notification."department" = ${department} AND notification."cvr" = ${envelope.cvr} AND notification."kind" NOT LIKE 'inquiry.%'
      AND (notification."objectId" = ${envelope.objectId} OR notification."objectId" IN (
        SELECT "objectId" FROM "CompanyChange"
        WHERE ${isCase}::boolean AND "department" = ${department} AND "cvr" = ${envelope.cvr} AND "kind" LIKE 'permit.%' AND "payload"->>'caseId' = ${envelope.objectId}))
      AND NOT (employee."role" = 'CASEWORKER' AND unit."department" IS NOT DISTINCT FROM ${department}::text)`;
}

/**
 * A message id already in the history is a redelivery only when it carries what was recorded;
 * the same id on another change is a replay meant to pass unnoticed (or a sender's bug), and is
 * refused so that someone looks at it.
 */
export async function assertRedelivery(tx: Prisma.TransactionClient, event: CaseEventMessage): Promise<void> {
  const { envelope } = event;
  const [same] = await tx.$queryRaw<{ same: boolean }[]>`
    SELECT ("cvr" = ${envelope.cvr} AND "department" = ${envelope.senderAuthority.department} AND "kind" = ${envelope.messageType}
      AND "objectId" = ${envelope.objectId} AND "occurredAt" = ${new Date(envelope.occurredAt)}
      AND "payload" = ${JSON.stringify("case" in event ? event.case : event.permit)}::jsonb) AS "same"
    FROM "CompanyChange" WHERE "messageId" = ${envelope.messageId}::uuid`;
  if (same && !same.same) throw new CaseEventRejected("genbrugt_besked_id", envelope.messageId);
}
