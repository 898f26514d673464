import { catalogueService } from "@company-graph/kit";
import { companyCases, type CaseFilter } from "../company-view/cases";
import { companyPermits, daysUntilExpiry, permitStatus, type PermitFilter } from "../company-view/permits";
import type { CompanyWithDepartmentData, PermitRecord } from "../company-view/department-data";

interface Clocked {
  now: () => Date;
}

/** Company.cases and Company.permits, merged from the departments' @requires'd data. */
export const companyViewResolvers = {
  Company: {
    cases: (company: CompanyWithDepartmentData, filter: CaseFilter) => companyCases(company, filter),
    permits: (company: CompanyWithDepartmentData, filter: PermitFilter, context: Clocked) => companyPermits(company, filter, context.now()),
  },
  Permit: {
    service: (permit: PermitRecord) => catalogueService(permit.serviceId),
    issuingDepartment: (permit: PermitRecord) => permit.department,
    status: (permit: PermitRecord, _args: unknown, context: Clocked) => permitStatus(permit, context.now()),
    daysUntilExpiry: (permit: PermitRecord, _args: unknown, context: Clocked) => daysUntilExpiry(permit, context.now()),
  },
};
