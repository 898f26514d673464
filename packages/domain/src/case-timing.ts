import { findService, serviceLevel } from "./catalogue";

const DAY_MS = 86_400_000;

/** What a case's state and processing time are read from: a department's case and the CRM's index entry of it alike. */
export interface CaseTimes {
  serviceId: string;
  progress: string;
  openedAt: string;
  decidedAt?: string | null;
  closedAt?: string | null;
  lastUpdateSentAt?: string | null;
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

const FALLBACK_UPDATE_PROMISE_DAYS = 30;

/**
 * The promise of løbende orientering for a case's service (ServiceLevel.updatePromiseDays); for a
 * service the catalogue does not know, the longest promise by kind, so an unknown service is never
 * held to a stricter one than any known service.
 */
export function updatePromiseDays(sourceCase: Pick<CaseTimes, "serviceId">): number {
  const service = findService(sourceCase.serviceId);
  return service ? serviceLevel(service).updatePromiseDays : FALLBACK_UPDATE_PROMISE_DAYS;
}

/** When the company last heard from the department about the case: its latest update sent, else its opening. */
export const lastHeardAt = (sourceCase: Pick<CaseTimes, "openedAt" | "lastUpdateSentAt">): string =>
  sourceCase.lastUpdateSentAt ?? sourceCase.openedAt;

/** Whole days since the company last heard about the case (lastHeardAt). */
export const daysSinceLastUpdate = (sourceCase: Pick<CaseTimes, "openedAt" | "lastUpdateSentAt">, now: Date): number =>
  wholeDaysBetween(Date.parse(lastHeardAt(sourceCase)), now.getTime());

/**
 * The one rule of løbende orientering, shared by the company's alerts, the followers'
 * notifications and the service-level measure: an open case whose company has not heard from the
 * department for more than `withinDays` days (by default its service's promise).
 */
export function isUpdateOverdue(
  sourceCase: Pick<CaseTimes, "serviceId" | "progress" | "openedAt" | "closedAt" | "lastUpdateSentAt">,
  now: Date,
  withinDays: number = updatePromiseDays(sourceCase),
): boolean {
  return isOpen(sourceCase) && daysSinceLastUpdate(sourceCase, now) > withinDays;
}
