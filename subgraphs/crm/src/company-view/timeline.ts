import { PACKAGES } from "@company-graph/domain";
import type {
  FollowUp,
  InquiryPart,
  KeyAccountAssignment,
  Note,
  Outreach,
  PackageEnrolment,
  SurveyResponse,
} from "../generated/prisma/client.js";
import type { HandoverOfInquiry } from "../context";
import { partSummary, type InquiryWithParts } from "../inquiry/parts";
import { gatherCases, gatherPermits, type CaseIndexEntry, type CompanyWithDepartmentData, type PermitRecord } from "./department-data";
import { caseReference } from "./case-status";
import { outreachContactAt } from "./contact";
import { paginate } from "../pagination";
import { daysUntilExpiry, permitReference, permitStatus } from "./permits";
import { messagesFor, permitKindText, type Language, type Messages } from "../i18n/messages";

type TimelineEventKind =
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
  | "SURVEY_RESPONSE"
  | "PERMIT_GRANTED"
  | "PERMIT_EXPIRING"
  | "PERMIT_EXPIRED"
  | "OUTREACH";

/** The kinds that are contact with the company (contact.ts has the definition). */
const CONTACT_KINDS: ReadonlySet<TimelineEventKind> = new Set<TimelineEventKind>([
  "CASE_OPENED",
  "CASE_DECIDED",
  "CASE_UPDATE_SENT",
  "INQUIRY_RECEIVED",
  "INQUIRY_HANDED_OVER",
  "INQUIRY_CLOSED",
  "NOTE",
  "SURVEY_RESPONSE",
  "OUTREACH",
]);

export interface TimelineEvent {
  id: string;
  kind: TimelineEventKind;
  /** ISO 8601, normalised to UTC milliseconds so equal instants compare equal. */
  at: string;
  summary: string;
  department?: string;
  case?: { __typename: string; id: string };
  serviceId?: string | null;
  inquiry?: InquiryWithParts | null;
  inquiryPart?: InquiryPart | null;
  note?: Note;
  followUp?: FollowUp;
  surveyResponse?: SurveyResponse;
  permit?: ReturnType<typeof permitReference>;
  outreach?: Outreach;
}

/** What the CRM holds about the company, in any order: the timeline sorts. */
export interface TimelineRecords {
  inquiries: readonly InquiryWithParts[];
  handovers: readonly HandoverOfInquiry[];
  notes: readonly Note[];
  followUps: readonly FollowUp[];
  enrolments: readonly PackageEnrolment[];
  keyAccountAssignments: readonly KeyAccountAssignment[];
  surveyResponses: readonly SurveyResponse[];
  outreach?: readonly Outreach[];
}

const iso = (value: string | Date) => new Date(value).toISOString();
const line = (text: string, max = 140) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function caseEvents(entry: CaseIndexEntry, text: Messages): TimelineEvent[] {
  const common = { department: entry.department, case: caseReference(entry), serviceId: entry.serviceId };
  const title = entry.title ?? entry.id;
  const events: TimelineEvent[] = [
    { id: `CASE_OPENED:${entry.id}`, kind: "CASE_OPENED", at: iso(entry.openedAt), summary: text.caseOpened(title), ...common },
  ];
  if (entry.decidedAt)
    events.push({
      id: `CASE_DECIDED:${entry.id}`,
      kind: "CASE_DECIDED",
      at: iso(entry.decidedAt),
      summary: text.caseDecided(title),
      ...common,
    });
  if (entry.closedAt)
    events.push({
      id: `CASE_CLOSED:${entry.id}`,
      kind: "CASE_CLOSED",
      at: iso(entry.closedAt),
      summary: text.caseClosed(title),
      ...common,
    });
  if (entry.lastUpdateSentAt) {
    events.push({
      id: `CASE_UPDATE_SENT:${entry.id}`,
      kind: "CASE_UPDATE_SENT",
      at: iso(entry.lastUpdateSentAt),
      summary: text.caseUpdateSent(title),
      ...common,
    });
  }
  return events;
}

