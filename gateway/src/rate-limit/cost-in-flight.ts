/**
 * Estimated cost in flight per key (a token subject, a client address), against a budget per
 * key: a request whose cost does not fit every one of its keys waits until enough of theirs has
 * ended, in arrival order among the waiters of a key; one that fits goes at once, so a subject
 * under its budget is never queued behind a neighbour's excess at the same address. A key with nothing in flight always admits one request, so
 * an operation dearer than the budget (but within the operation limit) still runs, alone.
 *
 * Hand-written: rate-limiter-flexible and p-limit/p-queue count requests, not weighted amounts
 * per several keys at once.
 */
export interface CostKey {
  key: string;
  budget: number;
  /** Requests of this key that may wait at once; past it a request is refused at once. */
  maxWaiting: number;
}

interface Waiter {
  keys: readonly CostKey[];
  cost: number;
  admit: () => void;
}

export class QueueFull extends Error {}

export class CostInFlight {
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, number>();
  private readonly queue: Waiter[] = [];

  /**
   * Resolves with the function that gives the cost back once it fits every key; rejects with
   * QueueFull when a key has `maxWaiting` requests waiting, or with the signal's reason when it
   * aborts first (the client went away, or waited too long).
   */
  async admit(keys: readonly CostKey[], cost: number, signal?: AbortSignal): Promise<() => void> {
    if (this.fits(keys, cost)) return this.take(keys, cost);
    if (keys.some(({ key, maxWaiting }) => (this.waiting.get(key) ?? 0) >= maxWaiting)) throw new QueueFull();
    signal?.throwIfAborted();
    return new Promise<() => void>((resolve, reject) => {
      const waiter: Waiter = {
        keys,
        cost,
        admit: () => {
          signal?.removeEventListener("abort", abandon);
          resolve(this.take(keys, cost));
        },
      };
      const abandon = () => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        this.countWaiting(keys, -1);
        reject(signal?.reason);
        this.admitWaiting();
      };
      signal?.addEventListener("abort", abandon, { once: true });
      this.queue.push(waiter);
      this.countWaiting(keys, 1);
    });
  }

  private fits(keys: readonly CostKey[], cost: number): boolean {
    return keys.every(({ key, budget }) => {
      const running = this.inFlight.get(key) ?? 0;
      return running === 0 || running + cost <= budget;
    });
  }

  private take(keys: readonly CostKey[], cost: number): () => void {
    for (const { key } of keys) this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + cost);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const { key } of keys) {
        const left = (this.inFlight.get(key) ?? cost) - cost;
        if (left > 0) this.inFlight.set(key, left);
        else this.inFlight.delete(key);
      }
      this.admitWaiting();
    };
  }

  /** Admits, in arrival order, each waiter that fits; one that does not keeps its keys' later waiters behind it. */
  private admitWaiting(): void {
    const blocked = new Set<string>();
    for (const waiter of [...this.queue]) {
      if (waiter.keys.some(({ key }) => blocked.has(key)) || !this.fits(waiter.keys, waiter.cost)) {
        for (const { key } of waiter.keys) blocked.add(key);
        continue;
      }
      this.queue.splice(this.queue.indexOf(waiter), 1);
      this.countWaiting(waiter.keys, -1);
      waiter.admit();
    }
  }

  private countWaiting(keys: readonly CostKey[], by: number): void {
    for (const { key } of keys) {
      const count = (this.waiting.get(key) ?? 0) + by;
      if (count > 0) this.waiting.set(key, count);
      else this.waiting.delete(key);
    }
  }
}
