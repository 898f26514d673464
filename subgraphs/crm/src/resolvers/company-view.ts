import type { Resolvers } from "../generated/graphql";
import { catalogueService } from "@company-graph/kit/schema";
import { companyCases } from "../company-view/cases";
import { companyPermits, daysUntilExpiry, permitStatus } from "../company-view/permits";
import { municipalContacts } from "../company-view/contacts";
import { providedCaseResolvers } from "../company-view/provided-case";
import { permitKindText } from "../i18n/messages";
import { languageOfContext } from "../i18n/context";

/** Company.cases, Company.permits and Company.municipalContacts, merged with the departments' @requires'd data. */
export const companyViewResolvers: Resolvers = {
  ...providedCaseResolvers,
  Company: {
    cases: (company, filter) => companyCases(company, filter),
    permits: (company, filter, context) => companyPermits(company, filter, context.now()),
    municipalContacts: (company, _args, context) => municipalContacts(company, context.loaders, context.now()),
  },
  Permit: {
    service: (permit) => catalogueService(permit.serviceId),
    issuingDepartment: (permit) => permit.department,
    kindText: (permit, _args, context) => permitKindText(permit.kind, languageOfContext(context)),
    status: (permit, _args, context) => permitStatus(permit, context.now()),
    daysUntilExpiry: (permit, _args, context) => daysUntilExpiry(permit, context.now()),
  },
};
