import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { LoginThrottle } from "../src/auth/login-throttle";

const settings = { maxFailures: 3, windowSeconds: 60 };

describe("login throttle", () => {
  it("makes an address wait once it has failed maxFailures times in the window, and no other address", async () => {
    const throttle = new LoginThrottle(settings);
    for (let i = 0; i < 3; i++) {
      expect(await throttle.retryAfterSeconds("10.0.0.1")).toBe(0);
      await throttle.recordFailure("10.0.0.1");
    }
    expect(await throttle.retryAfterSeconds("10.0.0.1")).toBeGreaterThanOrEqual(1);
    expect(await throttle.retryAfterSeconds("10.0.0.2")).toBe(0);
  });

  describe("in Redis", () => {
    const clients: Redis[] = [];
    afterAll(async () => {
      await Promise.all(clients.map((client) => client.quit()));
    });

    it("shares one count between two gateways: failures on either add up", async () => {
      // One Redis client per gateway, one key prefix per test run.
      const keyPrefix = `test-login-${randomUUID()}`;
      const [first, second] = [0, 1].map(() => {
        const client = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
        clients.push(client);
        return new LoginThrottle(settings, { redis: client, keyPrefix });
      });
      await first.recordFailure("10.0.0.1");
      await second.recordFailure("10.0.0.1");
      expect(await first.retryAfterSeconds("10.0.0.1")).toBe(0);
      await first.recordFailure("10.0.0.1");
      // The third failure was on the first gateway; the second one knows it.
      const retryAfter = await second.retryAfterSeconds("10.0.0.1");
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await second.retryAfterSeconds("10.0.0.2")).toBe(0);
    });
  });
});
