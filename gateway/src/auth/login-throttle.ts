import type Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";

/** How many refused logins one address may have in a window before its failures get 429. */
export interface LoginThrottleSettings {
  /** Refusals within one window past which the address' failures get 429 for the rest of it. */
  maxFailures: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = { maxFailures: 20, windowSeconds: 60 };

/**
 * Counts failed logins per client address: after `maxFailures` refusals within a window, the
 * address' further failures are answered 429 RATE_LIMITED until the window ends (the caller
 * verifies the token first, so a valid one is never refused here: authenticatedContext).
 * On rate-limiter-flexible: in Redis when a client is given (REDIS_URL, the rate limits'
 * connection), so an address cannot spread its tries over the replicas; in memory per process
 * otherwise. It keeps time with Date.now, so tests move it with fake timers.
 */
export class LoginThrottle {
  private readonly failures: RateLimiterAbstract;

  constructor(
    private readonly settings: LoginThrottleSettings = DEFAULT_LOGIN_THROTTLE,
    store: { redis?: Redis; keyPrefix?: string } = {},
  ) {
    const options = { keyPrefix: store.keyPrefix ?? "login-failures", points: settings.maxFailures, duration: settings.windowSeconds };
    this.failures = store.redis
      ? // While Redis is unreachable each replica counts on its own instead of failing every login.
        new RateLimiterRedis({ ...options, storeClient: store.redis, insuranceLimiter: new RateLimiterMemory(options) })
      : new RateLimiterMemory(options);
  }

  /** Seconds this address must wait before trying again, or 0 when it may try now. */
  async retryAfterSeconds(address: string): Promise<number> {
    const state = await this.failures.get(address);
    if (!state || state.consumedPoints < this.settings.maxFailures) return 0;
    return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  }

  async recordFailure(address: string): Promise<void> {
    await this.failures.penalty(address, 1);
  }
}
