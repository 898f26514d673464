import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { createRateLimiter, DEFAULT_BUDGETS, rateLimitConfig, type RateLimitBudgets } from "../src/rate-limit";

const budgets: RateLimitBudgets = {
  ...DEFAULT_BUDGETS,
  userRequests: 5,
  partnerRequests: 8,
  windowSeconds: 60,
  concurrent: 2,
  refusedOperations: 3,
};
const alice = { userId: "KFF-E-0001", role: "KEY_ACCOUNT_MANAGER" };
const bob = { userId: "KFF-E-0002", role: "KEY_ACCOUNT_MANAGER" };

/** Admits `count` requests one after another (each answered at once); returns how many were refused and the last refusal. */
async function send(limiter: ReturnType<typeof createRateLimiter>, subject: typeof alice, count: number) {
  let refused = 0;
  let last: any;
  for (let i = 0; i < count; i++) {
    try {
      (await limiter.admit(subject))();
    } catch (error) {
      refused++;
      last = error;
    }
  }
  return { refused, last };
}

describe("rate limits per token subject", () => {
  it("refuses 1,000 requests beyond a user's budget with 429/RATE_LIMITED and Retry-After, and lets another user in", async () => {
    const limiter = createRateLimiter({ budgets });
    const { refused, last } = await send(limiter, alice, 1_005);
    expect(refused).toBe(1_000);
    expect(last.extensions).toMatchObject({ code: "RATE_LIMITED", reason: "rate", http: { status: 429 } });
    const retryAfter = Number(last.extensions.http.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(last.message).toMatch(/^For mange forespørgsler/);
    expect((await send(limiter, bob, 5)).refused).toBe(0);
  });

  it("gives an integration partner its own budget", async () => {
    const limiter = createRateLimiter({ budgets });
    expect((await send(limiter, { userId: "partner-a", role: "PARTNER" }, 10)).refused).toBe(2);
  });

  it("limits the requests of one subject in flight at once", async () => {
    const limiter = createRateLimiter({ budgets: { ...budgets, userRequests: 100 } });
    const first = await limiter.admit(alice);
    await limiter.admit(alice);
    await expect(limiter.admit(alice)).rejects.toMatchObject({ extensions: { code: "RATE_LIMITED", reason: "concurrency" } });
    await expect(limiter.admit(bob)).resolves.toBeInstanceOf(Function);
    first();
    await expect(limiter.admit(alice)).resolves.toBeInstanceOf(Function);
  });

  it("refuses a subject before any parse once the limits have refused its operations past the refusal budget", async () => {
    const limiter = createRateLimiter({ budgets: { ...budgets, userRequests: 100 }, refusalHoldMs: 0 });
    for (let i = 0; i < 3; i++) {
      (await limiter.admit(alice))();
      await limiter.recordRefusal(alice);
    }
    await expect(limiter.admit(alice)).rejects.toMatchObject({
      extensions: { code: "RATE_LIMITED", reason: "refusals", http: { status: 429 } },
    });
    await expect(limiter.admit(bob)).resolves.toBeInstanceOf(Function);
  });

  it("holds a refusal-budget 429 in one of the subject's slots, so a client past its concurrency gets the rest at once", async () => {
    jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate"] });
    try {
      const limiter = createRateLimiter({ budgets: { ...budgets, userRequests: 100 }, refusalHoldMs: 1_000 });
      for (let i = 0; i < 3; i++) await limiter.recordRefusal(alice);
      const held = [limiter.admit(alice), limiter.admit(alice)].map((admission) => admission.catch((error) => error));
      await jest.advanceTimersByTimeAsync(0);
      await expect(limiter.admit(alice)).rejects.toMatchObject({ extensions: { reason: "concurrency" } });
      let settled = false;
      void Promise.all(held).then(() => (settled = true));
      await jest.advanceTimersByTimeAsync(999);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect((await Promise.all(held)).map((error) => error.extensions.reason)).toEqual(["refusals", "refusals"]);
    } finally {
      jest.useRealTimers();
    }
  });

  describe("by estimated cost", () => {
    const costly = {
      ...budgets,
      userRequests: 1_000,
      concurrent: 8,
      costInFlight: 10_000,
      addressCostInFlight: 20_000,
      userCost: 100_000,
      addressCost: 1_000_000,
    };
    const settled = () => new Promise((resolve) => setImmediate(resolve));

    it("admits a neighbour's heavy operations two at a time and lets another user in while the rest wait", async () => {
      const limiter = createRateLimiter({ budgets: costly });
      const neighbour = await Promise.all([0, 1].map(() => limiter.admitCost({ subject: alice, address: "10.0.0.1", cost: 5_000 })));
      let admittedLater = 0;
      const waiting = [0, 1, 2].map(() =>
        limiter.admitCost({ subject: alice, address: "10.0.0.1", cost: 5_000 }).then((release) => (admittedLater++, release)),
      );
      await settled();
      expect(admittedLater).toBe(0);
      // Another user, even from the same address, is not behind the neighbour's queue.
      await expect(limiter.admitCost({ subject: bob, address: "10.0.0.1", cost: 4_000 })).resolves.toBeInstanceOf(Function);
      neighbour[0]();
      await settled();
      expect(admittedLater).toBe(1);
      neighbour[1]();
      await settled();
      expect(admittedLater).toBe(2);
      for (const release of await Promise.all(waiting.slice(0, 2))) release();
      await waiting[2];
    });

    it("runs one operation dearer than the budget alone, and counts many tokens of one address together", async () => {
      const limiter = createRateLimiter({ budgets: costly });
      const alone = await limiter.admitCost({ subject: alice, address: "10.0.0.1", cost: 12_000 });
      let next = false;
      const queued = limiter.admitCost({ subject: alice, address: "10.0.0.1", cost: 1 }).then((release) => ((next = true), release));
      await settled();
      expect(next).toBe(false);
      alone();
      (await queued)();
      // 20,000 in flight from one address, whichever tokens: the fifth token waits.
      const tokens = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          limiter.admitCost({ subject: { userId: `token-${n}`, role: "KEY_ACCOUNT_MANAGER" }, address: "10.0.0.9", cost: 5_000 }),
        ),
      );
      let fifth = false;
      const fifthToken = limiter
        .admitCost({ subject: { userId: "token-5", role: "KEY_ACCOUNT_MANAGER" }, address: "10.0.0.9", cost: 5_000 })
        .then((release) => ((fifth = true), release));
      await expect(limiter.admitCost({ subject: bob, address: "10.0.0.2", cost: 5_000 })).resolves.toBeInstanceOf(Function);
      expect(fifth).toBe(false);
      tokens[0]();
      (await fifthToken)();
    });

    it("refuses past the waiting requests a subject may have, and a client that went away stops waiting", async () => {
      const limiter = createRateLimiter({ budgets: { ...costly, concurrent: 1 } });
      await limiter.admitCost({ subject: alice, address: "10.0.0.1", cost: 10_000 });
      const client = new AbortController();
      const waiting = limiter.admitCost({ subject: alice, address: "10.0.0.1", cost: 10_000, signal: client.signal });
      await expect(limiter.admitCost({ subject: alice, address: "10.0.0.1", cost: 10_000 })).rejects.toMatchObject({
        extensions: { code: "RATE_LIMITED", reason: "concurrency" },
      });
      client.abort(new Error("gone"));
      await expect(waiting).rejects.toThrow("gone");
    });

    it("refuses a request that waited its longest for the cost in flight", async () => {
      const limiter = createRateLimiter({ budgets: costly, maxQueueMs: 1 });
      await limiter.admitCost({ subject: alice, address: "10.0.0.1", cost: 10_000 });
      await expect(limiter.admitCost({ subject: alice, address: "10.0.0.1", cost: 10_000 })).rejects.toMatchObject({
        extensions: { code: "RATE_LIMITED", reason: "concurrency", http: { status: 429 } },
      });
    });

    it("spends the cost from the subject's and the address' budgets per window", async () => {
      const limiter = createRateLimiter({ budgets: { ...costly, userCost: 10_000, addressCost: 15_000 } });
      (await limiter.admitCost({ subject: alice, address: "10.0.0.1", cost: 8_000 }))();
      await expect(limiter.admitCost({ subject: alice, address: "10.0.0.1", cost: 4_000 })).rejects.toMatchObject({
        extensions: { code: "RATE_LIMITED", reason: "cost", http: { status: 429 } },
      });
      (await limiter.admitCost({ subject: bob, address: "10.0.0.1", cost: 6_000 }))();
      const refused = await limiter
        .admitCost({ subject: { userId: "carol", role: "KEY_ACCOUNT_MANAGER" }, address: "10.0.0.1", cost: 2_000 })
        .catch((error) => error);
      expect(refused.extensions).toMatchObject({ code: "RATE_LIMITED", reason: "addressCost" });
      expect(refused.message).toMatch(/^For mange krævende forespørgsler fra denne adresse/);
    });
  });

  it("validates budgets from the environment once", () => {
    expect(rateLimitConfig({ RATE_LIMIT_USER_REQUESTS: "7" }).budgets.userRequests).toBe(7);
    expect(() => rateLimitConfig({ RATE_LIMIT_USER_REQUESTS: "-1" })).toThrow(/RATE_LIMIT_USER_REQUESTS/);
  });
});

describe("rate limits in Redis", () => {
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const clients: Redis[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
  });

  it("shares one budget between two gateways", async () => {
    // One Redis client per gateway, one key prefix per test run.
    const keyPrefix = `test-rate-${randomUUID()}`;
    const [first, second] = [0, 1].map(() => {
      const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      clients.push(client);
      return createRateLimiter({ budgets: { ...budgets, userRequests: 10 }, redis: client, keyPrefix });
    });
    const fromFirst = await send(first, alice, 6);
    const fromSecond = await send(second, alice, 6);
    expect(fromFirst.refused + fromSecond.refused).toBe(2);
    expect(fromSecond.last.extensions.code).toBe("RATE_LIMITED");
    expect((await send(second, bob, 3)).refused).toBe(0);
  });
});
