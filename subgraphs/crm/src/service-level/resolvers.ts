import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { findService, serviceLevel, type Department } from "@company-graph/domain";
import type { Resolvers } from "../generated/graphql";
import type { CrmContext } from "../context";
import { startupFunnel } from "./funnel";
import { departmentRows, incompleteDepartments, serviceRows, type ScoreSums, type ServiceLevelReportData } from "./report";
import { caseChanges, measureCases, periodEnd } from "./ongoing-updates";

/** Longest period a report may span: the simulated systems hold three years of history. */
const MAX_PERIOD_DAYS = 3_660;

function validatePeriod(args: { from: string; to: string; serviceId?: string | null }) {
  const from = Date.parse(args.from);
  const to = Date.parse(args.to);
  if (from > to) throw badUserInput(refusal.badUserInput.periodReversed(args.from, args.to), "from");
  if ((to - from) / 86_400_000 > MAX_PERIOD_DAYS) throw badUserInput(refusal.badUserInput.periodTooLong(MAX_PERIOD_DAYS), "to");
  if (args.serviceId && !findService(args.serviceId)) throw badUserInput(refusal.badUserInput.noService(args.serviceId), "serviceId");
}

const emptySums = (): ScoreSums => ({
  responses: 0,
  processingSpeed: 0,
  competence: 0,
  fixedContactPerson: 0,
  ongoingUpdates: 0,
  overall: 0,
});

/** Survey responses in the report's period about catalogue services, summed per service and per department. */
async function surveyScores(context: CrmContext, report: ServiceLevelReportData) {
  const responses = await context.db.surveyResponse.findMany({
    where: {
      respondedAt: { gte: new Date(Date.parse(report.from)), lt: new Date(Date.parse(report.to) + 86_400_000) },
      serviceId: report.serviceId ? report.serviceId : { not: null },
    },
    select: { serviceId: true, processingSpeed: true, competence: true, fixedContactPerson: true, ongoingUpdates: true, overall: true },
  });
  const byService = new Map<string, ScoreSums>();
  const byDepartment = new Map<Department, ScoreSums>();
  for (const response of responses) {
    const service = findService(response.serviceId!);
    if (!service) continue;
    for (const sums of [
      byService.get(service.id) ?? byService.set(service.id, emptySums()).get(service.id)!,
      byDepartment.get(serviceLevel(service).system) ??
        byDepartment.set(serviceLevel(service).system, emptySums()).get(serviceLevel(service).system)!,
    ]) {
      sums.responses++;
      sums.processingSpeed += response.processingSpeed;
      sums.competence += response.competence;
      sums.fixedContactPerson += response.fixedContactPerson;
      sums.ongoingUpdates += response.ongoingUpdates;
      sums.overall += response.overall;
    }
  }
  return { byService, byDepartment };
}

/** The change history's cases measured over the report's period: read once per report, for its services and departments alike. */
const measured = new WeakMap<ServiceLevelReportData, ReturnType<typeof measureCases> | Promise<ReturnType<typeof measureCases>>>();
function caseMeasures(context: CrmContext, report: ServiceLevelReportData) {
  let measures = measured.get(report);
  if (!measures) {
    const end = periodEnd(report.to, context.now());
    measures = caseChanges(context.db, end).then((changes) => measureCases(changes, new Date(Date.parse(report.from)), end));
    measured.set(report, measures);
  }
  return measures;
}

/** The service-level report of a period (docs/service-levels.md): the departments' @requires'd figures beside the CRM's survey scores. */
export const serviceLevelResolvers: Resolvers = {
  Query: {
    serviceLevels: (_, args) => {
      validatePeriod(args);
      return { from: args.from, to: args.to, department: args.department ?? null, serviceId: args.serviceId ?? null };
    },
  },
  ServiceLevelReport: {
    __resolveReference: (reference) => reference,
    keyAccountCvrs: async (_report, _args, context) =>
      (await context.db.keyAccountAssignment.findMany({ where: { until: null }, distinct: ["cvr"], select: { cvr: true } })).map(
        (row) => row.cvr,
      ),
    services: async (report, _args, context) =>
      serviceRows(report, (await surveyScores(context, report)).byService, await caseMeasures(context, report)),
    departments: async (report, _args, context) =>
      departmentRows(report, (await surveyScores(context, report)).byDepartment, await caseMeasures(context, report)),
    incompleteDepartments: (report) => incompleteDepartments(report),
    startupFunnel: (report, _args, context) => startupFunnel(context.db, report),
  },
};
