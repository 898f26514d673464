import { createLogger } from "@company-graph/kit/observability";
import { ErrorCode } from "@company-graph/kit/errors";
import { GraphQLError } from "graphql";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { components } from "../generated/broker-api";
import { createLoaders } from "../context";
import { issueCaseSurvey } from "./survey-invitations";

type EventPage = components["schemas"]["EventPage"];

/** The feed's name in EventFeedPosition. */
export const CASE_CLOSED_FEED = "case-closed";
const PAGE_SIZE = 100;
const REQUEST_TIMEOUT_MS = 5_000;

export interface CaseClosedFeedOptions {
  db: PrismaClient;
  /** The message broker's base URL (CASE_EVENTS_URL), e.g. http://127.0.0.1:4109. */
  url: string;
  /** Pause between reads when the feed is drained. */
  intervalMs: number;
  now?: () => Date;
}

export interface CaseClosedFeed {
  /** Reads and handles one page of events; how many it handled. Tests call it instead of waiting. */
  pollOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Subscribes the CRM to the broker's case-closed events: each closed department case gets its
 * survey invitation (issueCaseSurvey: once per case). The position is stored after each event,
 * so a restart reads on where it stopped; an event handled twice (a crash between the two
 * writes) issues nothing new. An event the CRM cannot use (a company it does not know) is logged
 * and passed over; a failure of the broker or the database stops this round and is retried in
 * the next.
 */
export function startCaseClosedFeed(options: CaseClosedFeedOptions, { poll = true } = {}): CaseClosedFeed {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const logger = createLogger("crm", { component: "case-closed-feed" });
  const base = options.url.replace(/\/$/, "");
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  const handle = async (): Promise<number> => {
    const position = (await db.eventFeedPosition.findUnique({ where: { feed: CASE_CLOSED_FEED } }))?.position ?? 0;
    const response = await fetch(`${base}/events?after=${position}&limit=${PAGE_SIZE}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`the message broker answered HTTP ${response.status}`);
    const page = (await response.json()) as EventPage;
    for (const event of page.events) {
      // A context of its own per event: its loaders must not outlive the write.
      const context = { db, loaders: createLoaders(db), now };
      try {
        const invitation = await issueCaseSurvey(context, { cvr: event.cvr, caseId: event.caseId, serviceId: event.serviceId, unitId: event.unitId });
        logger.info({ caseId: event.caseId, department: event.department, invitation: invitation.id }, "survey issued for a closed case");
      } catch (error) {
        if (!(error instanceof GraphQLError && error.extensions.code === ErrorCode.BadUserInput)) throw error;
        logger.warn({ caseId: event.caseId, department: event.department, reason: error.message }, "case-closed event passed over");
      }
      await db.eventFeedPosition.upsert({ where: { feed: CASE_CLOSED_FEED }, create: { feed: CASE_CLOSED_FEED, position: event.sequence }, update: { position: event.sequence } });
    }
    return page.events.length;
  };

  const pollOnce = (): Promise<number> => {
    // One round at a time: a timer round and a test's round must not read the same position.
    running ??= handle().finally(() => (running = undefined));
    return running;
  };

  const schedule = (delayMs: number) => {
    if (stopped || !poll) return;
    timer = setTimeout(async () => {
      let handled = 0;
      try {
        handled = await pollOnce();
      } catch (error) {
        logger.warn({ err: error }, "case-closed feed: will retry");
      }
      // A full page means more is waiting: read on at once.
      schedule(handled === PAGE_SIZE ? 0 : options.intervalMs);
    }, delayMs);
    timer.unref();
  };
  schedule(0);

  return {
    pollOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
