import { findService, serviceLevel } from "@company-graph/domain";
import { caseTypename, type CaseIndexEntry } from "./department-data";
import { isOpenCase } from "./cases";

const DAY_MS = 86_400_000;

export const wholeDaysBetween = (fromMs: number, toMs: number) => Math.max(0, Math.floor((toMs - fromMs) / DAY_MS));

export function targetDays(entry: CaseIndexEntry): number {
  const service = findService(entry.serviceId);
  return service ? serviceLevel(service).targetProcessingDays : 0;
}

/** Case.processingDays, the same definition the departments use: to the decision, closing, or now. */
export function processingDaysOf(entry: CaseIndexEntry, now: Date): number {
  const end = entry.decidedAt ?? entry.closedAt;
  return wholeDaysBetween(Date.parse(entry.openedAt), end ? Date.parse(end) : now.getTime());
}

export const isPastTarget = (entry: CaseIndexEntry, now: Date) => processingDaysOf(entry, now) > targetDays(entry);

/** The reference the gateway completes from the case's department. */
export const caseReference = (entry: Pick<CaseIndexEntry, "department" | "id">) => ({ __typename: caseTypename(entry.department), id: entry.id });

/** OpenCaseStatus of an open case. */
export function openCaseStatus(entry: CaseIndexEntry, now: Date) {
  const lastHeard = entry.lastUpdateSentAt ?? entry.openedAt;
  return {
    case: caseReference(entry),
    department: entry.department,
    serviceId: entry.serviceId,
    title: entry.title ?? "",
    openedAt: entry.openedAt,
    processingDays: processingDaysOf(entry, now),
    targetProcessingDays: targetDays(entry),
    isPastTarget: isPastTarget(entry, now),
    lastUpdateSentAt: entry.lastUpdateSentAt,
    daysSinceLastUpdate: wholeDaysBetween(Date.parse(lastHeard), now.getTime()),
  };
}
export type OpenCaseStatus = ReturnType<typeof openCaseStatus>;

/** The company's open cases, oldest first (ties by id). */
export function openCases(entries: readonly CaseIndexEntry[], now: Date): OpenCaseStatus[] {
  return entries
    .filter(isOpenCase)
    .sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt) || (a.id < b.id ? -1 : 1))
    .map((entry) => openCaseStatus(entry, now));
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
