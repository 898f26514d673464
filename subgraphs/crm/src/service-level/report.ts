import { DEPARTMENTS, findService, serviceLevel, servicesOfSystem, type CatalogueService, type Department } from "@company-graph/domain";
import type { SourceServiceLevelReport, SourceServiceStatistics } from "@company-graph/kit/department";
import { ongoingUpdates, servicePromiseDays, type measureCases } from "./ongoing-updates";

/** The cases of the change history measured over the report's period (ongoing-updates.ts). */
type CaseMeasures = ReturnType<typeof measureCases>;

const DAY_MS = 86_400_000;

/** The ServiceLevelReport entity: its key plus the departments' statistics the gateway adds through @requires. */
export type ServiceLevelReportData = {
  from: string;
  to: string;
  department?: Department | null;
  serviceId?: string | null;
} & Partial<Record<`${Lowercase<Department>}Statistics`, Pick<SourceServiceLevelReport, "department" | "total" | "services"> | null>>;

/** Average scores of survey responses, one row per service or department. */
export interface ScoreSums {
  responses: number;
  processingSpeed: number;
  competence: number;
  fixedContactPerson: number;
  ongoingUpdates: number;
  overall: number;
}
type SurveyScores = Pick<ScoreSums, "processingSpeed" | "competence" | "fixedContactPerson" | "ongoingUpdates" | "overall">;

const periodDays = (report: Pick<ServiceLevelReportData, "from" | "to">) =>
  Math.round((Date.parse(report.to) - Date.parse(report.from)) / DAY_MS) + 1;

/** The departments a report is about: all four, or the one it is limited to (directly or through its service). */
function selectedDepartments(report: ServiceLevelReportData): Department[] {
  if (report.serviceId) {
    const service = findService(report.serviceId);
    return service ? [serviceLevel(service).system] : [];
  }
  return report.department ? [report.department] : [...DEPARTMENTS];
}

export const statisticsOf = (report: ServiceLevelReportData, department: Department) =>
  report[`${department.toLowerCase() as Lowercase<Department>}Statistics`] ?? null;

export const incompleteDepartments = (report: ServiceLevelReportData) =>
  selectedDepartments(report).filter((department) => !statisticsOf(report, department));

/** The report's annual volume: the number, or the sum of its breakdown (wage refunds); null where it gives none. */
function reportAnnualVolume(service: CatalogueService): number | null {
  if (service.annualVolume !== null) return service.annualVolume;
  return service.volumeBreakdown ? service.volumeBreakdown.reduce((sum, part) => sum + part.value, 0) : null;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

const EMPTY: SourceServiceStatistics = {
  serviceId: null,
  opened: 0,
  decided: 0,
  closed: 0,
  medianProcessingDays: null,
  p90ProcessingDays: null,
  decidedPastTarget: 0,
  openAtEnd: 0,
  openAtEndWithoutUpdate: 0,
  updatesSentInPeriod: 0,
  companies: 0,
  keyAccountCompanies: 0,
};

function satisfaction(sums: ScoreSums | undefined) {
  const average = (field: keyof SurveyScores) => (sums && sums.responses > 0 ? sums[field] / sums.responses : null);
  return {
    responses: sums?.responses ?? 0,
    processingSpeed: average("processingSpeed"),
    competence: average("competence"),
    fixedContactPerson: average("fixedContactPerson"),
    ongoingUpdates: average("ongoingUpdates"),
    overall: average("overall"),
  };
}

function serviceLevelRow(
  department: Department,
  service: CatalogueService | null,
  figures: SourceServiceStatistics,
  annualVolume: number | null,
  days: number,
  sums: ScoreSums | undefined,
  ongoing: ReturnType<typeof ongoingUpdates>,
) {
  const expectedInPeriod = annualVolume === null ? null : (annualVolume * days) / 365;
  return {
    department,
    service,
    casesOpened: figures.opened,
    casesDecided: figures.decided,
    casesClosed: figures.closed,
    processingTime: {
      count: figures.decided,
      medianDays: figures.medianProcessingDays,
      p90Days: figures.p90ProcessingDays,
      targetDays: service ? serviceLevel(service).targetProcessingDays : null,
      pastTarget: figures.decidedPastTarget,
      sharePastTarget: ratio(figures.decidedPastTarget, figures.decided),
    },
    volume: {
      cases: figures.opened,
      reportAnnualVolume: annualVolume,
      expectedInPeriod,
      ratio: expectedInPeriod ? figures.opened / expectedInPeriod : null,
    },
    updates: {
      openCasesAtEnd: figures.openAtEnd,
      openCasesWithoutUpdate: figures.openAtEndWithoutUpdate,
      shareWithoutUpdate: ratio(figures.openAtEndWithoutUpdate, figures.openAtEnd),
      updatesSent: figures.updatesSentInPeriod,
    },
    ongoingUpdates: ongoing,
    satisfaction: satisfaction(sums),
    companiesServed: figures.companies,
    companiesWithKeyAccountManager: figures.keyAccountCompanies,
    keyAccountManagerShare: ratio(figures.keyAccountCompanies, figures.companies),
  };
}

/** ServiceLevelReport.services: every catalogue service of each answering selected department; services without cases get zeros. */
export function serviceRows(report: ServiceLevelReportData, scoresByService: Map<string, ScoreSums>, measures: CaseMeasures) {
  const days = periodDays(report);
  return selectedDepartments(report).flatMap((department) => {
    const statistics = statisticsOf(report, department);
    if (!statistics) return [];
    const figures = new Map(statistics.services.map((row) => [row.serviceId, row]));
    return servicesOfSystem(department)
      .filter((service) => !report.serviceId || service.id === report.serviceId)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((service) =>
        serviceLevelRow(
          department,
          service,
          figures.get(service.id) ?? EMPTY,
          reportAnnualVolume(service),
          days,
          scoresByService.get(service.id),
          ongoingUpdates(
            measures.filter((measure) => measure.department === department && measure.serviceId === service.id),
            servicePromiseDays(service.id),
          ),
        ),
      );
  });
}

/** ServiceLevelReport.departments: each answering selected department's whole-system figures. */
export function departmentRows(report: ServiceLevelReportData, scoresByDepartment: Map<Department, ScoreSums>, measures: CaseMeasures) {
  const days = periodDays(report);
  return selectedDepartments(report).flatMap((department) => {
    const statistics = statisticsOf(report, department);
    if (!statistics) return [];
    const volumes = servicesOfSystem(department)
      .map(reportAnnualVolume)
      .filter((volume): volume is number => volume !== null);
    const annualVolume = volumes.length ? volumes.reduce((sum, volume) => sum + volume, 0) : null;
    const ongoing = ongoingUpdates(
      measures.filter((measure) => measure.department === department),
      null,
    );
    return [serviceLevelRow(department, null, statistics.total, annualVolume, days, scoresByDepartment.get(department), ongoing)];
  });
}
