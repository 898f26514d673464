import { randomUUID } from "node:crypto";
import {
  CASE_PROGRESS,
  MUNICIPALITY_CVR,
  caseEventRoutingKey,
  type CaseEventCase,
  type CaseEventMessage,
  type CaseEventPermit,
  type CaseEventType,
  type CaseProgress,
  type Department,
} from "@company-graph/domain";
import type { CommonCase, CommonPermit } from "../generator/cases";
import type { CaseEventOutbox } from "./case-event-outbox";
import type { DepartmentStore } from "./store";

/** A change the system refuses, as its admin endpoint answers it (404 unknown, 409 not now, 400 bad input). */
export class CaseChangeRefused extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** Case types about a company's employees: their events are marked fortrolig in the envelope. */
const CONFIDENTIAL_CASE_TYPES = new Set(["sick-pay-refund", "flex-job"]);

/**
 * What caseworkers do in a department's own system — open, move, decide, update the company,
 * close and reopen cases; grant, renew and revoke permits — each change recorded as a business
 * event (hændelsesbesked) in the system's outbox. For demos and tests (the admin endpoints); the
 * generated world's history happened before the broker listened and is not announced.
 */
export class CaseChanges<C extends CommonCase, P extends CommonPermit> {
  private opened = 0;
  private granted = 0;
  private readonly revoked = new Map<string, string>();

