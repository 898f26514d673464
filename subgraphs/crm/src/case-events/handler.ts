import { EventEmitter } from "node:events";
import { metricsRegistry, type createLogger } from "@company-graph/kit/observability";
import { Counter } from "prom-client";
import type { PrismaClient } from "../generated/prisma/client.js";
import { applyCaseEvent } from "./apply";
import { CaseEventRejected, parseCaseEvent, type RejectionReason } from "./message";

const outcomes = new Counter({
  name: "crm_case_events_total",
  help: "Business events (hændelsesbeskeder) from the department systems, by outcome: applied (new in the change history), duplicate (already there: a redelivery, nothing changed), dead-lettered (cannot be applied, moved to the dead-letter queue; reason: for_stor, ikke_json, ugyldig_kuvert, ukendt_beskedtype, ugyldigt_cvr, falsk_afsender, ugyldigt_tidspunkt, ugyldigt_objekt, ukendt_virksomhed, modstrid, genbrugt_besked_id)",
  labelNames: ["outcome", "reason"] as const,
  registers: [metricsRegistry],
});
const retries = new Counter({
  name: "crm_case_events_retried_total",
  help: "Business events left unacknowledged for redelivery after the CRM could not apply them now (its database failed)",
  registers: [metricsRegistry],
});

export type Outcome = { kind: "applied" | "duplicate"; messageId: string } | { kind: "rejected"; reason: RejectionReason; message: string };

/** What a transport reports as it works; tests wait on these instead of on time. */
export interface CaseEventSignals {
  /** After each delivery settled (acknowledged or dead-lettered). */
  outcome: [Outcome];
  /** Subscribed and receiving (again, after a lost connection). */
  connected: [];
}

/** A subscription of the CRM to the department systems' business events, whichever transport carries them. */
export interface CaseEventSubscription extends EventEmitter<CaseEventSignals> {
  start(): Promise<void>;
  /** Stops receiving; what was delivered and not acknowledged is redelivered (to another replica, or after a restart). */
  stop(): Promise<void>;
}

export interface CaseEventHandlerOptions {
  db: PrismaClient;
  now: () => Date;
  logger: ReturnType<typeof createLogger>;
}

/**
 * One delivery, as every transport hands it over: validated, applied in one transaction, and the
 * verdict the transport acts on — acknowledge (applied, duplicate) or dead-letter (rejected). A
 * failure to apply now (the database) is thrown: the transport leaves the message for redelivery.
 * The routing key the publisher chose, when the transport has one, must agree with the envelope.
 */
export function caseEventHandler({
  db,
  now,
  logger,
}: CaseEventHandlerOptions): (body: Buffer | string, routingKey?: string) => Promise<Outcome> {
  return async (body, routingKey) => {
    try {
      const event = parseCaseEvent(body, now(), routingKey);
      const kind = await applyCaseEvent(db, event, now);
      outcomes.inc({ outcome: kind, reason: "" });
      logger.info(
        {
          messageId: event.envelope.messageId,
          type: event.envelope.messageType,
          department: event.envelope.senderAuthority.department,
          objectId: event.envelope.objectId,
          outcome: kind,
        },
        kind === "applied" ? "hændelse anvendt" : "hændelse allerede anvendt",
      );
      return { kind, messageId: event.envelope.messageId };
    } catch (error) {
      if (!(error instanceof CaseEventRejected)) {
        retries.inc();
        throw error;
      }
      outcomes.inc({ outcome: "dead-lettered", reason: error.reason });
      logger.warn({ reason: error.reason }, `hændelse afvist, lagt i dead-letter-køen: ${error.message}`);
      return { kind: "rejected", reason: error.reason, message: error.message };
    }
  };
}
