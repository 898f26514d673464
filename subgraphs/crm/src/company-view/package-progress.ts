import { findService, PACKAGES, serviceLevel, type CatalogueService, type ServicePackage } from "@company-graph/domain";
import type { PackageEnrolment } from "../generated/prisma/client.js";
import { gatherCases, gatherPermits, type CaseIndexEntry, type CompanyWithDepartmentData } from "./department-data";
import { caseReference } from "./case-status";
import { daysUntilExpiry, isExpiringWithin, permitReference } from "./permits";
import { messagesFor, permitKindText, type Language } from "../i18n/messages";

export interface PackageProgressOptions {
  now: Date;
  language: Language;
  /** A permit of the package ending within this many days is reported. */
  permitExpiringWithinDays: number;
}

export type PackageServiceStatus = "NOT_STARTED" | "IN_PROGRESS" | "DONE";
export type PackageStatus = "NOT_STARTED" | "IN_PROGRESS" | "COMPLETE";

/** The package's services that are in the catalogue (new, proposed services have no cases yet). */
const catalogueServicesOf = (servicePackage: ServicePackage): CatalogueService[] =>
  servicePackage.includedServiceIds.map(findService).filter((service): service is CatalogueService => service !== undefined);

/** A service is done once one of its cases has a decision (or was closed), in progress while it only has undecided cases. */
function serviceStatus(cases: readonly CaseIndexEntry[]): PackageServiceStatus {
  if (cases.length === 0) return "NOT_STARTED";
  return cases.some((entry) => entry.decidedAt !== null || entry.closedAt !== null) ? "DONE" : "IN_PROGRESS";
}

function packageStatus(statuses: readonly PackageServiceStatus[]): PackageStatus {
  if (statuses.every((status) => status === "NOT_STARTED")) return "NOT_STARTED";
  return statuses.every((status) => status === "DONE") ? "COMPLETE" : "IN_PROGRESS";
}

/** A company fits a package when it has cases of at least two of its services (or of its only one). */
function fitsByCases(services: readonly CatalogueService[], casesOf: (serviceId: string) => CaseIndexEntry[]): boolean {
  const used = services.filter((service) => casesOf(service.id).length > 0).length;
  return services.length > 0 && used >= Math.min(2, services.length);
}

/** Company.packageProgress: enrolled packages and packages the company fits, by package number. */
export function packageProgress(
  company: CompanyWithDepartmentData,
  enrolments: readonly PackageEnrolment[],
  options: PackageProgressOptions,
) {
  const { items, incompleteDepartments } = gatherCases(company);
  const permits = gatherPermits(company);
  const text = messagesFor(options.language);
  const byService = new Map<string, CaseIndexEntry[]>();
  for (const entry of items) byService.set(entry.serviceId, [...(byService.get(entry.serviceId) ?? []), entry]);
  const casesOf = (serviceId: string) =>
    (byService.get(serviceId) ?? []).sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt) || (a.id < b.id ? -1 : 1));
  return PACKAGES.flatMap((servicePackage) => {
    const services = catalogueServicesOf(servicePackage);
    const enrolment = enrolments.find((candidate) => candidate.packageId === servicePackage.id) ?? null;
    const detectedFromCases = fitsByCases(services, casesOf);
    if (!enrolment && !detectedFromCases) return [];
    const rows = services.map((service) => {
      const cases = casesOf(service.id);
      return { service, department: serviceLevel(service).system, cases: cases.map(caseReference), status: serviceStatus(cases) };
    });
    const departments = new Set(rows.map((row) => row.department));
    // A COMPLETE package can still need action: a permit it brought runs out (the café's outdoor serving).
    const serviceIds = new Set(services.map((service) => service.id));
    const expiring = permits.items
      .filter((permit) => serviceIds.has(permit.serviceId) && isExpiringWithin(permit, options.now, options.permitExpiringWithinDays))
      .sort((a, b) => Date.parse(a.validTo!) - Date.parse(b.validTo!) || (a.id < b.id ? -1 : 1));
    return [
      {
        package: servicePackage,
        enrolment,
        detectedFromCases,
        status: packageStatus(rows.map((row) => row.status)),
        services: rows,
        permitsExpiringSoon: expiring.map(permitReference),
        notices: expiring.map((permit) =>
          text.packagePermitExpiring(permitKindText(permit.kind, options.language), daysUntilExpiry(permit, options.now)!),
        ),
        incompleteDepartments: [...new Set([...incompleteDepartments, ...permits.incompleteDepartments])].filter((department) =>
          departments.has(department),
        ),
      },
    ];
  });
}
