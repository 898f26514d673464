import type { Resolvers } from "../generated/graphql";
import { accessOf } from "@company-graph/kit/auth";
import { badUserInput, forbidden } from "@company-graph/kit/errors";
import { catalogueArea, catalogueService } from "@company-graph/kit/schema";
import { AREAS, findService, PACKAGES, SERVICES, serviceLevel, type Department } from "@company-graph/domain";
import type { CrmContext } from "../context";
import { companyAlerts } from "../company-view/alerts";
import { packageProgress } from "../company-view/package-progress";
import { serviceScorecard } from "../company-view/scorecard";
import { companyTimeline, isContactEvent } from "../company-view/timeline";
import { lastContactAt } from "../company-view/contact";
import { gatherCases } from "../company-view/department-data";
import { timelineRecords } from "../company-view/records";
import { languageOfContext } from "../i18n/context";
import { startupFunnel } from "../service-levels/funnel";
import { departmentRows, incompleteDepartments, serviceRows, type ScoreSums, type ServiceLevelReportData } from "../service-levels/report";
import { requireEmployee } from "../validation";

/** Longest period a report may span: the simulated systems hold three years of history. */
const MAX_PERIOD_DAYS = 3_660;

const currentKeyAccountManagerId = async (context: CrmContext, cvr: string) =>
  (await context.loaders.kamAssignmentsByCvr.load(cvr)).find((assignment) => assignment.until === null)?.employeeId ?? null;

function validatePeriod(args: { from: string; to: string; serviceId?: string | null }) {
  const from = Date.parse(args.from);
  const to = Date.parse(args.to);
  if (from > to) throw badUserInput(`from (${args.from}) must not be after to (${args.to})`, "from");
  if ((to - from) / 86_400_000 > MAX_PERIOD_DAYS) throw badUserInput(`the period may span at most ${MAX_PERIOD_DAYS} days`, "to");
  if (args.serviceId && !findService(args.serviceId)) throw badUserInput(`No catalogue service has id "${args.serviceId}"`, "serviceId");
}

const emptySums = (): ScoreSums => ({ responses: 0, processingSpeed: 0, competence: 0, fixedContactPerson: 0, ongoingUpdates: 0, overall: 0 });

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
      byDepartment.get(serviceLevel(service).system) ?? byDepartment.set(serviceLevel(service).system, emptySums()).get(serviceLevel(service).system)!,
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

/** Days ahead a permit counts as running out (timeline, alerts, packages) unless the query says otherwise. */
export const DEFAULT_PERMIT_EXPIRING_WITHIN_DAYS = 30;
/** Days an expired, not renewed permit keeps alerting. */
export const DEFAULT_PERMIT_EXPIRED_WITHIN_DAYS = 90;

function requireDays(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw badUserInput(`${name} skal være 0 eller mere, men er ${value}`, name);
  return value;
}

/** The catalogue, service levels, package progress, the timeline and key account alerts (docs/service-levels.md). */
export const serviceLevelResolvers: Resolvers = {
  Query: {
    serviceAreas: () => AREAS.map((area) => catalogueArea(area.area)),
    services: (_, args) =>
      SERVICES.filter((service) => (!args.department || serviceLevel(service).system === args.department) && (args.area === null || args.area === undefined || service.catalogueArea === args.area)),
    service: (_, args) => findService(args.id) ?? null,
    servicePackage: (_, args) => PACKAGES.find((candidate) => candidate.id === args.id) ?? null,
    serviceLevels: (_, args) => {
      validatePeriod(args);
      return { from: args.from, to: args.to, department: args.department ?? null, serviceId: args.serviceId ?? null };
    },
    keyAccountAlerts: async (_, args, context) => {
      if (accessOf(context)?.identity.userId !== args.employeeId) throw forbidden("a key account manager sees the alerts of their own companies only", "employeeId");
      await requireEmployee(context, args.employeeId, "employeeId");
      return context.db.company.findMany({
        where: { kamAssignments: { some: { employeeId: args.employeeId, until: null } } },
        orderBy: [{ nameSortKey: "asc" }, { cvr: "asc" }],
      });
    },
  },
  ServiceLevelReport: {
    __resolveReference: (reference) => reference,
    keyAccountCvrs: async (_report, _args, context) =>
      (await context.db.keyAccountAssignment.findMany({ where: { until: null }, distinct: ["cvr"], select: { cvr: true } })).map((row) => row.cvr),
    services: async (report, _args, context) => serviceRows(report, (await surveyScores(context, report)).byService),
    departments: async (report, _args, context) => departmentRows(report, (await surveyScores(context, report)).byDepartment),
    incompleteDepartments: (report) => incompleteDepartments(report),
    startupFunnel: (report, _args, context) => startupFunnel(context.db, report),
  },
  Company: {
    serviceScorecard: async (company, _args, context) =>
      serviceScorecard(
        company,
        {
          currentKeyAccountManagerId: await currentKeyAccountManagerId(context, company.cvr),
          followUps: await context.loaders.followUpsByCvr.load(company.cvr),
          surveyResponses: await context.loaders.surveyResponsesByCvr.load(company.cvr),
        },
        context.now(),
      ),
    packageProgress: async (company, args, context) =>
      packageProgress(company, await context.loaders.enrolmentsByCvr.load(company.cvr), {
        now: context.now(),
        language: languageOfContext(context),
        permitExpiringWithinDays: requireDays(args.permitExpiringWithinDays ?? DEFAULT_PERMIT_EXPIRING_WITHIN_DAYS, "permitExpiringWithinDays"),
      }),
    timeline: async (company, args, context) =>
      companyTimeline(company, await timelineRecords(context, company.cvr), {
        first: args.first,
        after: args.after,
        now: context.now(),
        language: languageOfContext(context),
        permitExpiringWithinDays: requireDays(args.permitExpiringWithinDays ?? DEFAULT_PERMIT_EXPIRING_WITHIN_DAYS, "permitExpiringWithinDays"),
      }),
    alerts: async (company, args, context) => {
      const [followUps, records] = await Promise.all([context.loaders.followUpsByCvr.load(company.cvr), timelineRecords(context, company.cvr)]);
      const alerts = companyAlerts(company, followUps, {
        noUpdateForDays: args.noUpdateForDays,
        permitExpiringWithinDays: args.permitExpiringWithinDays ?? DEFAULT_PERMIT_EXPIRING_WITHIN_DAYS,
        permitExpiredWithinDays: args.permitExpiredWithinDays ?? DEFAULT_PERMIT_EXPIRED_WITHIN_DAYS,
        now: context.now(),
        language: languageOfContext(context),
        ceasedOn: (company as { ceasedOn?: Date | null }).ceasedOn ?? null,
      });
      return { ...alerts, lastContactAt: lastContactAt(gatherCases(company).items, records, context.now()) };
    },
  },
  ServiceScorecard: {
    keyAccountManager: (scorecard, _args, context) =>
      scorecard.keyAccountManagerId ? context.loaders.employee.load(scorecard.keyAccountManagerId) : null,
  },
  OpenCaseStatus: {
    service: (status) => catalogueService(status.serviceId),
  },
  TimelineEvent: {
    service: (event) => (event.serviceId ? catalogueService(event.serviceId) : null),
    isContact: (event) => isContactEvent(event),
  },
};
