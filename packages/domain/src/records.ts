import type { Department } from "./departments";

/*
 * The shapes every department system shares (the same schemas in each mocks/<dept>/openapi.yaml),
 * defined once: the simulators serve them, the kit's department clients read them, the CRM
 * merges them. The simulators check their generated contract types against these.
 */

/** A permit a department system granted a company (Permit). */
export interface Permit {
  id: string;
  department: Department;
  cvr: string;
  caseId: string;
  serviceId: string;
  kind: string;
  grantedAt: string;
  validFrom: string;
  validTo: string | null;
  conditions: string[];
}

/** One service's (serviceId null: the whole system's) figures for a period (ServiceStatistics). */
export interface ServiceStatistics {
  serviceId: string | null;
  opened: number;
  decided: number;
  closed: number;
  medianProcessingDays: number | null;
  p90ProcessingDays: number | null;
  decidedPastTarget: number;
  openAtEnd: number;
  openAtEndWithoutUpdate: number;
  updatesSentInPeriod: number;
  companies: number;
  keyAccountCompanies: number;
}

/** A department system's service-level figures for a period, in total and per service (ServiceLevelReport). */
export interface ServiceLevelReport {
  department: Department;
  from: string;
  to: string;
  total: ServiceStatistics;
  services: ServiceStatistics[];
}
