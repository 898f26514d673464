import { GraphQLError } from "graphql";
import { refusal } from "@company-graph/kit/refusals";
import type Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { z } from "zod";
import { loadConfig } from "@company-graph/kit/config";
import { CostInFlight, QueueFull } from "./cost-in-flight";

export const RATE_LIMITED = "RATE_LIMITED";

/** Budgets per token subject (the user, or the integration partner); see gateway/.env.example. */
export interface RateLimitBudgets {
  /** Requests one user may send per window. */
  userRequests: number;
  /** Requests one integration partner may send per window (a partner serves many people). */
  partnerRequests: number;
  windowSeconds: number;
  /** Requests of one subject in flight at once, per gateway. */
  concurrent: number;
  /**
   * Operations of one subject the limits may refuse per window (OPERATION_TOO_COMPLEX); past it
   * the subject's requests are refused before any parse until the window ends. A person whose
   * query is too big fixes it after a refusal or two; a token sending such documents back to back
   * is spending the gateway's time on purpose.
   */
  refusedOperations: number;
  /**
   * Estimated cost (limits/operation-cost.ts) of one subject's operations in flight at once, per
   * gateway; a request past it waits for the subject's earlier ones (at most `maxQueueMs`). So a
   * token keeping 32 heavy documents in flight has only a few of them running at a time.
   */
  costInFlight: number;
  /** The same for one client address (all its tokens together), behind the trusted proxies. */
  addressCostInFlight: number;
  /** Estimated cost one user may spend per window. */
  userCost: number;
  /** Estimated cost one integration partner may spend per window. */
  partnerCost: number;
  /** Estimated cost one client address may spend per window, whatever its tokens. */
  addressCost: number;
}

export const DEFAULT_BUDGETS: RateLimitBudgets = {
  userRequests: 3_000,
  partnerRequests: 6_000,
  windowSeconds: 60,
  concurrent: 32,
  refusedOperations: 30,
  // The operation limit (10,000): one such operation (or two company views, 4,128 each) at once per
  // subject and per address; measured (bench, fairness), twice that per address kept a neighbour's
  // many tokens at 3× a well-behaved user's company view.
  costInFlight: 10_000,
  addressCostInFlight: 10_000,
  // About 150 company views (4,128 each) a minute for a user, twice that for a partner, four users' worth per address.
  userCost: 600_000,
  partnerCost: 1_200_000,
  addressCost: 2_400_000,
};

/** Budgets from the environment, validated once at start. */
export function rateLimitConfig(env: NodeJS.ProcessEnv = process.env): { budgets: RateLimitBudgets; redisUrl?: string } {
  const config = loadConfig(
    {
      RATE_LIMIT_USER_REQUESTS: z.coerce.number().int().positive().default(DEFAULT_BUDGETS.userRequests),
      RATE_LIMIT_PARTNER_REQUESTS: z.coerce.number().int().positive().default(DEFAULT_BUDGETS.partnerRequests),
      RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(DEFAULT_BUDGETS.windowSeconds),
      RATE_LIMIT_CONCURRENT: z.coerce.number().int().positive().default(DEFAULT_BUDGETS.concurrent),
      RATE_LIMIT_REFUSED_OPERATIONS: z.coerce.number().int().positive().default(DEFAULT_BUDGETS.refusedOperations),
      RATE_LIMIT_COST_IN_FLIGHT: z.coerce.number().int().positive().default(DEFAULT_BUDGETS.costInFlight),
      RATE_LIMIT_ADDRESS_COST_IN_FLIGHT: z.coerce.number().int().positive().default(DEFAULT_BUDGETS.addressCostInFlight),
      RATE_LIMIT_USER_COST: z.coerce.number().int().positive().default(DEFAULT_BUDGETS.userCost),
      RATE_LIMIT_PARTNER_COST: z.coerce.number().int().positive().default(DEFAULT_BUDGETS.partnerCost),
      RATE_LIMIT_ADDRESS_COST: z.coerce.number().int().positive().default(DEFAULT_BUDGETS.addressCost),
      REDIS_URL: z.string().url().optional(),
    },
    env,
  );
  return {
    budgets: {
      userRequests: config.RATE_LIMIT_USER_REQUESTS,
      partnerRequests: config.RATE_LIMIT_PARTNER_REQUESTS,
      windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
      concurrent: config.RATE_LIMIT_CONCURRENT,
      refusedOperations: config.RATE_LIMIT_REFUSED_OPERATIONS,
      costInFlight: config.RATE_LIMIT_COST_IN_FLIGHT,
      addressCostInFlight: config.RATE_LIMIT_ADDRESS_COST_IN_FLIGHT,
      userCost: config.RATE_LIMIT_USER_COST,
      partnerCost: config.RATE_LIMIT_PARTNER_COST,
      addressCost: config.RATE_LIMIT_ADDRESS_COST,
    },
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
  };
}

const REASONS = {
  rate: refusal.rateLimited.requests,
  concurrency: refusal.rateLimited.concurrent,
  refusals: refusal.rateLimited.refusedOperations,
  cost: refusal.rateLimited.costlyOperations,
  addressCost: refusal.rateLimited.costlyOperationsFromAddress,
} as const;

function rateLimited(retryAfterSeconds: number, reason: keyof typeof REASONS): GraphQLError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new GraphQLError(REASONS[reason](seconds), {
    extensions: {
      code: RATE_LIMITED,
      reason,
      retryAfterSeconds: seconds,
      http: { status: 429, headers: new Map([["retry-after", String(seconds)]]) },
    },
  });
}

export interface Subject {
  userId: string;
  role: string;
}

