import { PACKAGES } from "@company-graph/domain";
import type { FollowUp, Inquiry, InquiryHandover, KeyAccountAssignment, Note, PackageEnrolment, SurveyResponse } from "../generated/prisma/client.js";
import { gatherCases, type CaseIndexEntry, type CompanyWithDepartmentData } from "./department-data";
import { caseReference } from "./case-status";
import { paginate } from "./cursor";

export type TimelineEventKind =
  | "CASE_OPENED"
  | "CASE_DECIDED"
  | "CASE_CLOSED"
  | "CASE_UPDATE_SENT"
  | "INQUIRY_RECEIVED"
  | "INQUIRY_HANDED_OVER"
  | "INQUIRY_CLOSED"
  | "NOTE"
  | "FOLLOW_UP_AGREED"
  | "FOLLOW_UP_DONE"
  | "PACKAGE_ENROLLED"
  | "KEY_ACCOUNT_MANAGER_ASSIGNED"
  | "SURVEY_RESPONSE";

export interface TimelineEvent {
  id: string;
  kind: TimelineEventKind;
  /** ISO 8601, normalised to UTC milliseconds so equal instants compare equal. */
  at: string;
  summary: string;
  department?: string;
  case?: { __typename: string; id: string };
  serviceId?: string | null;
  inquiry?: Inquiry | null;
  note?: Note;
  followUp?: FollowUp;
  surveyResponse?: SurveyResponse;
}

/** What the CRM holds about the company, in any order: the timeline sorts. */
export interface TimelineRecords {
  inquiries: readonly Inquiry[];
  handovers: readonly InquiryHandover[];
  notes: readonly Note[];
  followUps: readonly FollowUp[];
  enrolments: readonly PackageEnrolment[];
  keyAccountAssignments: readonly KeyAccountAssignment[];
  surveyResponses: readonly SurveyResponse[];
}

const iso = (value: string | Date) => new Date(value).toISOString();
const line = (text: string, max = 140) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function caseEvents(entry: CaseIndexEntry): TimelineEvent[] {
  const common = { department: entry.department, case: caseReference(entry), serviceId: entry.serviceId };
  const title = entry.title ?? entry.id;
  const events: TimelineEvent[] = [{ id: `CASE_OPENED:${entry.id}`, kind: "CASE_OPENED", at: iso(entry.openedAt), summary: `Case opened: ${title}`, ...common }];
  if (entry.decidedAt) events.push({ id: `CASE_DECIDED:${entry.id}`, kind: "CASE_DECIDED", at: iso(entry.decidedAt), summary: `Decision: ${title}`, ...common });
  if (entry.closedAt) events.push({ id: `CASE_CLOSED:${entry.id}`, kind: "CASE_CLOSED", at: iso(entry.closedAt), summary: `Case closed: ${title}`, ...common });
  if (entry.lastUpdateSentAt) {
    events.push({ id: `CASE_UPDATE_SENT:${entry.id}`, kind: "CASE_UPDATE_SENT", at: iso(entry.lastUpdateSentAt), summary: `Update sent: ${title}`, ...common });
  }
  return events;
}

function crmEvents(records: TimelineRecords): TimelineEvent[] {
  const inquiryById = new Map(records.inquiries.map((inquiry) => [inquiry.id, inquiry]));
  const events: TimelineEvent[] = [];
  for (const inquiry of records.inquiries) {
    const common = { inquiry, serviceId: inquiry.serviceId };
    events.push({ id: `INQUIRY_RECEIVED:${inquiry.id}`, kind: "INQUIRY_RECEIVED", at: iso(inquiry.receivedAt), summary: `Inquiry: ${line(inquiry.topic)}`, ...common });
    if (inquiry.closedAt) {
      events.push({ id: `INQUIRY_CLOSED:${inquiry.id}`, kind: "INQUIRY_CLOSED", at: iso(inquiry.closedAt), summary: `Inquiry closed: ${line(inquiry.outcome ?? inquiry.topic)}`, ...common });
    }
  }
  for (const handover of records.handovers) {
    const inquiry = inquiryById.get(handover.inquiryId) ?? null;
    events.push({
      id: `INQUIRY_HANDED_OVER:${handover.id}`,
      kind: "INQUIRY_HANDED_OVER",
      at: iso(handover.at),
      summary: `Inquiry handed over: ${line(inquiry?.topic ?? handover.inquiryId)}`,
      inquiry,
      serviceId: inquiry?.serviceId ?? null,
    });
  }
  for (const note of records.notes) {
    events.push({ id: `NOTE:${note.id}`, kind: "NOTE", at: iso(note.occurredAt), summary: `Note: ${line(note.summary)}`, note, inquiry: note.inquiryId ? inquiryById.get(note.inquiryId) ?? null : null });
  }
  for (const followUp of records.followUps) {
    const inquiry = followUp.inquiryId ? inquiryById.get(followUp.inquiryId) ?? null : null;
    events.push({ id: `FOLLOW_UP_AGREED:${followUp.id}`, kind: "FOLLOW_UP_AGREED", at: iso(followUp.createdAt), summary: `Follow-up agreed: ${line(followUp.description)}`, followUp, inquiry });
    if (followUp.completedAt) {
      events.push({ id: `FOLLOW_UP_DONE:${followUp.id}`, kind: "FOLLOW_UP_DONE", at: iso(followUp.completedAt), summary: `Follow-up done: ${line(followUp.description)}`, followUp, inquiry });
    }
  }
  for (const enrolment of records.enrolments) {
    const name = PACKAGES.find((candidate) => candidate.id === enrolment.packageId)?.nameEn ?? enrolment.packageId;
    events.push({ id: `PACKAGE_ENROLLED:${enrolment.id}`, kind: "PACKAGE_ENROLLED", at: iso(enrolment.enrolledAt), summary: `Enrolled in ${name}` });
  }
  for (const assignment of records.keyAccountAssignments) {
    events.push({ id: `KEY_ACCOUNT_MANAGER_ASSIGNED:${assignment.id}`, kind: "KEY_ACCOUNT_MANAGER_ASSIGNED", at: iso(assignment.from), summary: "Key account manager assigned" });
  }
  for (const response of records.surveyResponses) {
    events.push({
      id: `SURVEY_RESPONSE:${response.id}`,
      kind: "SURVEY_RESPONSE",
      at: iso(response.respondedAt),
      summary: `Survey answered: overall ${response.overall} of 5`,
      surveyResponse: response,
      serviceId: response.serviceId,
      inquiry: response.inquiryId ? inquiryById.get(response.inquiryId) ?? null : null,
    });
  }
  return events;
}

/** Newest first; equal instants by id, so the order is total and cursors stay valid. */
const sortKey = (event: TimelineEvent) => [event.at, event.id];
const newestFirst = (a: string[], b: string[]) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? 1 : -1);

/** Company.timeline: every department's case events and the CRM's records in one list. */
export function companyTimeline(company: CompanyWithDepartmentData, records: TimelineRecords, page: { first: number; after?: string | null }) {
  const { items, incompleteDepartments } = gatherCases(company);
  const events = [...items.flatMap(caseEvents), ...crmEvents(records)].sort((a, b) => newestFirst(sortKey(a), sortKey(b)));
  return { ...paginate(events, { first: page.first, after: page.after, keyOf: sortKey, compare: newestFirst }), incompleteDepartments };
}
