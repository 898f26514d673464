import type { Request, Response } from "express";
import type { GraphQLError } from "graphql";
import Redis from "ioredis";
import { metrics } from "@company-graph/kit/observability";
import { lifetimeOf, type Cancellable } from "../request-lifetime";
import { clientAddress } from "../client-address";
import { createRateLimiter, rateLimitConfig, type RateLimitBudgets, type RateLimiter, type Subject } from "./index";

export { RATE_LIMITED } from "./index";

export interface RateLimitOptions {
  budgets?: RateLimitBudgets;
  /** Shared budgets across replicas; in memory without it. */
  redisUrl?: string;
  keyPrefix?: string;
}

/**
 * The gateway's limiter, in Redis when a URL is configured; `redis` is that connection (the login
 * throttle counts there too), `close` ends it.
 */
export function connectRateLimiter(options: RateLimitOptions = rateLimitConfig()): {
  limiter: RateLimiter;
  redis?: Redis;
  close: () => Promise<void>;
} {
  const redis = options.redisUrl ? new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
  // A Redis outage is logged by ioredis' reconnects; the limiter falls back to memory meanwhile.
  redis?.on("error", () => {});
  return {
    limiter: createRateLimiter({
      ...(options.budgets ? { budgets: options.budgets } : {}),
      ...(redis ? { redis } : {}),
      ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
    }),
    ...(redis ? { redis } : {}),
    close: async () => {
      if (redis) await redis.quit().catch(() => undefined);
    },
  };
}

/**
 * Wraps the authenticating context function: once the caller is known, one request of its
 * budget is spent (RATE_LIMITED, 429 with Retry-After, before parsing or planning) and its slot
 * in flight is given back when the request's handling has ended (untilAnswered), not when its
 * client hangs up; the client's hang-up cancels its fetches instead (clientGone). Then `screen` (the operation limits) runs,
 * still before Apollo Server parses or validates; each operation it refuses is spent from the
 * caller's refusal budget, so a token sending such documents back to back is soon refused here
 * for the price of a lookup. Last, the operation's estimated cost is spent from the caller's
 * and its client address' cost budgets, and it waits until it fits their cost in flight.
 */
export function admittedContext<Context extends { identity: Subject }>(
  authenticate: (args: { req: Request; res: Response }) => Promise<Context>,
  limiter: RateLimiter,
  screen?: (req: Request) => number | undefined,
) {
  return async (args: { req: Request; res: Response }): Promise<Context & Required<Cancellable>> => {
    const started = performance.now();
    // Refused before Apollo Server's pipeline (UNAUTHENTICATED, RATE_LIMITED, OPERATION_TOO_COMPLEX),
    // whose plugin counts every other answer in /metrics: counted here, or an attack is invisible there.
    const counted = (refusal: unknown) => {
      const body = args.req.body as { operationName?: unknown } | undefined;
      metrics.graphqlRequest(
        "gateway",
        typeof body?.operationName === "string" ? body.operationName : undefined,
        (performance.now() - started) / 1000,
        [errorCodeOf(refusal)],
      );
      return refusal;
    };
    const context = await authenticate(args).catch((refusal: unknown) => {
      throw counted(refusal);
    });
    const release = await limiter.admit(context.identity).catch((refusal: unknown) => {
      throw counted(refusal);
    });
    const lifetime = lifetimeOf(args.req);
    lifetime.onEnd(release);
    let cost: number | undefined;
    try {
      cost = screen?.(args.req);
    } catch (refusal) {
      counted(refusal);
      await limiter.recordRefusal(context.identity);
      throw refusal;
    }
    // What was not measured (Apollo Server refuses it itself) costs as little as a field.
    const releaseCost = await limiter
      .admitCost({ subject: context.identity, address: clientAddress(args.req), cost: cost ?? 1, signal: lifetime.signal })
      .catch((refusal: unknown) => {
        throw counted(refusal);
      });
    lifetime.onEnd(releaseCost);
    return Object.assign(context, { clientGone: lifetime.signal });
  };
}

/** The code a refusal goes out with, as /metrics counts it. */
function errorCodeOf(refusal: unknown): string {
  const code = (refusal as GraphQLError).extensions?.code;
  return typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
}