/**
 * A permit's grant, and its end: PERMIT_EXPIRED once the last valid day has passed,
 * PERMIT_EXPIRING (dated on the last valid day, so ahead of now) while it ends within the window.
 */
function permitEvents(permit: PermitRecord, now: Date, expiringWithinDays: number, language: Language): TimelineEvent[] {
  const text = messagesFor(language);
  const kind = permitKindText(permit.kind, language);
  const common = {
    department: permit.department,
    case: caseReference({ department: permit.department, id: permit.caseId }),
    serviceId: permit.serviceId,
    permit: permitReference(permit),
  };
  const events: TimelineEvent[] = [
    { id: `PERMIT_GRANTED:${permit.id}`, kind: "PERMIT_GRANTED", at: iso(permit.grantedAt), summary: text.permitGranted(kind), ...common },
  ];
  const left = daysUntilExpiry(permit, now);
  if (permit.validTo && permitStatus(permit, now) === "EXPIRED") {
    events.push({
      id: `PERMIT_EXPIRED:${permit.id}`,
      kind: "PERMIT_EXPIRED",
      at: iso(permit.validTo),
      summary: text.permitExpired(kind),
      ...common,
    });
  } else if (permit.validTo && left !== null && left >= 0 && left <= expiringWithinDays) {
    events.push({
      id: `PERMIT_EXPIRING:${permit.id}`,
      kind: "PERMIT_EXPIRING",
      at: iso(permit.validTo),
      summary: text.permitExpiring(kind, left),
      ...common,
    });
  }
  return events;
}

function crmEvents(records: TimelineRecords, language: Language): TimelineEvent[] {
  const text = messagesFor(language);
  const inquiryById = new Map(records.inquiries.map((inquiry) => [inquiry.id, inquiry]));
  const events: TimelineEvent[] = [];
  const partById = new Map(records.inquiries.flatMap((inquiry) => inquiry.parts.map((part) => [part.id, part] as const)));
  for (const inquiry of records.inquiries) {
    // One arrival however many parts; each part closes on its own (the inquiry with its last).
    const service = inquiry.parts.length === 1 ? inquiry.parts[0].serviceId : null;
    events.push({
      id: `INQUIRY_RECEIVED:${inquiry.id}`,
      kind: "INQUIRY_RECEIVED",
      at: iso(inquiry.receivedAt),
      summary: text.inquiryReceived(line(inquiry.topic)),
      inquiry,
      serviceId: service,
    });
    for (const part of inquiry.parts) {
      if (!part.closedAt) continue;
      events.push({
        id: `INQUIRY_CLOSED:${part.id}`,
        kind: "INQUIRY_CLOSED",
        at: iso(part.closedAt),
        summary: partSummary(inquiry, part, line(part.outcome ?? inquiry.topic), language, "closed"),
        inquiry,
        inquiryPart: part,
        serviceId: part.serviceId,
      });
    }
  }
  for (const handover of records.handovers) {
    const inquiry = inquiryById.get(handover.part.inquiryId) ?? null;
    const part = partById.get(handover.partId) ?? null;
    events.push({
      id: `INQUIRY_HANDED_OVER:${handover.id}`,
      kind: "INQUIRY_HANDED_OVER",
      at: iso(handover.at),
      summary: part
        ? partSummary(inquiry, part, line(inquiry?.topic ?? handover.partId), language, "handedOver")
        : text.inquiryHandedOver(line(handover.partId)),
      inquiry,
      inquiryPart: part,
      serviceId: part?.serviceId ?? null,
    });
  }
  for (const note of records.notes) {
    events.push({
      id: `NOTE:${note.id}`,
      kind: "NOTE",
      at: iso(note.occurredAt),
      summary: text.note(line(note.summary)),
      note,
      inquiry: note.inquiryId ? (inquiryById.get(note.inquiryId) ?? null) : null,
    });
  }
  for (const followUp of records.followUps) {
    const inquiry = followUp.inquiryId ? (inquiryById.get(followUp.inquiryId) ?? null) : null;
    events.push({
      id: `FOLLOW_UP_AGREED:${followUp.id}`,
      kind: "FOLLOW_UP_AGREED",
      at: iso(followUp.createdAt),
      summary: text.followUpAgreed(line(followUp.description)),
      followUp,
      inquiry,
    });
    if (followUp.completedAt) {
      events.push({
        id: `FOLLOW_UP_DONE:${followUp.id}`,
        kind: "FOLLOW_UP_DONE",
        at: iso(followUp.completedAt),
        summary: text.followUpDone(line(followUp.description)),
        followUp,
        inquiry,
      });
    }
  }
  for (const enrolment of records.enrolments) {
    const servicePackage = PACKAGES.find((candidate) => candidate.id === enrolment.packageId);
    const name = (language === "da" ? servicePackage?.nameDa : servicePackage?.nameEn) ?? enrolment.packageId;
    events.push({
      id: `PACKAGE_ENROLLED:${enrolment.id}`,
      kind: "PACKAGE_ENROLLED",
      at: iso(enrolment.enrolledAt),
      summary: text.packageEnrolled(name),
    });
  }
  for (const assignment of records.keyAccountAssignments) {
    events.push({
      id: `KEY_ACCOUNT_MANAGER_ASSIGNED:${assignment.id}`,
      kind: "KEY_ACCOUNT_MANAGER_ASSIGNED",
      at: iso(assignment.from),
      summary: text.keyAccountManagerAssigned,
    });
  }
  for (const response of records.surveyResponses) {
    events.push({
      id: `SURVEY_RESPONSE:${response.id}`,
      kind: "SURVEY_RESPONSE",
      at: iso(response.respondedAt),
      summary: text.surveyAnswered(response.overall),
      surveyResponse: response,
      serviceId: response.serviceId,
      inquiry: response.inquiryId ? (inquiryById.get(response.inquiryId) ?? null) : null,
    });
  }
  return events;
}

