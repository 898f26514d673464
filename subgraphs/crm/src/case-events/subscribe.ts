import { createLogger } from "@company-graph/kit/observability";
import type { PrismaClient } from "../generated/prisma/client.js";
import { AmqpCaseEventSubscription } from "./amqp-subscription";
import { caseEventHandler, type CaseEventSubscription } from "./handler";
import { HttpCaseEventSubscription } from "./http-subscription";

export interface CaseEventsConfig {
  db: PrismaClient;
  /** amqp://… (RabbitMQ, the municipal broker's AMQP endpoint) or http://… (the simulated broker, `npm start`'s default). */
  url: string;
  /** AMQP: the CRM's queue and the exchange it binds to. */
  queue: string;
  exchange?: string;
  prefetch: number;
  /** AMQP: how many messages the dead-letter queue keeps, the oldest dropped first. */
  deadLetterMax?: number;
  /** HTTP: pause between reads of a drained log. Both: pause before retrying after a failure. */
  intervalMs: number;
  now?: () => Date;
  /** HTTP only: false reads nothing until the test calls pollOnce(). */
  poll?: boolean;
}

export function createCaseEventSubscription(config: CaseEventsConfig & { url: `http${string}` }): HttpCaseEventSubscription;
export function createCaseEventSubscription(config: CaseEventsConfig): CaseEventSubscription;
/** The CRM's subscription to the departments' business events, on the transport the URL names. */
export function createCaseEventSubscription(config: CaseEventsConfig): CaseEventSubscription {
  const logger = createLogger("crm", { component: "case-events" });
  const handle = caseEventHandler({ db: config.db, now: config.now ?? (() => new Date()), logger });
  const protocol = new URL(config.url).protocol;
  if (protocol === "amqp:" || protocol === "amqps:") {
    return new AmqpCaseEventSubscription({
      url: config.url,
      exchange: config.exchange,
      queue: config.queue,
      prefetch: config.prefetch,
      deadLetterMax: config.deadLetterMax,
      retryMs: config.intervalMs,
      handle,
      logger,
    });
  }
  return new HttpCaseEventSubscription({
    db: config.db,
    url: config.url,
    intervalMs: config.intervalMs,
    poll: config.poll ?? true,
    handle,
    logger,
  });
}
