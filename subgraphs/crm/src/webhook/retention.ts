import { createLogger } from "@company-graph/kit/observability";
import type { PrismaClient } from "../generated/prisma/client.js";
import { startPruning } from "../pruning";

/**
 * Settled deliveries (delivered, given up, cancelled) stay in the partner's delivery log 30 days:
 * long enough to look into a receiver's outage; the changes stay in the feed.
 */
export const WEBHOOK_LOG_RETENTION_DAYS = 30;

/** Deletes settled deliveries (and their attempts) created before the retention period; returns how many. */
export async function pruneWebhookDeliveries(db: PrismaClient, now: Date): Promise<number> {
  const { count } = await db.webhookDelivery.deleteMany({
    where: { status: { not: "PENDING" }, createdAt: { lt: new Date(now.getTime() - WEBHOOK_LOG_RETENTION_DAYS * 86_400_000) } },
  });
  return count;
}

/** Prunes at start and then every six hours, without keeping the process alive. Returns a stop function. */
export function startWebhookLogPruning(db: PrismaClient, now: () => Date = () => new Date()): () => void {
  return startPruning(
    () => pruneWebhookDeliveries(db, now()),
    (error) =>
      createLogger("crm", { component: "webhook-log-pruning" }).error(
        { err: error },
        "sletning af gamle webhook-leveringer mislykkedes; prøver igen ved næste interval",
      ),
  );
}
