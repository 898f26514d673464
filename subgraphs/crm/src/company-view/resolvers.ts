import { accessOf } from "@company-graph/kit/auth";
import { badUserInput, forbidden } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { catalogueService } from "@company-graph/kit/schema";
import type { Resolvers } from "../generated/graphql";
import type { CrmContext } from "../context";
import { requireEmployee } from "../validation";
import { companyAlerts } from "./alerts";
import { lastContactAt } from "./contact";
import { gatherCases } from "./department-data";
import { packageProgress } from "./package-progress";
import { timelineRecords } from "./records";
import { scorecardOngoingUpdates, serviceScorecard } from "./scorecard";
import { caseChanges } from "../service-level/ongoing-updates";
import { companyTimeline, isContactEvent } from "./timeline";
import { companyCases } from "./cases";
import { companyPermits, daysUntilExpiry, permitStatus } from "./permits";
import { municipalContacts } from "./contacts";
import { providedCaseResolvers } from "./provided-case";
import { permitKindText } from "../i18n/messages";
import { languageOfContext } from "../i18n/context";

const currentKeyAccountManagerId = async (context: CrmContext, cvr: string) =>
  (await context.loaders.kamAssignmentsByCvr.load(cvr)).find((assignment) => assignment.until === null)?.employeeId ?? null;

/** Days ahead a permit counts as running out (timeline, alerts, packages) unless the query says otherwise. */
const DEFAULT_PERMIT_EXPIRING_WITHIN_DAYS = 30;
/** Days an expired, not renewed permit keeps alerting. */
const DEFAULT_PERMIT_EXPIRED_WITHIN_DAYS = 90;

function requireDays(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw badUserInput(refusal.badUserInput.zeroOrMore(name, value), name);
  return value;
}

/**
 * The company view (docs/service-levels.md): Company.cases, permits, municipalContacts, serviceScorecard,
 * packageProgress, timeline and alerts, merged with the departments' @requires'd data, and the key
 * account manager's alert list.
 */
export const companyViewResolvers: Resolvers = {
  ...providedCaseResolvers,
  Query: {
    keyAccountAlerts: async (_, args, context) => {
      if (accessOf(context)?.identity.userId !== args.employeeId) throw forbidden(refusal.forbidden.ownAlertsOnly, "employeeId");
      await requireEmployee(context, args.employeeId, "employeeId");
      return context.db.company.findMany({
        where: { kamAssignments: { some: { employeeId: args.employeeId, until: null } } },
        orderBy: [{ nameSortKey: "asc" }, { cvr: "asc" }],
      });
    },
  },
  Company: {
    cases: (company, filter) => companyCases(company, filter),
    permits: (company, filter, context) => companyPermits(company, filter, context.now()),
    municipalContacts: (company, _args, context) => municipalContacts(company, context.loaders, context.now()),
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
        permitExpiringWithinDays: requireDays(
          args.permitExpiringWithinDays ?? DEFAULT_PERMIT_EXPIRING_WITHIN_DAYS,
          "permitExpiringWithinDays",
        ),
      }),
    timeline: async (company, args, context) =>
      companyTimeline(company, await timelineRecords(context, company.cvr), {
        first: args.first,
        after: args.after,
        now: context.now(),
        language: languageOfContext(context),
        permitExpiringWithinDays: requireDays(
          args.permitExpiringWithinDays ?? DEFAULT_PERMIT_EXPIRING_WITHIN_DAYS,
          "permitExpiringWithinDays",
        ),
      }),
    alerts: async (company, args, context) => {
      const [followUps, records] = await Promise.all([
        context.loaders.followUpsByCvr.load(company.cvr),
        timelineRecords(context, company.cvr),
      ]);
      const alerts = companyAlerts(company, followUps, {
        noUpdateForDays: args.noUpdateForDays ?? null,
        permitExpiringWithinDays: args.permitExpiringWithinDays ?? DEFAULT_PERMIT_EXPIRING_WITHIN_DAYS,
        permitExpiredWithinDays: args.permitExpiredWithinDays ?? DEFAULT_PERMIT_EXPIRED_WITHIN_DAYS,
        now: context.now(),
        language: languageOfContext(context),
        ceasedOn: (company as { ceasedOn?: Date | null }).ceasedOn ?? null,
      });
      return { ...alerts, lastContactAt: lastContactAt(gatherCases(company).items, records, context.now()) };
    },
  },
  Permit: {
    service: (permit) => catalogueService(permit.serviceId),
    issuingDepartment: (permit) => permit.department,
    kindText: (permit, _args, context) => permitKindText(permit.kind, languageOfContext(context)),
    status: (permit, _args, context) => permitStatus(permit, context.now()),
    daysUntilExpiry: (permit, _args, context) => daysUntilExpiry(permit, context.now()),
  },
  ServiceScorecard: {
    ongoingUpdates: async (scorecard, _args, context) =>
      scorecardOngoingUpdates(await caseChanges(context.db, context.now(), scorecard.cvr), context.now()),
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
