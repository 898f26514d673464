import { LRUCache } from "lru-cache";
import type { OperationCache, OperationStore } from "./operation-store";

/**
 * Header in which the gateway also names the client operation on every subgraph fetch, for logs
 * and traces. Scopes are never keyed by it: it is unsigned, and anyone who could send it could
 * read from or poison another operation's cache. The key is the operation id signed into the
 * fetch's gateway token (serveSubgraph passes it to the context as `operationId`).
 */
export const OPERATION_ID_HEADER = "x-operation-id";

/**
 * State shared by the fetches of one operation: in this process (OperationScopes) or, when the
 * subgraph runs as several replicas, in a store they share (SharedOperationScopes).
 */
export interface PerOperationState<T> {
  get(operationId: string | undefined, readOnly?: boolean): T | Promise<T>;
  close(): void;
}

/**
 * Per-operation state for a subgraph: in a shared store when one is given (REDIS_URL), so a
 * later fetch finds the earlier one's reads on whichever replica it lands; in the process otherwise.
 * `create` builds the state, given the operation's shared cache when there is a store.
 */
export function operationScopes<T>(
  create: (shared?: OperationCache) => T,
  options: { audience: string; store?: OperationStore },
): PerOperationState<T> {
  return options.store ? new SharedOperationScopes(create, options.store, options.audience) : new OperationScopes(() => create());
}

/**
 * State built afresh for every fetch over the operation's cache in a shared store: loaders made
 * with it read through the store (batch-loader's `shared`), so what one replica read from a
 * department system another replica finds, for the same operation (the signed id) and subgraph.
 */
export class SharedOperationScopes<T> implements PerOperationState<T> {
  constructor(
    private readonly create: (shared?: OperationCache) => T,
    private readonly store: OperationStore,
    /** The subgraph whose tokens key the cache: one subgraph never reads another's state. */
    private readonly audience: string,
  ) {}

  get(operationId: string | undefined, readOnly = true): T | Promise<T> {
    // operationId: the signed id from the verified gateway token, never the x-operation-id header.
    if (!operationId) return this.create();
    if (readOnly) return this.create(this.store.cache(this.audience, operationId));
    return this.store.forget(this.audience, operationId).then(() => this.create());
  }

  close(): void {
    void this.store.close();
  }
}

/**
 * Per-operation state with a short time-to-live, bounded in size. One operation reaches a
 * subgraph several times (a root fetch, then `_entities` fetches); keying loaders by its signed
 * id lets all those fetches share one DataLoader cache, so a department system is called once
 * per operation rather than once per fetch. An operation's fetches follow
 * each other within the gateway's timeouts, so 10 s is plenty; longer only holds memory (at 500
 * operations a second, every second of TTL keeps 500 scopes). An expired scope costs a re-read,
 * never a wrong answer. Held in an lru-cache, which drops the least recently used scope when full.
 */
export class OperationScopes<T> implements PerOperationState<T> {
  // Boxed: lru-cache holds non-null values only, and a scope may be anything.
  private readonly entries: LRUCache<string, { value: T }>;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly create: () => T,
    ttlMs = 10_000,
    maxEntries = 10_000,
    /** The clock; tests move it instead of waiting. */
    now: () => number = Date.now,
  ) {
    // ttlResolution 0: lru-cache would otherwise reuse one reading of the clock for a millisecond, timed by a timer.
    this.entries = new LRUCache({ max: maxEntries, ttl: ttlMs, updateAgeOnGet: true, ttlResolution: 0, perf: { now } });
    // One sweep every half time-to-live rather than lru-cache's ttlAutopurge, which keeps a timer per entry.
    this.sweeper = setInterval(() => this.entries.purgeStale(), Math.max(1_000, ttlMs / 2));
    this.sweeper.unref();
  }

  get(operationId: string | undefined, readOnly = true): T {
    // operationId: the signed id from the verified gateway token, never the x-operation-id header.
    if (!readOnly) this.forget(operationId);
    if (!operationId || !readOnly) return this.create();
    const existing = this.entries.get(operationId);
    if (existing) return existing.value;
    const value = this.create();
    this.entries.set(operationId, { value });
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
}
