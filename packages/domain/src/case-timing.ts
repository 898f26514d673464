import { findService, serviceLevel } from "./catalogue";

const DAY_MS = 86_400_000;

/** What a case's state and processing time are read from: a department's case and the CRM's index entry of it alike. */
export interface CaseTimes {
  serviceId: string;
  progress: string;
  openedAt: string;
  decidedAt?: string | null;
  closedAt?: string | null;
}

/** Whole days from one instant to another, never negative (clocks of different systems may disagree by a little). */
export const wholeDaysBetween = (fromMs: number, toMs: number) => Math.max(0, Math.floor((toMs - fromMs) / DAY_MS));

/** Case.isOpen: neither closed nor at the last OIO progress step. */
export function isOpen(sourceCase: Pick<CaseTimes, "progress" | "closedAt">): boolean {
  return sourceCase.progress !== "Afsluttet" && !sourceCase.closedAt;
}

/** Case.processingDays: from opening to the decision, else the closing, else now — the citizen waits until decided. */
export function processingDays(sourceCase: Pick<CaseTimes, "openedAt" | "decidedAt" | "closedAt">, now: Date): number {
  const end = sourceCase.decidedAt ?? sourceCase.closedAt;
  return wholeDaysBetween(Date.parse(sourceCase.openedAt), end ? Date.parse(end) : now.getTime());
}

/** Case.targetProcessingDays: the service level of the case's service; 0 for a service the catalogue does not know. */
export function targetProcessingDays(sourceCase: Pick<CaseTimes, "serviceId">): number {
  const service = findService(sourceCase.serviceId);
  return service ? serviceLevel(service).targetProcessingDays : 0;
}

export function isPastTarget(sourceCase: Omit<CaseTimes, "progress">, now: Date): boolean {
  return processingDays(sourceCase, now) > targetProcessingDays(sourceCase);
}
