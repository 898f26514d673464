import type { CaseProgress, Department } from "./departments";
import type { Permit } from "./records";

/*
 * The business events (hændelsesbeskeder) the department systems announce on the municipal
 * message broker, defined once: the simulators publish them, the CRM validates and keeps them.
 * The envelope follows the broker's beskedkuvert (message type, sender authority, KLE area,
 * sensitivity); the object is the case's or permit's newest version, cut to what the CRM may hold
 * (no caseworker, no case details: a title names no employee and no illness).
 */

export const CASE_EVENT_TYPES = [
  "case.opened",
  "case.progressed",
  "case.decided",
  "case.update-sent",
  "case.closed",
  "case.reopened",
  "permit.granted",
  "permit.renewed",
  "permit.revoked",
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** The topic exchange the department systems publish to; a subscriber binds its own queue to it. */
export const CASE_EVENTS_EXCHANGE = "kk.haendelser";

/** Copenhagen Municipality's CVR number: the sender authority (afsendermyndighed) of every event. */
export const MUNICIPALITY_CVR = "64942212";

/** The routing key of an event: `<department>.<type>`, e.g. `TMF.case.closed`, so a queue can bind to `#.case.closed`. */
export function caseEventRoutingKey(department: Department, type: CaseEventType): string {
  return `${department}.${type}`;
}

/** The broker's envelope (beskedkuvert). */
export interface CaseEventEnvelope {
  /** Unique per event: a redelivered or re-published event keeps it. */
  messageId: string;
  messageType: CaseEventType;
  senderAuthority: { cvr: string; department: Department };
  /** The case's KLE subject (forvaltningsområde), e.g. 02.34.02. */
  kle: string;
  /** Følsomhed: "fortrolig" when the case concerns a company's employees (sick pay, flex jobs). */
  sensitivity: "almindelig" | "fortrolig";
  occurredAt: string;
  /** The case's or permit's id in the department system. */
  objectId: string;
  /** The company the object concerns. */
  cvr: string;
}

export interface CaseEventCase {
  id: string;
  caseNumber: string;
  serviceId: string;
  title: string;
  progress: CaseProgress;
  openedAt: string;
  decidedAt: string | null;
  closedAt: string | null;
  lastUpdateSentAt: string | null;
  /** The case's responsible unit (a municipal unit the CRM knows), not its caseworker. */
  unitId: string;
}

/** The permit as the department system holds it, without its conditions, and when it was revoked (null while it stands). */
export type CaseEventPermit = Pick<Permit, "id" | "caseId" | "serviceId" | "kind" | "grantedAt" | "validFrom" | "validTo"> & {
  revokedAt: string | null;
};

/** One hændelsesbesked: the envelope and the changed object (a case or a permit, by type). */
export type CaseEventMessage =
  | { envelope: CaseEventEnvelope & { messageType: `case.${string}` }; case: CaseEventCase }
  | { envelope: CaseEventEnvelope & { messageType: `permit.${string}` }; permit: CaseEventPermit };