function outreachEvents(outreach: readonly Outreach[], text: Messages): TimelineEvent[] {
  return outreach.map((entry) => ({
    id: `OUTREACH:${entry.id}`,
    kind: "OUTREACH",
    at: iso(outreachContactAt(entry)),
    summary: text.outreach(entry.channel, line(entry.purpose)),
    outreach: entry,
  }));
}

/** Newest first; equal instants by id, so the order is total and cursors stay valid. */
const sortKey = (event: TimelineEvent) => [event.at, event.id];
const newestFirst = (a: string[], b: string[]) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? 1 : -1);

export interface TimelineOptions {
  first: number;
  after?: string | null;
  now: Date;
  language: Language;
  /** A permit ending within this many days shows as PERMIT_EXPIRING. */
  permitExpiringWithinDays: number;
}

/** Every event of the company, department cases, permits and CRM records, newest first. */
function timelineEvents(company: CompanyWithDepartmentData, records: TimelineRecords, options: Omit<TimelineOptions, "first" | "after">) {
  const cases = gatherCases(company);
  const permits = gatherPermits(company);
  const text = messagesFor(options.language);
  const events = [
    ...cases.items.flatMap((entry) => caseEvents(entry, text)),
    ...permits.items.flatMap((permit) => permitEvents(permit, options.now, options.permitExpiringWithinDays, options.language)),
    ...crmEvents(records, options.language),
    ...outreachEvents(records.outreach ?? [], text),
  ].sort((a, b) => newestFirst(sortKey(a), sortKey(b)));
  const incompleteDepartments = [...new Set([...cases.incompleteDepartments, ...permits.incompleteDepartments])];
  return { events, incompleteDepartments };
}

export const isContactEvent = (event: Pick<TimelineEvent, "kind">) => CONTACT_KINDS.has(event.kind);

/** Company.timeline: every department's case and permit events and the CRM's records in one list. */
export function companyTimeline(company: CompanyWithDepartmentData, records: TimelineRecords, options: TimelineOptions) {
  const { events, incompleteDepartments } = timelineEvents(company, records, options);
  const scope = { list: `Company(${company.cvr}).timeline`, filter: { permitExpiringWithinDays: options.permitExpiringWithinDays } };
  return {
    ...paginate(events, { scope, first: options.first, after: options.after, keyOf: sortKey, compare: newestFirst }),
    incompleteDepartments,
  };
}
