import type { InquiryHandover, Note, Outreach, SurveyResponse } from "../generated/prisma/client.js";
import type { InquiryWithParts } from "../inquiry/parts";
import type { CaseIndexEntry } from "./department-data";

/**
 * The one definition of "contact with the company" (docs/service-levels.md, "Contact"): a moment
 * the municipality and the company dealt with each other —
 * - a department case: opened (the application or request arrived), decided (the decision
 *   letter), and the latest update letter the system records;
 * - a CRM inquiry: received, and each of its parts handed over and closed;
 * - a note on correspondence;
 * - a survey answer;
 * - an outreach the municipality started (a visit, a call, an e-mail, a letter): at its planned
 *   moment, or when it was recorded if it was not planned.
 * Follow-ups, package enrolments and key account assignments are the municipality's own
 * bookkeeping, not contact. lastContactAt, the timeline's isContact, municipalContacts'
 * latestContactAt and the alerts' lastContactAt all read this.
 */
export function caseContactTimes(entry: Pick<CaseIndexEntry, "openedAt" | "decidedAt" | "lastUpdateSentAt">): string[] {
  return [entry.openedAt, entry.decidedAt, entry.lastUpdateSentAt].filter((at): at is string => Boolean(at));
}

/** When an outreach is contact with the company. */
export const outreachContactAt = (outreach: Pick<Outreach, "plannedFor" | "recordedAt">): Date =>
  outreach.plannedFor ?? outreach.recordedAt;

export interface ContactRecords {
  inquiries: readonly InquiryWithParts[];
  handovers?: readonly InquiryHandover[];
  notes: readonly Note[];
  surveyResponses: readonly SurveyResponse[];
  outreach?: readonly Pick<Outreach, "plannedFor" | "recordedAt">[];
}

function crmContactTimes(records: ContactRecords): Date[] {
  return [
    ...records.inquiries.flatMap((inquiry) => [
      inquiry.receivedAt,
      ...inquiry.parts.flatMap((part) => (part.closedAt ? [part.closedAt] : [])),
    ]),
    ...(records.handovers ?? []).map((handover) => handover.at),
    ...records.notes.map((note) => note.occurredAt),
    ...records.surveyResponses.map((response) => response.respondedAt),
    ...(records.outreach ?? []).map(outreachContactAt),
  ];
}

/** The latest contact moment, not after now (a letter dated ahead is not contact yet); null when none. */
export function lastContactAt(cases: readonly CaseIndexEntry[], records: ContactRecords, now: Date): Date | null {
  const times = [
    ...cases.flatMap(caseContactTimes).map((at) => Date.parse(at)),
    ...crmContactTimes(records).map((at) => at.getTime()),
  ].filter((at) => at <= now.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}
