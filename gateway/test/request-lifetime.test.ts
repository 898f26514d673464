import { EventEmitter } from "node:events";
import type { Request, Response } from "express";
import { ClientGone, lifetimeOf, untilAnswered } from "../src/request-lifetime";
import { admittedContext } from "../src/rate-limit/gateway";
import { createRateLimiter } from "../src/rate-limit";
import { DEFAULT_BUDGETS } from "../src/rate-limit/index";

/** A response whose client can hang up (Node's `close` before the answer is finished). */
function connection() {
  const res = Object.assign(new EventEmitter(), { writableFinished: false }) as unknown as Response & EventEmitter;
  return { req: {} as Request, res };
}

describe("a request whose client hangs up", () => {
  it("keeps its slot in flight until its handling has ended, and aborts its fetches' signal at once", async () => {
    const limiter = createRateLimiter({ budgets: { ...DEFAULT_BUDGETS, concurrent: 1 } });
    const alice = { identity: { userId: "alice", role: "KEY_ACCOUNT_MANAGER" } };
    const context = admittedContext(async () => ({ ...alice }), limiter);
    let finish!: () => void;
    let signal: AbortSignal | undefined;
    const handler = untilAnswered(async (req, res) => {
      ({ clientGone: signal } = await context({ req, res }));
      await new Promise<void>((resolve) => (finish = resolve));
    });
    const first = connection();
    const handled = handler(first.req, first.res, () => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    first.res.emit("close");
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(ClientGone);
    // Still executing: the hang-up does not give its slot to the next request of the same caller.
    const second = connection();
    await expect(
      untilAnswered(async (req, res) => void (await context({ req, res })))(second.req, second.res, () => undefined),
    ).rejects.toMatchObject({ extensions: { code: "RATE_LIMITED", reason: "concurrency" } });
    finish();
    await handled;
    const third = connection();
    await expect(
      untilAnswered(async (req, res) => void (await context({ req, res })))(third.req, third.res, () => undefined),
    ).resolves.toBeUndefined();
  });

  it("is not aborted when its answer was sent", async () => {
    const { req, res } = connection();
    let signal: AbortSignal | undefined;
    await untilAnswered(async (request) => {
      signal = lifetimeOf(request).signal;
      (res as unknown as { writableFinished: boolean }).writableFinished = true;
      res.emit("close");
    })(req, res, () => undefined);
    expect(signal?.aborted).toBe(false);
  });
});
