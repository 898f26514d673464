import type { CaseEventMessage, CaseEventType } from "@company-graph/domain";
import type { Prisma } from "../generated/prisma/client.js";
import type { NotificationKind } from "../generated/graphql";

/** The changes a follower is notified of, by message type; the others stay in the history only. */
export const NOTIFYING: Partial<Record<CaseEventType, NotificationKind>> = {
  "case.decided": "CASE_DECIDED",
  "case.closed": "CASE_CLOSED",
  "case.reopened": "CASE_REOPENED",
  "permit.granted": "PERMIT_GRANTED",
  "permit.renewed": "PERMIT_RENEWED",
  "permit.revoked": "PERMIT_REVOKED",
};

/**
 * One notification per follower of the company — who chose to follow it, and its current key
 * account manager — for a change just written to the history as `sequence`, in the same
 * transaction, so a redelivered event (a duplicate, no new row) notifies no one again.
 *
 * Need-to-know is decided here, per reader: a fortrolig change (a case about the company's
 * employees: sick pay, flex jobs) keeps its title and case id only for the sending department's
 * caseworkers, who may read its personal data; every other follower gets the department, the
 * kind and the date, marked withheld, so the detail is never stored for them.
 */
export async function notifyFollowers(tx: Prisma.TransactionClient, event: CaseEventMessage, sequence: bigint, now: Date): Promise<number> {
  const { envelope } = event;
  if (!NOTIFYING[envelope.messageType]) return 0;
  const department = envelope.senderAuthority.department;
  const subject = "case" in event ? event.case.title : event.permit.kind;
  const validTo = "permit" in event && event.permit.validTo ? new Date(event.permit.validTo) : null;
  const confidential = envelope.sensitivity === "fortrolig";
  return tx.$executeRaw`
    INSERT INTO "Notification" ("id", "employeeId", "changeSequence", "cvr", "department", "kind", "objectId", "subject", "validTo", "occurredAt", "withheld", "createdAt")
    SELECT gen_random_uuid()::text, reader."employeeId", ${sequence}::bigint, ${envelope.cvr}, ${department}, ${envelope.messageType},
      CASE WHEN reader.withheld THEN NULL ELSE ${envelope.objectId}::text END,
      CASE WHEN reader.withheld THEN NULL ELSE ${subject}::text END,
      ${validTo}::timestamp(3), ${new Date(envelope.occurredAt)}::timestamp(3), reader.withheld, ${now}::timestamp(3)
    FROM (
      SELECT follower."employeeId", (${confidential}::boolean AND NOT (employee."role" = 'CASEWORKER' AND unit."department" IS NOT DISTINCT FROM ${department}::text)) AS withheld
      FROM (
        SELECT "employeeId" FROM "CompanyFollow" WHERE "cvr" = ${envelope.cvr}
        UNION
        SELECT "employeeId" FROM "KeyAccountAssignment" WHERE "cvr" = ${envelope.cvr} AND "until" IS NULL
      ) follower
      JOIN "Employee" employee ON employee."id" = follower."employeeId"
      JOIN "MunicipalUnit" unit ON unit."id" = employee."unitId"
    ) reader
    ON CONFLICT ("employeeId", "changeSequence") DO NOTHING`;
}