  constructor(
    private readonly department: Department,
    private readonly store: DepartmentStore<C, P>,
    private readonly outbox: CaseEventOutbox,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  /** The company applies again: a new case like `templateCaseId` (same company, service and content), just arrived. */
  open(templateCaseId: string, at = this.now()): C {
    const template = this.requireCase(templateCaseId);
    const serial = ++this.opened;
    const opened = {
      ...structuredClone(template),
      id: `${template.id}-${serial}`,
      caseNumber: `${template.caseNumber}-${serial}`,
      progress: "Opstaaet",
      openedAt: at,
      decidedAt: null,
      closedAt: null,
      lastUpdateSentAt: null,
    } as C;
    this.store.addCase(opened);
    return this.announceCase("case.opened", opened, at);
  }

  /** Moves an open case's OIO progress (fremdrift) short of a decision or closing, which have their own steps. */
  progress(id: string, progress: string, at = this.now()): C {
    const found = this.requireOpenCase(id);
    if (!CASE_PROGRESS.includes(progress as CaseProgress) || progress === "Afgjort" || progress === "Afsluttet")
      throw new CaseChangeRefused(
        400,
        `progress must be one of ${CASE_PROGRESS.filter((p) => p !== "Afgjort" && p !== "Afsluttet").join(", ")} (decide and close are their own steps), got "${progress}"`,
      );
    if (found.progress === progress) throw new CaseChangeRefused(409, `case "${id}" is already at ${progress}`);
    found.progress = progress as CaseProgress;
    return this.announceCase("case.progressed", found, at);
  }

  decide(id: string, at = this.now()): C {
    const found = this.requireOpenCase(id);
    if (found.decidedAt) throw new CaseChangeRefused(409, `case "${id}" was decided at ${found.decidedAt}`);
    found.progress = "Afgjort";
    found.decidedAt = at;
    return this.announceCase("case.decided", found, at);
  }

  /** The caseworker sent the company an update on its case (lastUpdateSentAt). */
  sendUpdate(id: string, at = this.now()): C {
    const found = this.requireOpenCase(id);
    found.lastUpdateSentAt = at;
    return this.announceCase("case.update-sent", found, at);
  }

  close(id: string, at = this.now()): C {
    const found = this.requireOpenCase(id);
    found.progress = "Afsluttet";
    found.decidedAt ??= at;
    found.closedAt = at;
    found.lastUpdateSentAt = at;
    return this.announceCase("case.closed", found, at);
  }

  /** A closed case taken up again (a complaint, new information): open, undecided, being clarified. */
  reopen(id: string, at = this.now()): C {
    const found = this.requireCase(id);
    if (!found.closedAt) throw new CaseChangeRefused(409, `case "${id}" is open`);
    found.progress = "Oplyst";
    found.decidedAt = null;
    found.closedAt = null;
    return this.announceCase("case.reopened", found, at);
  }

  grantPermit(input: { caseId: string; kind: string; validTo: string | null }, at = this.now()): P {
    const found = this.requireCase(input.caseId);
    if (input.validTo !== null && input.validTo <= at) throw new CaseChangeRefused(400, `validTo must be after the grant (${at})`);
    const permit = {
      id: `${found.id}-T${++this.granted}`,
      department: this.department,
      cvr: found.cvr,
      caseId: found.id,
      serviceId: found.serviceId,
      kind: input.kind,
      grantedAt: at,
      validFrom: at,
      validTo: input.validTo,
      conditions: [],
    } as CommonPermit as P;
    this.store.addPermit(permit);
    return this.announcePermit("permit.granted", permit, at);
  }

  renewPermit(id: string, validTo: string, at = this.now()): P {
    const permit = this.requireLivePermit(id);
    if (permit.validTo === null || validTo <= permit.validTo)
      throw new CaseChangeRefused(
        400,
        `validTo must be after the permit's current end${permit.validTo ? ` (${permit.validTo})` : " (it runs until revoked)"}`,
      );
    permit.validTo = validTo;
    return this.announcePermit("permit.renewed", permit, at);
  }

  /** Revoked: the permit ends now. */
  revokePermit(id: string, at = this.now()): P {
    const permit = this.requireLivePermit(id);
    permit.validTo = at;
    this.revoked.set(permit.id, at);
    return this.announcePermit("permit.revoked", permit, at);
  }

  private requireCase(id: string): C {
    const found = this.store.caseById(id);
    if (!found) throw new CaseChangeRefused(404, `no case with id "${id}"`);
    return found;
  }

  private requireOpenCase(id: string): C {
    const found = this.requireCase(id);
    if (found.closedAt) throw new CaseChangeRefused(409, `case "${id}" closed at ${found.closedAt}`);
    return found;
  }

  private requireLivePermit(id: string): P {
    const permit = this.store.permitById(id);
    if (!permit) throw new CaseChangeRefused(404, `no permit with id "${id}"`);
    const revokedAt = this.revoked.get(id);
    if (revokedAt) throw new CaseChangeRefused(409, `permit "${id}" was revoked at ${revokedAt}`);
    return permit;
  }

  private announceCase(type: CaseEventType, item: C, at: string): C {
    const snapshot: CaseEventCase = {
      id: item.id,
      caseNumber: item.caseNumber,
      serviceId: item.serviceId,
      title: item.title,
      progress: item.progress,
      openedAt: item.openedAt,
      decidedAt: item.decidedAt,
      closedAt: item.closedAt,
      lastUpdateSentAt: item.lastUpdateSentAt,
      unitId: item.responsibleUnit.id,
    };
    this.announce(type, item, at, { case: snapshot });
    return item;
  }

  private announcePermit(type: CaseEventType, permit: P, at: string): P {
    const snapshot: CaseEventPermit = {
      id: permit.id,
      caseId: permit.caseId,
      serviceId: permit.serviceId,
      kind: permit.kind,
      grantedAt: permit.grantedAt,
      validFrom: permit.validFrom,
      validTo: permit.validTo,
      revokedAt: this.revoked.get(permit.id) ?? null,
    };
    this.announce(type, this.store.caseById(permit.caseId), at, { permit: snapshot }, permit);
    return permit;
  }

  private announce(
    type: CaseEventType,
    subject: C | undefined,
    at: string,
    object: { case: CaseEventCase } | { permit: CaseEventPermit },
    permit?: P,
  ): void {
    const objectId = permit?.id ?? subject!.id;
    const message = {
      envelope: {
        messageId: randomUUID(),
        messageType: type,
        senderAuthority: { cvr: MUNICIPALITY_CVR, department: this.department },
        kle: subject?.kle ?? "00.00.00",
        sensitivity: subject && CONFIDENTIAL_CASE_TYPES.has(subject.caseType) ? "fortrolig" : "almindelig",
        occurredAt: at,
        objectId,
        cvr: permit?.cvr ?? subject!.cvr,
      },
      ...object,
    } as CaseEventMessage;
    this.outbox.add({
      routingKey: caseEventRoutingKey(this.department, type),
      messageId: message.envelope.messageId,
      messageType: type,
      body: JSON.stringify(message),
    });
  }
}
