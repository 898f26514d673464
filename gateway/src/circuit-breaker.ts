import type { Fetcher, FetcherResponse } from "@apollo/utils.fetcher";
import { isClientGone } from "./request-lifetime";
import { Gauge } from "prom-client";
import { metricsRegistry } from "@company-graph/kit/observability";
import {
  CircuitBreaker as KitCircuitBreaker,
  CircuitOpenError as KitCircuitOpenError,
  type CircuitState,
} from "@company-graph/kit/resilience";

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

/**
 * What a proxy or load balancer in front of a subgraph answers when the subgraph is down or slow:
 * not the subgraph's GraphQL, so a failure like a refused or timed-out connection, to the breaker
 * and to the data source alike.
 */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);
export const isUnavailableAnswer = (status: number) => UNAVAILABLE_STATUSES.has(status);

/** A proxy's answer that the subgraph is down or slow: a failure to the breaker, still the caller's response. */
class UnavailableAnswer extends Error {
  constructor(readonly response: FetcherResponse) {
    super(`HTTP ${response.status}`);
  }
}

/**
 * One subgraph's circuit breaker: the kit's breaker (the same rule as in front of each department
 * system, its clock injected so a test opens and half-opens it without waiting), fed with the
 * outcome of each subgraph fetch.
 */
export class CircuitBreaker {
  private readonly breaker: KitCircuitBreaker;

  constructor(
    readonly subgraph: string,
    settings: CircuitSettings = DEFAULT_CIRCUIT,
    now: () => number = Date.now,
  ) {
    this.breaker = new KitCircuitBreaker({
      failureThreshold: settings.failureThreshold,
      resetMs: settings.openMs,
      now,
      onStateChange: (state) => circuitOpen.set({ subgraph }, state === "closed" ? 0 : 1),
    });
    circuitOpen.set({ subgraph }, 0);
  }

  get state(): CircuitState {
    return this.breaker.state;
  }

  /** Wraps a fetcher: fails at once while open, lets one probe through when half-open. */
  fetcher(inner: Fetcher): Fetcher {
    return async (url, init) => {
      // A fetch cancelled because its client went away says nothing about the subgraph.
      const isFailure = (error: unknown) => !isClientGone(error);
      try {
        return await this.breaker.execute(async () => {
          const response = await inner(url, init);
          if (isUnavailableAnswer(response.status)) throw new UnavailableAnswer(response);
          return response;
        }, isFailure);
      } catch (error) {
        if (error instanceof UnavailableAnswer) return error.response;
        if (error instanceof KitCircuitOpenError) throw new CircuitOpenError(this.subgraph);
        throw error;
      }
    };
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
