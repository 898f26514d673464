import type { CaseEventPublisher, OutgoingEvent } from "../broker/publishers";

/**
 * A department system's outbox: each change is recorded here when the case changes, and published
 * in order afterwards. An event leaves the outbox only when the broker confirmed it, so a system
 * whose link to the broker was down (or that stopped before publishing) publishes what it missed
 * when it is back; the broker may then get an event twice, which the subscriber's message id absorbs.
 */
export class CaseEventOutbox {
  private readonly pending: OutgoingEvent[] = [];
  private draining: Promise<number> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private publishing = true;
  private published = 0;

  constructor(
    private readonly publisher: CaseEventPublisher | undefined,
    private readonly retryMs = 1_000,
  ) {}

  /** Records a change; publishing starts at once when the link to the broker is up. */
  add(event: OutgoingEvent): void {
    if (!this.publisher) return;
    this.pending.push(event);
    void this.flush().catch(() => undefined);
  }

  /** Publishes what is pending, in order, one confirm at a time; how many this call published. Stops at the first failure (kept for a retry). */
  flush(): Promise<number> {
    if (!this.publishing) return Promise.resolve(0);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
    return this.draining;
  }

  /** Takes the system's link to the broker down (events wait here) or up again (what waited is published). */
  setPublishing(enabled: boolean): Promise<number> {
    this.publishing = enabled;
    return enabled ? this.flush() : Promise.resolve(0);
  }

  get status(): { publishing: boolean; pending: number; published: number } {
    return { publishing: this.publishing, pending: this.pending.length, published: this.published };
  }

  stop(): void {
    clearTimeout(this.retry);
  }

  private async drain(): Promise<number> {
    let count = 0;
    while (this.publishing && this.pending.length > 0) {
      try {
        await this.publisher!.publish(this.pending[0]);
      } catch (error) {
        this.scheduleRetry();
        throw error;
      }
      this.pending.shift();
      this.published++;
      count++;
    }
    return count;
  }

  private scheduleRetry(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.flush().catch(() => undefined), this.retryMs);
    this.retry.unref();
  }
}
