/**
 * Header in which the gateway also names the client operation on every subgraph fetch, for logs
 * and traces. Scopes are never keyed by it: it is unsigned, and anyone who could send it could
 * read from or poison another operation's cache. The key is the operation id signed into the
 * fetch's gateway token (serveSubgraph passes it to the context as `operationId`).
 */
export const OPERATION_ID_HEADER = "x-operation-id";

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * Per-operation state with a short time-to-live, bounded in size. One operation reaches a
 * subgraph several times (a root fetch, then `_entities` fetches); keying loaders by its signed
 * id lets all those fetches share one DataLoader cache, so a department system is called once
 * per operation rather than once per fetch. An operation's fetches follow
 * each other within the gateway's timeouts, so 10 s is plenty; longer only holds memory (at 500
 * operations a second, every second of TTL keeps 500 scopes). An expired scope costs a re-read,
 * never a wrong answer.
 */
export class OperationScopes<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly create: () => T,
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
    /** The clock; tests move it instead of waiting. */
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(this.now()), Math.max(1_000, ttlMs / 2));
    this.sweeper.unref();
  }

  /**
   * The state of this operation, or fresh state when the caller sent no operation id. A fetch
   * that may write (`readOnly` false) gets fresh state and ends the sharing for the rest of its
   * operation, so no later fetch reads what was cached before the write.
   */
  get(operationId: string | undefined, readOnly = true): T {
    // operationId: the signed id from the verified gateway token, never the x-operation-id header.
    if (!readOnly) this.forget(operationId);
    if (!operationId || !readOnly) return this.create();
    const now = this.now();
    const existing = this.entries.get(operationId);
    if (existing && existing.expiresAt > now) {
      existing.expiresAt = now + this.ttlMs;
      return existing.value;
    }
    if (this.entries.size >= this.maxEntries) this.sweep(now, true);
    const value = this.create();
    this.entries.set(operationId, { value, expiresAt: now + this.ttlMs });
    return value;
  }

  /** Drops an operation's state, e.g. after it wrote: its later fetches start afresh. */
  forget(operationId: string | undefined): void {
    if (operationId) this.entries.delete(operationId);
  }

  get size(): number {
    return this.entries.size;
  }

  close(): void {
    clearInterval(this.sweeper);
    this.entries.clear();
  }

  private sweep(now: number, evictOldest = false): void {
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
    if (evictOldest && this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
