import { DEPARTMENTS, isPastTarget, processingDays, targetProcessingDays } from "@company-graph/domain";
import type { FollowUp, SurveyResponse } from "../generated/prisma/client.js";
import { gatherCases, type CompanyWithDepartmentData } from "./department-data";
import { median, openCases } from "./case-status";
import { isOverdue } from "../follow-up/overdue";
import { measureCases, ongoingUpdates, type CaseChange } from "../service-level/ongoing-updates";

/** The scorecard's period for løbende orientering: the last year, to now. */
const SCORECARD_ONGOING_UPDATES_DAYS = 365;

/** ServiceScorecard.ongoingUpdates: the company's case events measured per department, as the service levels measure them. */
export function scorecardOngoingUpdates(changes: readonly CaseChange[], now: Date) {
  const measures = measureCases(changes, new Date(now.getTime() - SCORECARD_ONGOING_UPDATES_DAYS * 86_400_000), now);
  return DEPARTMENTS.map((department) => ({
    department,
    figures: ongoingUpdates(
      measures.filter((measure) => measure.department === department),
      null,
    ),
  }));
}

/** CRM records the scorecard reads next to the department data. */
export interface ScorecardRecords {
  currentKeyAccountManagerId: string | null;
  followUps: readonly FollowUp[];
  surveyResponses: readonly SurveyResponse[];
}

/** Company.serviceScorecard. Survey responses and follow-ups come in the loaders' order (newest / earliest deadline first). */
export function serviceScorecard(company: CompanyWithDepartmentData, records: ScorecardRecords, now: Date) {
  const { items, incompleteDepartments } = gatherCases(company);
  const open = openCases(items, now);
  return {
    cvr: company.cvr,
    openCases: open,
    openCasesPastTarget: open.filter((status) => status.isPastTarget).length,
    departments: DEPARTMENTS.map((department) => {
      const cases = items.filter((entry) => entry.department === department);
      return {
        department,
        cases: cases.length,
        medianProcessingDays: median(cases.map((entry) => processingDays(entry, now))),
        medianTargetProcessingDays: median(cases.map(targetProcessingDays)),
        pastTarget: cases.filter((entry) => isPastTarget(entry, now)).length,
      };
    }),
    hasFixedContactPerson: records.currentKeyAccountManagerId !== null,
    keyAccountManagerId: records.currentKeyAccountManagerId,
    overdueFollowUps: records.followUps.filter((followUp) => isOverdue(followUp, now)),
    latestSatisfaction: records.surveyResponses[0] ?? null,
    incompleteDepartments,
  };
}
