import { findService, serviceLevel, type Department } from "@company-graph/domain";
import type { CaseSystemClient, SourceServiceLevelReport } from "./source-contract";

/** The key of a ServiceLevelReport entity plus what the CRM hands over through @requires. */
export interface ServiceLevelReportReference {
  from: string;
  to: string;
  department?: Department | null;
  serviceId?: string | null;
  keyAccountCvrs?: string[] | null;
}

/** Whether a report filtered by department or service concerns this department at all. */
export function reportConcerns(department: Department, report: ServiceLevelReportReference): boolean {
  if (report.department && report.department !== department) return false;
  if (report.serviceId) {
    const service = findService(report.serviceId);
    return service !== undefined && serviceLevel(service).system === department;
  }
  return true;
}

/**
 * ServiceLevelReport.<dept>Statistics: one call to the department system per report. A report
 * about another department or another department's service costs no call and answers null.
 */
export async function departmentStatistics(
  client: CaseSystemClient,
  report: ServiceLevelReportReference,
): Promise<SourceServiceLevelReport | null> {
  if (!reportConcerns(client.department, report)) return null;
  return client.serviceLevelStatistics({
    from: report.from,
    to: report.to,
    serviceId: report.serviceId ?? null,
    keyAccountCvrs: report.keyAccountCvrs ?? [],
  });
}
