import { GraphQLError } from "graphql";
import type { NotificationSignal } from "@company-graph/domain";
import { ErrorCode } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { ClientGone } from "../request-lifetime";

export interface StreamLimits {
  /** Open streams one user may hold on this replica (STREAMS_PER_USER). */
  perUser: number;
  /** Open streams this replica holds in all (STREAMS_PER_GATEWAY). */
  perGateway: number;
  /** Signals waiting for one stream before it is closed as fallen behind (the client resumes). */
  pending: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { perUser: 5, perGateway: 2_000, pending: 100 };

/** Runs `close` at `atMs` (epoch ms); returns what cancels it. A test passes one it fires itself. */
export type Scheduler = (atMs: number, close: () => void) => () => void;

const MAX_TIMEOUT_MS = 2 ** 31 - 1;
export const wallClockScheduler: Scheduler = (atMs, close) => {
  const timer = setTimeout(close, Math.min(MAX_TIMEOUT_MS, Math.max(0, atMs - Date.now())));
  timer.unref();
  return () => clearTimeout(timer);
};

/** Why the gateway ended a stream: said to the client in the last event, with a code. */
export type EndReason = "expired" | "draining" | "behind";

export function endError(reason: EndReason): GraphQLError {
  if (reason === "expired") return new GraphQLError(refusal.stream.tokenExpired, { extensions: { code: ErrorCode.Unauthenticated } });
  return new GraphQLError(reason === "draining" ? refusal.stream.draining : refusal.stream.behind, {
    extensions: { code: ErrorCode.StreamLimit, reason },
  });
}

/**
 * One open stream: the notification ids signalled for its user, in arrival order, until it ends.
 * `next` resolves with the next id, or undefined once the stream has ended (the client left, the
 * token expired, the gateway is draining, or it fell `pending` signals behind).
 */
export class StreamLease {
  private readonly queued: string[] = [];
  private wake: (() => void) | undefined;
  private reason: EndReason | "closed" | undefined;
  private readonly controller = new AbortController();

  constructor(
    readonly userId: string,
    private readonly pending: number,
    private readonly release: (lease: StreamLease) => void,
  ) {}

  /** Why the gateway ended it, if it did (the client's own leaving is not said). */
  get endReason(): EndReason | undefined {
    return this.reason === "closed" ? undefined : this.reason;
  }

  /** Aborted when the stream ends, which cancels its event's subgraph fetches as a client's hang-up does. */
  get ended(): AbortSignal {
    return this.controller.signal;
  }

  get open(): boolean {
    return this.reason === undefined;
  }

  signal(notificationId: string): void {
    if (this.reason) return;
    if (this.queued.length >= this.pending) return this.end("behind");
    this.queued.push(notificationId);
    this.wake?.();
  }

  async next(): Promise<string | undefined> {
    while (!this.queued.length && !this.reason) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    return this.reason ? undefined : this.queued.shift();
  }

  /** Ends the stream; its place is free at once. */
  end(reason: EndReason | "closed"): void {
    if (this.reason) return;
    this.reason = reason;
    this.queued.length = 0;
    this.release(this);
    this.controller.abort(new ClientGone());
    this.wake?.();
  }
}

/** The streams this replica holds, by user: the limits on them, and where signals are delivered. */
export class LiveStreams {
  private readonly byUser = new Map<string, Set<StreamLease>>();
  private count = 0;
  private draining = false;

  constructor(readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS) {}

  get size(): number {
    return this.count;
  }

  /** A new stream for `userId`, or the refusal (TOO_MANY for the user: 429; for the gateway, or draining: 503). */
  open(userId: string): StreamLease | GraphQLError {
    const own = this.byUser.get(userId);
    if (this.draining || this.count >= this.limits.perGateway)
      return refused(refusal.stream.tooManyForGateway, "streams-per-gateway", this.limits.perGateway, 503);
    if ((own?.size ?? 0) >= this.limits.perUser)
      return refused(refusal.stream.tooManyForUser(this.limits.perUser), "streams-per-user", this.limits.perUser, 429);
    const lease = new StreamLease(userId, this.limits.pending, (ended) => this.forget(ended));
    if (own) own.add(lease);
    else this.byUser.set(userId, new Set([lease]));
    this.count++;
    return lease;
  }

  /** Hands a signal to its user's streams; another user's streams never see it. */
  deliver(signal: NotificationSignal): void {
    for (const lease of this.byUser.get(signal.employeeId) ?? []) lease.signal(signal.notificationId);
  }

  /** SIGTERM: refuses new streams and ends every open one, telling its client to reconnect (to another replica). */
  drain(): void {
    this.draining = true;
    for (const leases of [...this.byUser.values()]) for (const lease of [...leases]) lease.end("draining");
  }

  private forget(lease: StreamLease): void {
    const own = this.byUser.get(lease.userId);
    if (!own?.delete(lease)) return;
    this.count--;
    if (!own.size) this.byUser.delete(lease.userId);
  }
}

function refused(message: string, limit: string, maximum: number, status: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.StreamLimit,
      limit,
      maximum,
      http: { status, ...(status === 429 || status === 503 ? { headers: new Map([["retry-after", "5"]]) } : {}) },
    },
  });
}
