import { badUserInput } from "@company-graph/kit";
import type { FollowUp } from "../generated/prisma/client.js";
import { gatherCases, type CompanyWithDepartmentData } from "./department-data";
import { openCases } from "./case-status";
import { isOverdue } from "./scorecard";

/** Company.alerts: what the key account manager should act on. */
export function companyAlerts(company: CompanyWithDepartmentData, followUps: readonly FollowUp[], noUpdateForDays: number, now: Date) {
  if (!Number.isInteger(noUpdateForDays) || noUpdateForDays < 0) throw badUserInput(`noUpdateForDays must be 0 or more, got ${noUpdateForDays}`, "noUpdateForDays");
  const { items, incompleteDepartments } = gatherCases(company);
  const open = openCases(items, now);
  const overdueFollowUps = followUps.filter((followUp) => isOverdue(followUp, now));
  const casesPastTarget = open.filter((status) => status.isPastTarget);
  const casesWithoutRecentUpdate = open.filter((status) => status.daysSinceLastUpdate > noUpdateForDays);
  return {
    hasAlerts: overdueFollowUps.length + casesPastTarget.length + casesWithoutRecentUpdate.length > 0,
    overdueFollowUps,
    casesPastTarget,
    casesWithoutRecentUpdate,
    incompleteDepartments,
  };
}
