import { EventEmitter } from "node:events";
import type { createLogger } from "@company-graph/kit/observability";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { components } from "../generated/broker-api";
import type { CaseEventSignals, CaseEventSubscription, Outcome } from "./handler";

type EventPage = components["schemas"]["EventPage"];

/** The subscription's name in EventFeedPosition. */
export const CASE_EVENTS_FEED = "case-events";
const PAGE_SIZE = 100;
const REQUEST_TIMEOUT_MS = 5_000;

export interface HttpSubscriptionOptions {
  db: PrismaClient;
  /** The simulated broker's base URL (CASE_EVENTS_URL), e.g. http://127.0.0.1:4109. */
  url: string;
  /** Pause between reads when the log is drained, or after a failed read. */
  intervalMs: number;
  /** Off: nothing is read until pollOnce() (tests). */
  poll: boolean;
  handle: (body: string) => Promise<Outcome>;
  logger: ReturnType<typeof createLogger>;
}

/**
 * The CRM's subscription on the embedded default, the simulated broker's log (mocks/broker): it
 * reads from its stored position, applies each event, sets the ones it cannot apply aside on
 * the broker's dead-letter list, and only then moves its position — the acknowledgement. A
 * crash before the position moved reads the event again; its message id makes it a duplicate.
 */
export class HttpCaseEventSubscription extends EventEmitter<CaseEventSignals> implements CaseEventSubscription {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;
  private readonly base: string;

  constructor(private readonly options: HttpSubscriptionOptions) {
    super();
    this.base = options.url.replace(/\/$/, "");
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.emit("connected");
    this.schedule(0);
  }

  /** Reads and settles one page of events; how many. */
  pollOnce(): Promise<number> {
    // One round at a time: a timer round and a test's round must not read the same position.
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async round(): Promise<number> {
    const { db } = this.options;
    const stored = await db.eventFeedPosition.findUnique({ where: { feed: CASE_EVENTS_FEED } });
    let page = await this.read(`/events?after=${stored?.position ?? 0}&limit=${PAGE_SIZE}`);
    if (stored && stored.log !== page.log) {
      // The simulated broker keeps its log in memory: restarted, it starts a new one. Read that from the start; the message ids absorb what was seen.
      this.options.logger.warn({ position: stored.position }, "beskedfordelerens log er startet forfra; læser fra begyndelsen");
      page = await this.read(`/events?after=0&limit=${PAGE_SIZE}`);
    }
    for (const event of page.events) {
      const outcome = await this.options.handle(event.body);
      if (outcome.kind === "rejected") await this.deadLetter(event.sequence, outcome.message);
      const position = { position: event.sequence, log: page.log };
      await db.eventFeedPosition.upsert({
        where: { feed: CASE_EVENTS_FEED },
        create: { feed: CASE_EVENTS_FEED, ...position },
        update: position,
      });
      this.emit("outcome", outcome);
    }
    return page.events.length;
  }

  private async read(path: string): Promise<EventPage> {
    const response = await fetch(`${this.base}${path}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`beskedfordeleren svarede HTTP ${response.status}`);
    return (await response.json()) as EventPage;
  }

  private async deadLetter(sequence: number, reason: string): Promise<void> {
    const response = await fetch(`${this.base}/dead-letters`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sequence, reason: reason.slice(0, 500) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`beskedfordeleren tog ikke imod den afviste hændelse (HTTP ${response.status})`);
  }

  private schedule(delayMs: number): void {
    if (this.stopped || !this.options.poll) return;
    this.timer = setTimeout(async () => {
      let handled = 0;
      try {
        handled = await this.pollOnce();
      } catch (error) {
        this.options.logger.warn({ err: error }, "hændelser kunne ikke læses; prøver igen");
      }
      // A full page means more is waiting: read on at once.
      this.schedule(handled === PAGE_SIZE ? 0 : this.options.intervalMs);
    }, delayMs);
    this.timer.unref();
  }
}
