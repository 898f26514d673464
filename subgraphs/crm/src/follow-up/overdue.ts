import type { FollowUp } from "../generated/prisma/client.js";

/** A follow-up is overdue while open past its deadline: FollowUp.isOverdue, the work list's filter, the scorecard and the alerts. */
export const isOverdue = (followUp: Pick<FollowUp, "status" | "deadline">, now: Date) =>
  followUp.status === "OPEN" && followUp.deadline.getTime() < now.getTime();