export interface RateLimiter {
  /** Admits one request of a subject or throws RATE_LIMITED; call the returned function when it is answered. */
  admit(subject: Subject): Promise<() => void>;
  /** Spends one of the subject's refused operations (see RateLimitBudgets.refusedOperations). */
  recordRefusal(subject: Subject): Promise<void>;
  /**
   * Spends an operation's estimated cost from its subject's and its client address' budgets per
   * window, then waits until it fits their cost in flight; RATE_LIMITED when a budget is spent,
   * too many of theirs wait already, or it waited `maxQueueMs`. Call the returned function when
   * the request has ended.
   */
  admitCost(request: { subject: Subject; address: string; cost: number; signal?: AbortSignal }): Promise<() => void>;
}

/**
 * Rate (per window) and concurrency limits per token subject, on rate-limiter-flexible: in
 * memory by default, in Redis when a client is given, so every gateway replica spends from the
 * same budget. Concurrency is per gateway (what one replica can carry), so it stays in memory.
 */
/**
 * How long a subject past its refusal budget waits for its 429, holding one of its slots in
 * flight: a client that sends the next document as soon as the last is refused is slowed to a
 * few requests a second, instead of keeping the gateway busy answering refusals; a client
 * with more connections than its concurrency budget gets the rest refused at once.
 */
const REFUSAL_HOLD_MS = 1_000;

/** The longest a request waits for its subject's or address' cost in flight before it is refused. */
const MAX_QUEUE_MS = 5_000;

export function createRateLimiter(
  options: { budgets?: RateLimitBudgets; redis?: Redis; keyPrefix?: string; refusalHoldMs?: number; maxQueueMs?: number } = {},
): RateLimiter {
  const budgets = options.budgets ?? DEFAULT_BUDGETS;
  const keyPrefix = options.keyPrefix ?? "gateway-rate";
  const limiter = (points: number, name: string): RateLimiterAbstract =>
    options.redis
      ? new RateLimiterRedis({
          storeClient: options.redis,
          points,
          duration: budgets.windowSeconds,
          keyPrefix: `${keyPrefix}:${name}`,
          // While Redis is unreachable each replica keeps its own budget instead of failing every request.
          insuranceLimiter: new RateLimiterMemory({ points, duration: budgets.windowSeconds, keyPrefix: `${keyPrefix}:${name}` }),
        })
      : new RateLimiterMemory({ points, duration: budgets.windowSeconds, keyPrefix: `${keyPrefix}:${name}` });
  const users = limiter(budgets.userRequests, "user");
  const partners = limiter(budgets.partnerRequests, "partner");
  const refusals = limiter(budgets.refusedOperations, "refused");
  const userCost = limiter(budgets.userCost, "user-cost");
  const partnerCost = limiter(budgets.partnerCost, "partner-cost");
  const addressCost = limiter(budgets.addressCost, "address-cost");
  const costInFlight = new CostInFlight();
  const maxQueueMs = options.maxQueueMs ?? MAX_QUEUE_MS;
  const inFlight = new Map<string, number>();
  const refusalHoldMs = options.refusalHoldMs ?? REFUSAL_HOLD_MS;

  const subjectKey = (subject: Subject) => `${subject.role === "PARTNER" ? "partner" : "user"}:${subject.userId}`;
  /** Spends `points` from a budget per window, or RATE_LIMITED for `reason`. */
  const spend = async (budget: RateLimiterAbstract, key: string, points: number, reason: keyof typeof REASONS) => {
    try {
      await budget.consume(key, points);
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) throw rateLimited(refusal.msBeforeNext / 1000, reason);
      throw refusal;
    }
  };

  /** One slot in flight for `key`, or RATE_LIMITED (concurrency); the function gives it back. */
  const takeSlot = (key: string): (() => void) => {
    const running = inFlight.get(key) ?? 0;
    if (running >= budgets.concurrent) throw rateLimited(1, "concurrency");
    inFlight.set(key, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left > 0) inFlight.set(key, left);
      else inFlight.delete(key);
    };
  };

  return {
    async admit(subject) {
      const partner = subject.role === "PARTNER";
      const key = `${partner ? "partner" : "user"}:${subject.userId}`;
      const refused = await refusals.get(key);
      if (refused && refused.consumedPoints >= budgets.refusedOperations) {
        const release = takeSlot(key);
        await new Promise((resolve) => setTimeout(resolve, Math.min(refusalHoldMs, refused.msBeforeNext)).unref());
        release();
        throw rateLimited(refused.msBeforeNext / 1000, "refusals");
      }
      try {
        await (partner ? partners : users).consume(subject.userId);
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) throw rateLimited(refusal.msBeforeNext / 1000, "rate");
        throw refusal;
      }
      return takeSlot(key);
    },
    async recordRefusal(subject) {
      await refusals.penalty(subjectKey(subject), 1);
    },
    async admitCost({ subject, address, cost, signal }) {
      const partner = subject.role === "PARTNER";
      await spend(partner ? partnerCost : userCost, subject.userId, cost, "cost");
      await spend(addressCost, address, cost, "addressCost");
      const keys = [
        { key: subjectKey(subject), budget: budgets.costInFlight, maxWaiting: budgets.concurrent },
        { key: `address:${address}`, budget: budgets.addressCostInFlight, maxWaiting: budgets.concurrent },
      ];
      const waitedTooLong = AbortSignal.timeout(maxQueueMs);
      try {
        return await costInFlight.admit(keys, cost, signal ? AbortSignal.any([signal, waitedTooLong]) : waitedTooLong);
      } catch (error) {
        if (error instanceof QueueFull || (error as { name?: unknown } | undefined)?.name === "TimeoutError")
          throw rateLimited(1, "concurrency");
        throw error;
      }
    },
  };
}
