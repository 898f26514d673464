/** Methods that may be sent twice without changing anything: only these are ever retried. */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export interface RetryOptions {
  /** Attempts after the first; 0 turns retrying off. */
  retries: number;
  /** Upper bound of the first backoff; each later bound doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Uniform in [0, 1); injected in tests. */
  random?: () => number;
  /** Waits between attempts; resolves early when the signal aborts. Injected in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * "Full jitter" backoff: a uniform delay between 0 and the exponential bound, so callers that
 * failed together do not retry together and hammer a recovering system in lock-step.
 */
export function fullJitterDelay(retry: number, options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs">, random: () => number): number {
  const bound = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.floor(random() * bound);
}

export interface RetryRequest {
  method: string;
  /** A read sent as POST (its parameters do not fit a URL) may be repeated too; by the method unless given. */
  idempotent?: boolean;
  /** The caller's deadline: no attempt starts after it has aborted. */
  signal?: AbortSignal;
}

/** Bounded retries with full jitter, for idempotent requests only. */
export class RetryPolicy {
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: RetryOptions) {
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /**
   * Runs `attempt` until it succeeds, its error is not transient, the retries are used up or
   * the deadline has passed; then throws the last error.
   */
  async execute<T>(request: RetryRequest, attempt: () => Promise<T>, isTransient: (error: unknown) => boolean): Promise<T> {
    const retries = (request.idempotent ?? isIdempotent(request.method)) ? this.options.retries : 0;
    for (let retry = 0; ; retry++) {
      try {
        return await attempt();
      } catch (error) {
        if (retry >= retries || !isTransient(error) || request.signal?.aborted) throw error;
        await this.sleep(fullJitterDelay(retry, this.options, this.random), request.signal);
        if (request.signal?.aborted) throw error;
      }
    }
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
