import { randomUUID } from "node:crypto";
import { MUNICIPALITY_CVR, caseEventRoutingKey, type CaseEventMessage, type CaseEventType } from "@company-graph/domain";
import { CVR } from "./fixtures";

export const NOW = new Date("2026-11-20T12:00:00Z");

/** One business event as a department system sends it (defaults: TMF closes a case of Cykelsmeden). */
export function caseEvent(options: { type?: CaseEventType; cvr?: string; caseId?: string; occurredAt?: string; messageId?: string } = {}): {
  message: CaseEventMessage;
  body: string;
  messageId: string;
  routingKey: string;
} {
  const type = options.type ?? "case.closed";
  const messageId = options.messageId ?? randomUUID();
  const occurredAt = options.occurredAt ?? "2026-11-20T09:00:00.000Z";
  const caseId = options.caseId ?? `TMF-${messageId.slice(0, 8)}`;
  const envelope = {
    messageId,
    messageType: type,
    senderAuthority: { cvr: MUNICIPALITY_CVR, department: "TMF" as const },
    kle: "05.04.12",
    sensitivity: "almindelig" as const,
    occurredAt,
    cvr: options.cvr ?? CVR.bikes,
  };
  const message = (
    type.startsWith("permit.")
      ? {
          envelope: { ...envelope, objectId: `${caseId}-T1` },
          permit: {
            id: `${caseId}-T1`,
            caseId,
            serviceId: "tmf-outdoor-serving-permit",
            kind: "outdoor-serving",
            grantedAt: occurredAt,
            validFrom: occurredAt,
            validTo: "2027-03-31T00:00:00.000Z",
            revokedAt: null,
          },
        }
      : {
          envelope: { ...envelope, objectId: caseId },
          case: {
            id: caseId,
            caseNumber: `TMF-2026-${caseId.slice(-4)}`,
            serviceId: "tmf-outdoor-serving-permit",
            title: "Udeservering, Istedgade 12",
            progress: type === "case.closed" ? "Afsluttet" : type === "case.decided" ? "Afgjort" : "Oplyst",
            openedAt: "2026-10-01T08:00:00.000Z",
            decidedAt: type === "case.closed" || type === "case.decided" ? occurredAt : null,
            closedAt: type === "case.closed" ? occurredAt : null,
            lastUpdateSentAt: null,
            unitId: "tmf-roads",
          },
        }
  ) as CaseEventMessage;
  return { message, body: JSON.stringify(message), messageId, routingKey: caseEventRoutingKey("TMF", type) };
}
