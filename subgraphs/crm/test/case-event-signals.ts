import type { Socket } from "node:net";
import { metricsRegistry } from "@company-graph/kit/observability";
import type { CaseEventSubscription, Outcome } from "../src/case-events/handler";

/** The outcomes the subscriptions report, and a wait on them: tests wait for acknowledgements, never for time. */
export function recordOutcomes(...subscriptions: CaseEventSubscription[]) {
  const outcomes: Outcome[] = [];
  const waiting: { done: () => boolean; resolve: () => void }[] = [];
  for (const subscription of subscriptions) {
    subscription.on("outcome", (outcome) => {
      outcomes.push(outcome);
      for (const waiter of [...waiting]) {
        if (waiter.done()) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
  }
  const ids = (kind: "applied" | "duplicate") => outcomes.flatMap((outcome) => (outcome.kind === kind ? [outcome.messageId] : []));
  return {
    outcomes,
    applied: () => ids("applied"),
    duplicates: () => ids("duplicate"),
    rejected: () => outcomes.filter((outcome) => outcome.kind === "rejected"),
    /** Resolves once `done` holds (checked now and after every outcome). */
    until(done: () => boolean): Promise<void> {
      if (done()) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ done, resolve }));
    },
  };
}

/** Resolves on the subscription's next "connected": it is subscribed (again). */
export function nextConnected(subscription: CaseEventSubscription): Promise<void> {
  return new Promise((resolve) => subscription.once("connected", () => resolve()));
}

/** Drops the subscription's TCP connection to RabbitMQ as a network failure or a killed process does (a reset): no close handshake, nothing more acknowledged. */
export function dropConnection(subscription: CaseEventSubscription): void {
  const connection = (subscription as unknown as { connection?: { connection: { stream: Socket } } }).connection;
  if (!connection) throw new Error("the subscription has no open connection");
  connection.connection.stream.destroy(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
}

/** crm_case_events_total as GET /metrics serves it, for one outcome and reason. */
export async function countedEvents(outcome: string, reason = ""): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric("crm_case_events_total")!.get();
  return metric.values.find((value) => value.labels.outcome === outcome && (value.labels.reason ?? "") === reason)?.value ?? 0;
}
