import type { Fetcher } from "@apollo/utils.fetcher";
import { isClientGone } from "./request-lifetime";
import { Gauge } from "prom-client";
import { metricsRegistry } from "@company-graph/kit/observability";

export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitSettings {
  /** Consecutive failures (refused, reset, timed out, 502/503/504) that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails at once before one probe may try the subgraph again. */
  openMs: number;
}

export const DEFAULT_CIRCUIT: CircuitSettings = { failureThreshold: 5, openMs: 10_000 };

const circuitOpen = new Gauge({
  name: "gateway_subgraph_circuit_open",
  help: "1 while the gateway's circuit breaker for a subgraph is open or half-open (fetches fail at once), else 0",
  labelNames: ["subgraph"],
  registers: [metricsRegistry],
});

/** Thrown instead of fetching while a circuit is open; the data source names the subgraph and its department (SUBGRAPH_UNAVAILABLE). */
export class CircuitOpenError extends Error {
  constructor(readonly subgraph: string) {
    super(`circuit open for the ${subgraph} subgraph`);
    this.name = "CircuitOpenError";
  }
}

const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/**
 * One subgraph's circuit breaker. Hand-written rather than cockatiel or opossum: both read the
 * wall clock and their own timers, where this takes the clock as a function, so a test opens and
 * half-opens it without waiting and without fake timers (which would stall the real sockets).
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private probing = false;

  constructor(
    readonly subgraph: string,
    private readonly settings: CircuitSettings = DEFAULT_CIRCUIT,
    private readonly now: () => number = Date.now,
  ) {
    circuitOpen.set({ subgraph }, 0);
  }

  get state(): CircuitState {
    if (this.openedAt === undefined) return "closed";
    return this.now() - this.openedAt >= this.settings.openMs ? "half-open" : "open";
  }

  /** Wraps a fetcher: fails at once while open, lets one probe through when half-open. */
  fetcher(inner: Fetcher): Fetcher {
    return async (url, init) => {
      const state = this.state;
      if (state === "open" || (state === "half-open" && this.probing)) throw new CircuitOpenError(this.subgraph);
      const probe = state === "half-open";
      if (probe) this.probing = true;
      try {
        const response = await inner(url, init);
        if (UNAVAILABLE_STATUSES.has(response.status)) this.failed();
        else this.succeeded();
        return response;
      } catch (error) {
        // A fetch cancelled because its client went away says nothing about the subgraph.
        if (!isClientGone(error)) this.failed();
        throw error;
      } finally {
        if (probe) this.probing = false;
      }
    };
  }

  private succeeded(): void {
    this.failures = 0;
    this.openedAt = undefined;
    circuitOpen.set({ subgraph: this.subgraph }, 0);
  }

  private failed(): void {
    this.failures++;
    // A failed probe opens the circuit again for another openMs.
    if (this.openedAt !== undefined || this.failures >= this.settings.failureThreshold) {
      this.openedAt = this.now();
      circuitOpen.set({ subgraph: this.subgraph }, 1);
    }
  }
}

/** The gateway's breakers, one per subgraph, for the fetchers and for /ready. */
export class SubgraphCircuits {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly settings: CircuitSettings = DEFAULT_CIRCUIT,
    private readonly now: () => number = Date.now,
  ) {}

  of(subgraph: string): CircuitBreaker {
    let breaker = this.breakers.get(subgraph);
    if (!breaker) this.breakers.set(subgraph, (breaker = new CircuitBreaker(subgraph, this.settings, this.now)));
    return breaker;
  }

  states(): Record<string, CircuitState> {
    return Object.fromEntries([...this.breakers].map(([name, breaker]) => [name, breaker.state]));
  }
}
