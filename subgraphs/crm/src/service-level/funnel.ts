import { PACKAGES } from "@company-graph/domain";
import type { PrismaClient } from "../generated/prisma/client.js";
import { statisticsOf, type ServiceLevelReportData } from "./report";

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const STARTUP = PACKAGES.find((candidate) => candidate.id === "startup")!;
const STARTUP_SERVICES = STARTUP.includedServiceIds;

/** KES case counts (cases opened in the period) from BIF's statistics; null when BIF did not answer or was filtered out. */
function opened(report: ServiceLevelReportData, serviceId: string): number | null {
  const bif = statisticsOf(report, "BIF");
  if (!bif) return null;
  return bif.services.find((row) => row.serviceId === serviceId)?.opened ?? 0;
}

const DEFINITIONS = {
  FIRST_CONTACTS:
    "Inquiries received in the period about a start-up package service or from a company at stage PRE_START or START_UP (CRM), plus KES single-entry triage cases (kes-single-entry-triage) opened in the period (BIF).",
  SCREENINGS:
    "Enrolments in the start-up package in the period (CRM): the screening is what enrols a company; it is a new service with no case system yet.",
  COURSE_PARTICIPATION: "KES entrepreneur course cases (kes-entrepreneur-courses) opened in the period (BIF).",
  INDIVIDUAL_COUNSELLING: "KES one-to-one advice cases (kes-one-to-one-advice) opened in the period (BIF).",
  START_UPS: "Companies with an inquiry received in the period recording stage START_UP (CRM): registered and newly started.",
  STATUS_AFTER_YEAR_1:
    "Companies enrolled in the start-up package exactly one year before the period (enrolment in [from − 365 days, to − 365 days]) that had an inquiry or note within a year of enrolling (CRM): still active and in contact.",
} as const;

/** ServiceLevelReport.startupFunnel: the report's six steps, each counted as DEFINITIONS says. */
export async function startupFunnel(db: PrismaClient, report: ServiceLevelReportData) {
  const start = new Date(Date.parse(report.from));
  const end = new Date(Date.parse(report.to) + DAY_MS);
  const inPeriod = { gte: start, lt: end };
  const [startupInquiries, screenings, startedCompanies, enrolledYearBefore] = await Promise.all([
    db.inquiry.count({
      where: {
        receivedAt: inPeriod,
        OR: [{ parts: { some: { serviceId: { in: STARTUP_SERVICES } } } }, { companyStage: { in: ["PRE_START", "START_UP"] } }],
      },
    }),
    db.packageEnrolment.count({ where: { packageId: STARTUP.id, enrolledAt: inPeriod } }),
    db.inquiry.findMany({ where: { receivedAt: inPeriod, companyStage: "START_UP" }, distinct: ["cvr"], select: { cvr: true } }),
    db.packageEnrolment.findMany({
      where: { packageId: STARTUP.id, enrolledAt: { gte: new Date(start.getTime() - YEAR_MS), lt: new Date(end.getTime() - YEAR_MS) } },
      select: {
        cvr: true,
        enrolledAt: true,
        company: { select: { inquiries: { select: { receivedAt: true } }, notes: { select: { occurredAt: true } } } },
      },
    }),
  ]);
  const activeWithinYear = enrolledYearBefore.filter(({ enrolledAt, company }) => {
    const within = (at: Date) => at.getTime() > enrolledAt.getTime() && at.getTime() <= enrolledAt.getTime() + YEAR_MS;
    return company.inquiries.some((inquiry) => within(inquiry.receivedAt)) || company.notes.some((note) => within(note.occurredAt));
  }).length;
  const triage = opened(report, "kes-single-entry-triage");
  const counts: Record<keyof typeof DEFINITIONS, number | null> = {
    FIRST_CONTACTS: triage === null ? null : startupInquiries + triage,
    SCREENINGS: screenings,
    COURSE_PARTICIPATION: opened(report, "kes-entrepreneur-courses"),
    INDIVIDUAL_COUNSELLING: opened(report, "kes-one-to-one-advice"),
    START_UPS: startedCompanies.length,
    STATUS_AFTER_YEAR_1: activeWithinYear,
  };
  const keys = Object.keys(DEFINITIONS) as (keyof typeof DEFINITIONS)[];
  const steps = STARTUP.kpiFunnel!.steps;
  return {
    steps: keys.map((key, index) => ({
      order: steps[index].order,
      key,
      nameDa: steps[index].da,
      nameEn: steps[index].en,
      count: counts[key],
      definition: DEFINITIONS[key],
    })),
  };
}
