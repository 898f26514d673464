import {
  caseTypename,
  daysSinceLastUpdate,
  isOpen,
  isPastTarget,
  isUpdateOverdue,
  processingDays,
  targetProcessingDays,
  updatePromiseDays,
} from "@company-graph/domain";
import type { CaseIndexEntry } from "./department-data";

/** The reference the gateway completes from the case's department. */
export const caseReference = (entry: Pick<CaseIndexEntry, "department" | "id">) => ({
  __typename: caseTypename(entry.department),
  id: entry.id,
});

/** OpenCaseStatus of an open case. */
function openCaseStatus(entry: CaseIndexEntry, now: Date) {
  return {
    case: caseReference(entry),
    department: entry.department,
    serviceId: entry.serviceId,
    title: entry.title ?? "",
    openedAt: entry.openedAt,
    processingDays: processingDays(entry, now),
    targetProcessingDays: targetProcessingDays(entry),
    isPastTarget: isPastTarget(entry, now),
    lastUpdateSentAt: entry.lastUpdateSentAt,
    daysSinceLastUpdate: daysSinceLastUpdate(entry, now),
    updatePromiseDays: updatePromiseDays(entry),
    isUpdateOverdue: isUpdateOverdue(entry, now),
  };
}
export type OpenCaseStatus = ReturnType<typeof openCaseStatus>;

/** The company's open cases, oldest first (ties by id). */
export function openCases(entries: readonly CaseIndexEntry[], now: Date): OpenCaseStatus[] {
  return entries
    .filter(isOpen)
    .sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt) || (a.id < b.id ? -1 : 1))
    .map((entry) => openCaseStatus(entry, now));
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
