export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe call may try the system again. */
  resetMs: number;
  /** Milliseconds clock; injected in tests. */
  now?: () => number;
  onStateChange?: (state: CircuitState) => void;
}

/** Thrown instead of calling a system whose circuit is open. */
export class CircuitOpenError extends Error {
  constructor() {
    super("circuit open: the system failed repeatedly and is not called until its cool-down has passed");
    this.name = "CircuitOpenError";
  }
}

/**
 * Stops calling a system that keeps failing, so a dead department costs its callers nothing
 * but a fast error instead of a timeout per request. Closed: calls pass, consecutive failures
 * are counted. Open: calls are refused until `resetMs` has passed. Half-open: one probe call
 * passes (others are refused); its success closes the circuit, its failure opens it again.
 */
export class CircuitBreaker {
  private mode: CircuitState = "closed";
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The state a call made now would meet: an open circuit whose cool-down has passed is half-open. */
  get state(): CircuitState {
    return this.mode === "open" && this.coolDownPassed() ? "half-open" : this.mode;
  }

  /**
   * Runs `action` unless the circuit refuses it. Errors for which `isFailure` is false (e.g. the
   * system rejecting a bad request) show the system is alive and count as success.
   */
  async execute<T>(action: () => Promise<T>, isFailure: (error: unknown) => boolean = () => true): Promise<T> {
    this.admit();
    const isProbe = this.mode === "half-open";
    if (isProbe) this.probing = true;
    try {
      const result = await action();
      this.succeeded();
      return result;
    } catch (error) {
      if (isFailure(error)) this.failed();
      else this.succeeded();
      throw error;
    } finally {
      if (isProbe) this.probing = false;
    }
  }

  private admit(): void {
    if (this.mode === "open") {
      if (!this.coolDownPassed()) throw new CircuitOpenError();
      this.transition("half-open");
    }
    if (this.mode === "half-open" && this.probing) throw new CircuitOpenError();
  }

  private succeeded(): void {
    this.consecutiveFailures = 0;
    if (this.mode !== "closed") this.transition("closed");
  }

  private failed(): void {
    this.consecutiveFailures++;
    if (this.mode === "half-open" || (this.mode === "closed" && this.consecutiveFailures >= this.options.failureThreshold)) {
      this.openedAt = this.now();
      this.transition("open");
    }
  }

  private coolDownPassed(): boolean {
    return this.now() - this.openedAt >= this.options.resetMs;
  }

  private transition(state: CircuitState): void {
    this.mode = state;
    this.options.onStateChange?.(state);
  }
}
