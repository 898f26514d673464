import { ErrorCode } from "@company-graph/kit/errors";
import type { CaseEventMessage } from "@company-graph/domain";
import { GraphQLError } from "graphql";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { createLoaders } from "../context";
import { messagesFor, permitKindText } from "../i18n/messages";
import { notifyFollowers } from "../notification/notify";
import { issueCaseSurvey } from "../services/survey-invitations";
import { enqueueDeliveries } from "../webhook/outbox";
import { CaseEventRejected } from "./message";
import { assertRedelivery, heldToItsHistory, withholdEarlier } from "./object-history";

/** The transaction-scoped advisory lock every writer of the change history takes: any constant no other lock of the CRM's database uses. */
const HISTORY_LOCK = 0x43484753;

export type Applied = "applied" | "duplicate";

/**
 * Applies one validated event in one transaction: the change history's row, written once per
 * message id (insert … on conflict do nothing), and its effects — the followers' notifications,
 * the partners' webhook deliveries (the outbox), a closed case's survey — only
 * when the row is new, so a redelivered or re-published event changes nothing. The transport
 * acknowledges the message only after this commits.
 *
 * Writers take one lock, so history rows commit in sequence order: a reader that has seen
 * sequence n never later finds a row below n (a feed's cursor is stable), whichever CRM replica
 * or transport writes.
 */
export async function applyCaseEvent(db: PrismaClient, announced: CaseEventMessage, now: () => Date): Promise<Applied> {
  try {
    return await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${HISTORY_LOCK}::bigint)`;
      if (!(await tx.company.findUnique({ where: { cvr: announced.envelope.cvr }, select: { cvr: true } })))
        throw new CaseEventRejected("ukendt_virksomhed", `CVR ${announced.envelope.cvr}`);
      const event = await heldToItsHistory(tx, announced);
      const { envelope } = event;
      const inserted = await tx.$queryRaw<{ sequence: bigint }[]>`
        INSERT INTO "CompanyChange" ("messageId", "cvr", "department", "kind", "objectId", "occurredAt", "kle", "sensitivity", "summary", "payload")
        VALUES (${envelope.messageId}::uuid, ${envelope.cvr}, ${envelope.senderAuthority.department}, ${envelope.messageType}, ${envelope.objectId}, ${new Date(envelope.occurredAt)}, ${envelope.kle}, ${envelope.sensitivity}, ${summaryOf(event)}, ${JSON.stringify("case" in event ? event.case : event.permit)}::jsonb)
        ON CONFLICT ("messageId") DO NOTHING
        RETURNING "sequence"`;
      if (inserted.length === 0) {
        await assertRedelivery(tx, event);
        return "duplicate";
      }
      await withholdEarlier(tx, event);
      await notifyFollowers(tx, event, inserted[0].sequence, now());
      await enqueueDeliveries(tx, event, inserted[0].sequence, now());
      if ("case" in event && envelope.messageType === "case.closed") await issueSurvey(tx, event, now);
      return "applied";
    });
  } catch (error) {
    // The survey's own checks (a case id that belongs to another company) make the event unusable.
    if (error instanceof GraphQLError && error.extensions.code === ErrorCode.BadUserInput)
      throw new CaseEventRejected("modstrid", error.message);
    throw error;
  }
}

async function issueSurvey(
  tx: Prisma.TransactionClient,
  event: Extract<CaseEventMessage, { case: unknown }>,
  now: () => Date,
): Promise<void> {
  // The transaction's client stands in for the CRM's client, so the survey commits with its history row.
  const db = tx as PrismaClient;
  await issueCaseSurvey(
    { db, loaders: createLoaders(db), now },
    { cvr: event.envelope.cvr, caseId: event.case.id, serviceId: event.case.serviceId, unitId: event.case.unitId },
  );
}

/** The history's Danish line for a reader. */
function summaryOf(event: CaseEventMessage): string {
  const da = messagesFor("da");
  if ("case" in event) {
    const { title, progress } = event.case;
    switch (event.envelope.messageType) {
      case "case.opened":
        return da.caseOpened(title);
      case "case.progressed":
        return da.caseProgressed(title, progress);
      case "case.decided":
        return da.caseDecided(title);
      case "case.update-sent":
        return da.caseUpdateSent(title);
      case "case.closed":
        return da.caseClosed(title);
      default:
        return da.caseReopened(title);
    }
  }
  const kind = permitKindText(event.permit.kind, "da");
  switch (event.envelope.messageType) {
    case "permit.granted":
      return da.permitGranted(kind);
    case "permit.renewed":
      return da.permitRenewed(kind, event.permit.validTo?.slice(0, 10) ?? "—");
    default:
      return da.permitRevoked(kind);
  }
}
