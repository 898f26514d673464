import type { CaseEventMessage } from "@company-graph/domain";
import type { Prisma } from "../generated/prisma/client.js";

/**
 * Puts a change just written to the history in the webhook outbox: one delivery per enabled
 * subscription that asks for it and whose partner's grant covers it, in the change's own
 * transaction — so a change is delivered if and only if it is in the history, whatever crashes
 * after. An advertising-protected company's changes go to no partner (src/change-feed/feed.ts).
 */
export function enqueueDeliveries(tx: Prisma.TransactionClient, event: CaseEventMessage, sequence: bigint, now: Date): Promise<number> {
  const { envelope } = event;
  const kind = envelope.messageType;
  const department = envelope.senderAuthority.department;
  return tx.$executeRaw`
    INSERT INTO "WebhookDelivery" ("id", "subscriptionId", "changeSequence", "cvr", "createdAt", "nextAttemptAt")
    SELECT gen_random_uuid()::text, subscription."id", ${sequence}::bigint, ${envelope.cvr}, ${now}::timestamp(3), ${now}::timestamp(3)
    FROM "WebhookSubscription" subscription
    WHERE subscription."enabled"
      AND ${kind}::text = ANY (subscription."kinds") AND ${kind}::text = ANY (subscription."grantKinds")
      AND (cardinality(subscription."departments") = 0 OR ${department}::text = ANY (subscription."departments"))
      AND ${department}::text = ANY (subscription."grantDepartments")
      AND (cardinality(subscription."cvrs") = 0 OR ${envelope.cvr}::text = ANY (subscription."cvrs"))
      AND (subscription."grantAllCompanies" OR ${envelope.cvr}::text = ANY (subscription."grantCvrs"))
      AND NOT EXISTS (SELECT 1 FROM "Company" company WHERE company."cvr" = ${envelope.cvr} AND company."advertisingProtected")
    ON CONFLICT ("subscriptionId", "changeSequence") DO NOTHING`;
}
