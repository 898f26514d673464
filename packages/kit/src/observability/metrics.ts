import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CircuitState } from "../resilience/circuit-breaker";

/** The process's one registry: the gateway or subgraph serves it on GET /metrics. */
export const metricsRegistry = new Registry();
let defaultsCollected = false;

/** Latency buckets from 5 ms to 10 s: a cached lookup to a source system's timeout. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const graphqlRequests = new Counter({
  name: "graphql_requests_total",
  help: "GraphQL requests answered, by service (gateway or subgraph), operation name and outcome (ok: no errors)",
  labelNames: ["service", "operation", "outcome"] as const,
  registers: [metricsRegistry],
});
const graphqlDuration = new Histogram({
  name: "graphql_request_duration_seconds",
  help: "Time to answer a GraphQL request, by service and operation name",
  labelNames: ["service", "operation"] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});
const graphqlErrors = new Counter({
  name: "graphql_errors_total",
  help: "GraphQL errors sent to callers, by service and error code",
  labelNames: ["service", "code"] as const,
  registers: [metricsRegistry],
});
const sourceRequests = new Counter({
  name: "source_requests_total",
  help: "Calls to a department system, retries included, by department and outcome (ok, timeout, unavailable, bad-response)",
  labelNames: ["department", "outcome"] as const,
  registers: [metricsRegistry],
});
const sourceDuration = new Histogram({
  name: "source_request_duration_seconds",
  help: "Duration of one call to a department system, retries included, by department",
  labelNames: ["department"] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});
const subgraphFetches = new Counter({
  name: "gateway_subgraph_fetches_total",
  help: "Fetches from the gateway to a subgraph, by subgraph and outcome (ok, http-error, failed)",
  labelNames: ["subgraph", "outcome"] as const,
  registers: [metricsRegistry],
});
const subgraphFetchDuration = new Histogram({
  name: "gateway_subgraph_fetch_duration_seconds",
  help: "Duration of one fetch from the gateway to a subgraph, by subgraph",
  labelNames: ["subgraph"] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});
const earlyFetches = new Counter({
  name: "gateway_early_fetches_total",
  help: "Entity fetches the gateway sent before their plan node ran (a company's department indexes beside its CRM fetch), by subgraph and outcome: claimed (the node used the answer) or dropped (no node asked for it, e.g. the company does not exist)",
  labelNames: ["subgraph", "outcome"] as const,
  registers: [metricsRegistry],
});
const batchSizes = new Histogram({
  name: "dataloader_batch_size",
  help: "Keys per DataLoader batch, by loader: how well lookups are batched into one call",
  labelNames: ["loader"] as const,
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
  registers: [metricsRegistry],
});

const authenticationFailures = new Counter({
  name: "gateway_authentication_failures_total",
  help: "Refused logins at the gateway, by reason (missing, malformed-header, expired, bad-signature, lifetime-exceeded, …; throttled: refused unchecked after too many from one address)",
  labelNames: ["reason"] as const,
  registers: [metricsRegistry],
});

let openStreams: () => number = () => 0;
new Gauge({
  name: "gateway_live_streams",
  help: "Notification streams (/graphql/stream) this gateway replica holds open",
  registers: [metricsRegistry],
  collect() {
    this.set(openStreams());
  },
});
const liveEvents = new Counter({
  name: "gateway_live_events_total",
  help: "Signals a notification stream acted on, by outcome: delivered (an event sent), skipped (not the subscriber's, or already sent), failed (the graph answered an error), ended (the gateway closed the stream: expired, draining, behind)",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});

const CIRCUIT_VALUES: Record<CircuitState, number> = { closed: 0, "half-open": 1, open: 2 };
const circuits = new Map<string, () => CircuitState>();
new Gauge({
  name: "source_circuit_state",
  help: "State of the circuit breaker in front of a department system: 0 closed (calls pass), 1 half-open (probing), 2 open (calls refused)",
  labelNames: ["department"] as const,
  registers: [metricsRegistry],
  // Read at scrape time, so an open circuit whose cool-down has passed shows as half-open.
  collect() {
    this.reset();
    for (const [department, state] of circuits) this.set({ department }, CIRCUIT_VALUES[state()]);
  },
});

/** Operation names come from callers: past this many distinct names per service they count as "other". */
const MAX_OPERATION_NAMES = 200;
const operationNames = new Map<string, Set<string>>();

function operationLabel(service: string, operationName: string | null | undefined): string {
  if (!operationName) return "anonymous";
  const seen = operationNames.get(service) ?? new Set<string>();
  operationNames.set(service, seen);
  if (seen.has(operationName)) return operationName;
  if (seen.size >= MAX_OPERATION_NAMES || !/^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(operationName)) return "other";
  seen.add(operationName);
  return operationName;
}

/** Recording hooks, one per thing we measure; every service records into the process registry. */
export const metrics = {
  graphqlRequest(service: string, operationName: string | null | undefined, seconds: number, errorCodes: readonly string[]): void {
    const operation = operationLabel(service, operationName);
    graphqlRequests.inc({ service, operation, outcome: errorCodes.length ? "error" : "ok" });
    graphqlDuration.observe({ service, operation }, seconds);
    for (const code of errorCodes) graphqlErrors.inc({ service, code });
  },
  subgraphFetch(subgraph: string, outcome: string, seconds: number): void {
    subgraphFetches.inc({ subgraph, outcome });
    subgraphFetchDuration.observe({ subgraph }, seconds);
  },
  sourceCall(department: string, outcome: string, seconds: number): void {
    sourceRequests.inc({ department, outcome });
    sourceDuration.observe({ department }, seconds);
  },
  /** Reports a department's circuit state on every scrape; the breaker's owner calls it once. */
  circuitState(department: string, state: () => CircuitState): void {
    circuits.set(department, state);
  },
  /** `reason`: a TokenProblem or one of the gateway's own few (missing, malformed-header, throttled): a bounded set. */
  authenticationFailure(reason: string): void {
    authenticationFailures.inc({ reason });
  },
  earlyFetch(subgraph: string, outcome: "claimed" | "dropped"): void {
    earlyFetches.inc({ subgraph, outcome });
  },
  batchSize(loader: string, keys: number): void {
    batchSizes.observe({ loader }, keys);
  },
  /** Reports the open streams on every scrape; the gateway calls it once. */
  liveStreams(count: () => number): void {
    openStreams = count;
  },
  liveEvent(outcome: "delivered" | "skipped" | "failed" | "ended"): void {
    liveEvents.inc({ outcome });
  },
};

/** The registry in Prometheus text format, with the process's CPU, memory and event-loop series. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register: metricsRegistry });
    defaultsCollected = true;
  }
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
