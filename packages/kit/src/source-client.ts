import type { Department } from "@company-graph/domain";
import { SourceError } from "./errors";
import { CircuitBreaker, CircuitOpenError, type CircuitState } from "./resilience/circuit-breaker";
import { RetryPolicy, type RetryOptions } from "./resilience/retry";
import { createLogger } from "./observability/logger";
import { metrics } from "./observability/metrics";
import { injectTraceHeaders, inSpan, SpanKind } from "./observability/tracing";

export interface CircuitSettings {
  /** Consecutive failed calls that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before one probe may try the system again. */
  resetMs: number;
  /** The cool-down's milliseconds clock; injected in tests so they advance time instead of waiting. */
  now?: () => number;
}

export interface SourceClientOptions {
  department: Department;
  baseUrl: string;
  /** Budget of one call, retries included: the longest a department can delay an answer. */
  timeoutMs: number;
  /** Extra attempts for a GET that failed transiently (connection error, HTTP 5xx). */
  retries?: number;
  circuit?: CircuitSettings;
  /** Injected in tests to count or observe calls; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** The backoff wait between attempts; injected in tests, which have no time to wait. */
  sleep?: RetryOptions["sleep"];
  /** The signal that aborts a call after `timeoutMs`; injected in tests to time out on cue. */
  deadline?: (timeoutMs: number) => AbortSignal;
}

export type Query = Record<string, string | readonly string[] | undefined>;

export const DEFAULT_SOURCE_RETRIES = 2;
export const DEFAULT_CIRCUIT: CircuitSettings = { failureThreshold: 5, resetMs: 10_000 };
/** Backoff bounds: short, because the whole call must fit in timeoutMs. */
const BACKOFF = { baseDelayMs: 50, maxDelayMs: 500 };

/**
 * HTTP plumbing every department client shares: one deadline per call, retries with jitter for
 * transient failures of reads, a circuit breaker per department system, JSON parsing, and every
 * failure turned into a SourceError that names the department. Department clients add typed methods.
 */
export class SourceClient {
  readonly department: Department;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly retry: RetryPolicy;
  private readonly breaker: CircuitBreaker;
  private readonly deadline: (timeoutMs: number) => AbortSignal;

  constructor(options: SourceClientOptions) {
    this.department = options.department;
    this.baseUrl = options.baseUrl.replace(/\/$/, "");
    this.timeoutMs = options.timeoutMs;
    // Looked up per call, so interceptors installed later (msw in tests) see every request.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.retry = new RetryPolicy({ retries: options.retries ?? DEFAULT_SOURCE_RETRIES, ...BACKOFF, sleep: options.sleep });
    this.deadline = options.deadline ?? ((timeoutMs) => AbortSignal.timeout(timeoutMs));
    this.breaker = new CircuitBreaker({
      ...(options.circuit ?? DEFAULT_CIRCUIT),
      onStateChange: (state) =>
        createLogger(this.department.toLowerCase()).warn(
          { department: this.department, circuit: state, baseUrl: this.baseUrl },
          "source circuit changed",
        ),
    });
    metrics.circuitState(this.department, () => this.breaker.state);
  }

  /** Whether calls to the department system currently pass (closed), are refused (open) or probe (half-open). */
  get circuitState(): CircuitState {
    return this.breaker.state;
  }

  async getJson<T>(path: string, query: Query = {}): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      url.searchParams.set(name, typeof value === "string" ? value : value.join(","));
    }
    const signal = this.deadline(this.timeoutMs);
    try {
      // The breaker sees one outcome per call, after its retries: the threshold counts calls, not attempts.
      return await this.observed("GET", path, () =>
        this.breaker.execute(
          () => this.retry.execute({ method: "GET", signal }, () => this.attempt<T>(url, path, signal), isTransient),
          isSystemFault,
        ),
      );
    } catch (error) {
      if (error instanceof CircuitOpenError) throw new SourceError(this.department, "unavailable", `${error.message} (${path})`);
      throw error;
    }
  }

  /**
   * A read whose parameters do not fit a URL (e.g. a long list of CVR numbers) sent as a JSON body.
   * It goes through the circuit breaker and is retried like a GET: it only reads, so a connection
   * reset or a 5xx may be asked again. Nothing that writes may be sent through it.
   */
  async postJson<T>(path: string, body: unknown): Promise<T> {
    const url = new URL(this.baseUrl + path);
    const signal = this.deadline(this.timeoutMs);
    const init = {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify(body),
    };
    try {
      return await this.observed("POST", path, () =>
        this.breaker.execute(
          () =>
            this.retry.execute({ method: "POST", idempotent: true, signal }, () => this.attempt<T>(url, path, signal, init), isTransient),
          isSystemFault,
        ),
      );
    } catch (error) {
      if (error instanceof CircuitOpenError) throw new SourceError(this.department, "unavailable", `${error.message} (${path})`);
      throw error;
    }
  }

  /** One call as operators see it: a client span (the trace continues in the system) and its metrics. */
  private observed<T>(method: string, path: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const attributes = { "company_graph.department": this.department, "http.request.method": method, "url.path": path };
    return inSpan(`${method} ${this.department} ${path}`, { kind: SpanKind.CLIENT, attributes }, async () => {
      let outcome = "ok";
      try {
        return await call();
      } catch (error) {
        outcome = error instanceof SourceError ? error.failure : error instanceof CircuitOpenError ? "circuit-open" : "error";
        throw error;
      } finally {
        metrics.sourceCall(this.department, outcome, (performance.now() - started) / 1000);
      }
    });
  }

  private async attempt<T>(
    url: URL,
    path: string,
    signal: AbortSignal,
    init: RequestInit = { headers: { accept: "application/json" } },
  ): Promise<T> {
    let response: Response;
    const headers = new Headers(init.headers);
    injectTraceHeaders(headers);
    try {
      response = await this.fetchImpl(url, { ...init, headers, signal });
    } catch (error) {
      throw new SourceError(this.department, signal.aborted ? "timeout" : "unavailable", describe(error));
    }
    if (!response.ok) {
      // Drain rather than cancel: it keeps the keep-alive connection reusable (and cancel can stall under msw).
      await response.arrayBuffer().catch(() => undefined);
      throw new SourceError(
        this.department,
        response.status >= 500 ? "unavailable" : "bad-response",
        `HTTP ${response.status} from ${path}`,
        response.status,
      );
    }
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new SourceError(
        this.department,
        signal.aborted ? "timeout" : "bad-response",
        `unreadable body from ${path}: ${describe(error)}`,
      );
    }
  }
}

/** Worth another attempt: the connection failed or the system answered 5xx. Timeouts used the budget up. */
function isTransient(error: unknown): boolean {
  return error instanceof SourceError && error.failure === "unavailable";
}

/** Counts against the circuit: everything but the system rejecting our request (4xx), which shows it is alive. */
function isSystemFault(error: unknown): boolean {
  return !(error instanceof SourceError && error.httpStatus !== undefined && error.httpStatus < 500);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}
