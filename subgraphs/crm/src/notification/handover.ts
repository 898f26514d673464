import type { InquiryHandover, InquiryPart, Prisma } from "../generated/prisma/client.js";
import { partDepartment } from "../inquiry/parts";

/**
 * Tells the employee an inquiry part was handed to, in the handover's transaction: a handover
 * that rolls back notifies no one, one that commits notifies its receiver once (keyed by the
 * handover). Taking a part over oneself notifies no one. The receiver now owns the part, so they
 * may read the inquiry's topic.
 */
export async function notifyHandoverReceiver(
  tx: Prisma.TransactionClient,
  handover: Pick<InquiryHandover, "id" | "partId" | "toEmployeeId" | "byEmployeeId" | "at">,
  part: Pick<InquiryPart, "serviceId" | "department">,
  inquiry: { cvr: string; topic: string },
  now: Date,
): Promise<void> {
  if (handover.toEmployeeId === handover.byEmployeeId) return;
  await tx.notification.create({
    data: {
      employeeId: handover.toEmployeeId,
      dedupeKey: `handover:${handover.id}`,
      cvr: inquiry.cvr,
      department: partDepartment(part),
      kind: "inquiry.handed-over",
      objectId: handover.partId,
      subject: inquiry.topic,
      occurredAt: handover.at,
      withheld: false,
      createdAt: now,
    },
  });
}
