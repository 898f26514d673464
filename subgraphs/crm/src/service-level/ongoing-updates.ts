import { isOpen, isUpdateOverdue, updatePromiseDays, wholeDaysBetween, type Department } from "@company-graph/domain";
import type { PrismaClient } from "../generated/prisma/client.js";
import { median } from "../company-view/case-status";

/*
 * Løbende orientering, measured from the departments' business events (the CRM's change
 * history): of the cases open at the end of a period, how many had their company hear from the
 * department within the promise (the one rule, isUpdateOverdue, that the alerts and the
 * followers' notifications use), how many updates were sent in the period, and the median days
 * between a case's consecutive updates (its opening counting as the first). A case the history
 * has no event of (opened before the CRM subscribed, and quiet since) is not counted.
 */

const DAY_MS = 86_400_000;

/** One case event, as its department announced the case's newest version. */
export interface CaseChange {
  department: Department;
  objectId: string;
  kind: string;
  occurredAt: Date;
  serviceId: string;
  progress: string;
  openedAt: string;
  closedAt: string | null;
  lastUpdateSentAt: string | null;
}

/** One case measured over a period. */
interface CaseMeasure {
  department: Department;
  serviceId: string;
  openAtEnd: boolean;
  updatedWithinPromise: boolean;
  updatesSent: number;
  /** Whole days between consecutive updates (the opening first), for the intervals ending in the period. */
  daysBetweenUpdates: number[];
}

/** Each case's measure over [from, end), from its events up to the end, oldest first. */
export function measureCases(changes: readonly CaseChange[], from: Date, end: Date): CaseMeasure[] {
  const byCase = new Map<string, CaseChange[]>();
  for (const change of changes) {
    if (change.occurredAt.getTime() >= end.getTime()) continue;
    const key = `${change.department}:${change.objectId}`;
    (byCase.get(key) ?? byCase.set(key, []).get(key)!).push(change);
  }
  return [...byCase.values()].map((events) => {
    const state = events.at(-1)!;
    const moments = [
      ...new Set([
        Date.parse(events[0].openedAt),
        ...events.flatMap((event) => (event.lastUpdateSentAt ? [Date.parse(event.lastUpdateSentAt)] : [])),
      ]),
    ]
      .filter((moment) => moment < end.getTime())
      .sort((a, b) => a - b);
    const daysBetweenUpdates = moments
      .slice(1)
      .flatMap((moment, index) => (moment >= from.getTime() ? [wholeDaysBetween(moments[index], moment)] : []));
    const openAtEnd = isOpen(state);
    return {
      department: state.department,
      serviceId: state.serviceId,
      openAtEnd,
      updatedWithinPromise: openAtEnd && !isUpdateOverdue(state, end),
      updatesSent: events.filter((event) => event.kind === "case.update-sent" && event.occurredAt.getTime() >= from.getTime()).length,
      daysBetweenUpdates,
    };
  });
}

/** OngoingUpdates of a group of measured cases; promiseDays as the row states it (null where its services promise differently). */
export function ongoingUpdates(cases: readonly CaseMeasure[], promiseDays: number | null) {
  const open = cases.filter((measure) => measure.openAtEnd);
  const within = open.filter((measure) => measure.updatedWithinPromise).length;
  const intervals = cases.flatMap((measure) => measure.daysBetweenUpdates);
  return {
    promiseDays,
    openCases: open.length,
    updatedWithinPromise: within,
    shareUpdatedWithinPromise: open.length > 0 ? within / open.length : null,
    updatesSent: cases.reduce((sum, measure) => sum + measure.updatesSent, 0),
    intervals: intervals.length,
    medianDaysBetweenUpdates: median(intervals),
  };
}

/** The promise a service's row states. */
export const servicePromiseDays = (serviceId: string) => updatePromiseDays({ serviceId });

/** The period's end for a measure: the day after `to`, or now if that is sooner (the state at the end is as of then). */
export function periodEnd(to: string, now: Date): Date {
  return new Date(Math.min(Date.parse(to) + DAY_MS, now.getTime()));
}

/** The case events up to `end`, oldest first, of one company or all; the payload's fields a measure needs. */
export function caseChanges(db: PrismaClient, end: Date, cvr: string | null = null): Promise<CaseChange[]> {
  return db.$queryRaw<CaseChange[]>`
    SELECT "department", "objectId", "kind", "occurredAt",
      "payload"->>'serviceId' AS "serviceId", "payload"->>'progress' AS "progress", "payload"->>'openedAt' AS "openedAt",
      "payload"->>'closedAt' AS "closedAt", "payload"->>'lastUpdateSentAt' AS "lastUpdateSentAt"
    FROM "CompanyChange"
    WHERE "kind" LIKE 'case.%' AND "occurredAt" < ${end}::timestamp(3) AND (${cvr}::text IS NULL OR "cvr" = ${cvr}::text)
    ORDER BY "occurredAt", "sequence"`;
}
