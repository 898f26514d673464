import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Department, ReportDepartment, systemDepartment } from "./departments";

/** A service as the report lists it (data/services.json), plus the service level we track. */
export interface CatalogueService {
  id: string;
  department: ReportDepartment;
  theme: string;
  nameDa: string;
  nameEn: string;
  annualVolume: number | null;
  annualVolumeText: string | null;
  volumeBreakdown?: { value: number; unitDa: string; unitEn: string }[];
  themeFte: number | null;
  serviceFte: number | null;
  pooledFte: number | null;
  informationShare: number | null;
  catalogueArea: number;
  servicePackages: string[];
  kind: "information" | "guidance" | "authority";
  isPermit: boolean;
}

export interface ServiceLevel {
  targetProcessingDays: number;
  /** Løbende orientering: the most days an open case may go without the company hearing from the department (an update sent, or the opening). */
  updatePromiseDays: number;
  kle: { subject: string; title: string; verified: boolean };
  /** The department whose case system holds this service's cases (KES lives in BIF). */
  system: Department;
}

export interface CatalogueArea {
  area: number;
  nameDa: string;
  nameEn: string;
  descriptionDa: string;
  descriptionEn: string;
  serviceIds: string[];
}

export interface ServicePackage {
  id: string;
  number: number;
  nameDa: string;
  nameEn: string;
  taglineEn?: string;
  status: string;
  targetGroup: string;
  purpose: string;
  includedServiceIds: string[];
  newServices?: { id: string; nameDa: string; nameEn?: string }[];
  kpiFunnel?: { descriptionEn: string; steps: { order: number; da: string; en: string }[] } | null;
}

const dataDir = join(__dirname, "..", "data");
const readData = <T>(file: string): T => JSON.parse(readFileSync(join(dataDir, file), "utf8")) as T;

interface ServiceLevelFile {
  defaultsByKind: Record<CatalogueService["kind"], number>;
  targets: Record<string, number>;
  updatePromiseDaysByKind: Record<CatalogueService["kind"], number>;
  updatePromiseDays: Record<string, number>;
  kle: Record<string, ServiceLevel["kle"]>;
  kleFallbackByArea: Record<string, string>;
}

export const SERVICES: readonly CatalogueService[] = readData<CatalogueService[]>("services.json");
export const AREAS: readonly CatalogueArea[] = readData<CatalogueArea[]>("catalogue.json");
export const PACKAGES: readonly ServicePackage[] = readData<ServicePackage[]>("packages.json");
const levels = readData<ServiceLevelFile>("service-levels.json");

const servicesById = new Map(SERVICES.map((service) => [service.id, service]));

export function findService(id: string): CatalogueService | undefined {
  return servicesById.get(id);
}

export function serviceLevel(service: CatalogueService): ServiceLevel {
  return {
    targetProcessingDays: levels.targets[service.id] ?? levels.defaultsByKind[service.kind],
    updatePromiseDays: levels.updatePromiseDays[service.id] ?? levels.updatePromiseDaysByKind[service.kind],
    kle: levels.kle[service.id] ?? {
      subject: levels.kleFallbackByArea[String(service.catalogueArea)] ?? "00.00.00",
      title: service.theme,
      verified: false,
    },
    system: systemDepartment(service.department),
  };
}

/** Services whose cases a department's system holds. */
export function servicesOfSystem(department: Department): CatalogueService[] {
  return SERVICES.filter((service) => systemDepartment(service.department) === department);
}

/**
 * The yearly case count the report gives, or a stated fallback where it gives none
 * ("Få", "-"): a service with no figure still happens a few times a year.
 */
export const FALLBACK_ANNUAL_VOLUME = 10;
export function annualCaseVolume(service: CatalogueService): number {
  if (service.annualVolume !== null) return service.annualVolume;
  if (service.id === "bif-wage-refunds" && service.volumeBreakdown) {
    return service.volumeBreakdown.reduce((sum, part) => sum + part.value, 0);
  }
  return FALLBACK_ANNUAL_VOLUME;
}
