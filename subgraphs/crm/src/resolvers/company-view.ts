import { catalogueService } from "@company-graph/kit/schema";
import { companyCases, type CaseFilter } from "../company-view/cases";
import { companyPermits, daysUntilExpiry, permitStatus, type PermitFilter } from "../company-view/permits";
import type { CompanyWithDepartmentData, PermitRecord } from "../company-view/department-data";
import { municipalContacts } from "../company-view/contacts";
import { providedCaseResolvers } from "../company-view/provided-case";
import type { CrmContext } from "../context";
import { permitKindText } from "../i18n/messages";
import { languageOfContext } from "../i18n/context";

type Clocked = Pick<CrmContext, "now">;

/** Company.cases, Company.permits and Company.municipalContacts, merged with the departments' @requires'd data. */
export const companyViewResolvers = {
  ...providedCaseResolvers,
  Company: {
    cases: (company: CompanyWithDepartmentData, filter: CaseFilter) => companyCases(company, filter),
    permits: (company: CompanyWithDepartmentData, filter: PermitFilter, context: Clocked) => companyPermits(company, filter, context.now()),
    municipalContacts: (company: CompanyWithDepartmentData, _args: unknown, context: CrmContext) => municipalContacts(company, context.loaders, context.now()),
  },
  Permit: {
    service: (permit: PermitRecord) => catalogueService(permit.serviceId),
    issuingDepartment: (permit: PermitRecord) => permit.department,
    kindText: (permit: PermitRecord, _args: unknown, context: CrmContext) => permitKindText(permit.kind, languageOfContext(context)),
    status: (permit: PermitRecord, _args: unknown, context: Clocked) => permitStatus(permit, context.now()),
    daysUntilExpiry: (permit: PermitRecord, _args: unknown, context: Clocked) => daysUntilExpiry(permit, context.now()),
  },
};
