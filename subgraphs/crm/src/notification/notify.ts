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

/** Occasions no business event announces, by the kind stored for them: the sweeper's (sweep.ts) and a handover's (handover.ts). */
export const OCCASIONS = {
  "permit.expiring-30": "PERMIT_EXPIRING_IN_30_DAYS",
  "permit.expiring-7": "PERMIT_EXPIRING_IN_7_DAYS",
  "permit.expired": "PERMIT_EXPIRED",
  "case.update-overdue": "CASE_UPDATE_OVERDUE",
  "inquiry.handed-over": "INQUIRY_PART_HANDED_OVER",
} as const satisfies Record<string, NotificationKind>;
export type Occasion = keyof typeof OCCASIONS;

/** One thing to tell a company's followers, in the Notification table's terms. */
export interface FollowerNotice {
  cvr: string;
  department: string;
  /** A message type of NOTIFYING or an occasion of OCCASIONS. */
  kind: CaseEventType | Occasion;
  /** Written once per follower: change:<sequence>, or the occasion's key. */
  dedupeKey: string;
  changeSequence: bigint | null;
  objectId: string;
  /** The case's title or the permit's kind code. */
  subject: string;
  validTo: Date | null;
  lastUpdateAt?: Date | null;
  promiseDays?: number | null;
  occurredAt: Date;
  /** The object is fortrolig (the envelope's sensitivity). */
  confidential: boolean;
}

/**
 * One notification per follower of the company — who chose to follow it, and its current key
 * account manager — written once per follower and dedupe key (a second write of the same notice
 * is nothing), in the caller's transaction.
 *
 * Need-to-know is decided here, per reader: a fortrolig case (a case about the company's
 * employees: sick pay, flex jobs) keeps its title and case id only for the sending department's
 * caseworkers, who may read its personal data; every other follower gets the department, the
 * kind and the date, marked withheld, so the detail is never stored for them.
 */
export function notifyFollowersOf(tx: Prisma.TransactionClient, notice: FollowerNotice, now: Date): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO "Notification" ("id", "employeeId", "dedupeKey", "changeSequence", "cvr", "department", "kind", "objectId", "subject", "validTo", "lastUpdateAt", "promiseDays", "occurredAt", "withheld", "createdAt")
    SELECT gen_random_uuid()::text, reader."employeeId", ${notice.dedupeKey}, ${notice.changeSequence}::bigint, ${notice.cvr}, ${notice.department}, ${notice.kind},
      CASE WHEN reader.withheld THEN NULL ELSE ${notice.objectId}::text END,
      CASE WHEN reader.withheld THEN NULL ELSE ${notice.subject}::text END,
      ${notice.validTo}::timestamp(3), ${notice.lastUpdateAt ?? null}::timestamp(3), ${notice.promiseDays ?? null}::integer, ${notice.occurredAt}::timestamp(3), reader.withheld, ${now}::timestamp(3)
    FROM (
      SELECT follower."employeeId", (${notice.confidential}::boolean AND NOT (employee."role" = 'CASEWORKER' AND unit."department" IS NOT DISTINCT FROM ${notice.department}::text)) AS withheld
      FROM (
        SELECT "employeeId" FROM "CompanyFollow" WHERE "cvr" = ${notice.cvr}
        UNION
        SELECT "employeeId" FROM "KeyAccountAssignment" WHERE "cvr" = ${notice.cvr} AND "until" IS NULL
      ) follower
      JOIN "Employee" employee ON employee."id" = follower."employeeId"
      JOIN "MunicipalUnit" unit ON unit."id" = employee."unitId"
    ) reader
    ON CONFLICT ("employeeId", "dedupeKey") DO NOTHING`;
}

/**
 * The followers' notifications of a change just written to the history as `sequence`, in the
 * same transaction, so a redelivered event (a duplicate, no new row) notifies no one again.
 */
export async function notifyFollowers(tx: Prisma.TransactionClient, event: CaseEventMessage, sequence: bigint, now: Date): Promise<number> {
  const { envelope } = event;
  if (!NOTIFYING[envelope.messageType]) return 0;
  return notifyFollowersOf(
    tx,
    {
      cvr: envelope.cvr,
      department: envelope.senderAuthority.department,
      kind: envelope.messageType,
      dedupeKey: `change:${sequence}`,
      changeSequence: sequence,
      objectId: envelope.objectId,
      subject: "case" in event ? event.case.title : event.permit.kind,
      validTo: "permit" in event && event.permit.validTo ? new Date(event.permit.validTo) : null,
      occurredAt: new Date(envelope.occurredAt),
      confidential: envelope.sensitivity === "fortrolig",
    },
    now,
  );
}
