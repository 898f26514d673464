import { createLogger } from "@company-graph/kit/observability";
import type { PrismaClient } from "../generated/prisma/client.js";
import { startPruning } from "../pruning";

/** Notifications are kept 90 days: long enough to read after a holiday; the change itself stays in the company's history. */
export const NOTIFICATION_RETENTION_DAYS = 90;

/** Deletes notifications created before the retention period; returns how many. */
export async function pruneNotifications(db: PrismaClient, now: Date): Promise<number> {
  const { count } = await db.notification.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - NOTIFICATION_RETENTION_DAYS * 86_400_000) } },
  });
  return count;
}

/** Prunes at start and then every six hours, without keeping the process alive; a failure is logged and retried. Returns a stop function. */
export function startNotificationPruning(db: PrismaClient, now: () => Date = () => new Date()): () => void {
  return startPruning(
    () => pruneNotifications(db, now()),
    (error) =>
      createLogger("crm", { component: "notification-pruning" }).error(
        { err: error },
        "sletning af gamle notifikationer mislykkedes; prøver igen ved næste interval",
      ),
  );
}
