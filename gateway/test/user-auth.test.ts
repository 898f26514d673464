import { generateSigningKey, identityClaims, KeySet, signJws } from "@company-graph/kit/auth";
import { metricsRegistry, redirectLogs } from "@company-graph/kit/observability";
import { authenticatedContext } from "../src/auth/access-control";
import { DEFAULT_LIMITS } from "../src/operation-limits";
import { issuerFromKey, mintUserToken, type DevIssuer } from "../src/auth/dev-issuer";
import { authenticateUser } from "../src/auth/user-auth";

const identity = { userId: "KFF-E-0001", role: "KEY_ACCOUNT_MANAGER" as const };

/** The instant every test runs at. The gateway's request context reads the clock itself, so it is faked to this too. */
const NOW = Date.parse("2026-03-02T09:00:00Z");
const NOW_SECONDS = NOW / 1000;
beforeEach(() => jest.useFakeTimers({ now: NOW, doNotFake: ["setImmediate", "nextTick", "queueMicrotask"] }));
afterEach(() => jest.useRealTimers());

/** A token with exactly these registered claims, signed by the issuer's key. */
function tokenWith(issuer: DevIssuer, claims: Record<string, unknown>): string {
  return signJws({ ...identityClaims(identity), iss: issuer.trust.issuer, aud: issuer.trust.audience, ...claims }, issuer.key);
}

async function failureCount(reason: string): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric("gateway_authentication_failures_total")?.get();
  return metric?.values.find((value) => value.labels.reason === reason)?.value ?? 0;
}

describe("user authentication", () => {
  const issuer = issuerFromKey(generateSigningKey("unit-issuer"));

  it("checks a token's signature once and its expiry on every request", async () => {
    const verify = jest.spyOn(KeySet.prototype, "verify");
    const token = mintUserToken(identity, issuer, { ttlSeconds: 60, now: NOW });
    for (let i = 0; i < 5; i++) await expect(authenticateUser(`Bearer ${token}`, issuer.trust, NOW)).resolves.toMatchObject(identity);
    expect(verify).toHaveBeenCalledTimes(1);
    // The remembered signature does not outlive the token.
    await expect(authenticateUser(`Bearer ${token}`, issuer.trust, NOW + 120_000)).rejects.toThrow(/expired/);
    verify.mockRestore();
  });

  it("does not trust a token another key set verified", async () => {
    const token = mintUserToken(identity, issuer, { now: NOW });
    await authenticateUser(`Bearer ${token}`, issuer.trust, NOW);
    const otherKeys = issuerFromKey(generateSigningKey("other-issuer")).trust;
    await expect(authenticateUser(`Bearer ${token}`, { ...issuer.trust, keys: otherKeys.keys }, NOW)).rejects.toThrow(/Invalid token/);
  });

  it("requires exp and iat and refuses a lifetime over the maximum (exp = 1e300 included)", async () => {
    const now = NOW_SECONDS;
    const refusal = (token: string, trust = issuer.trust) =>
      authenticateUser(`Bearer ${token}`, trust, NOW).then(
        () => "accepted",
        (error) => `${error.extensions.code}: ${error.message}`,
      );
    expect(await refusal(tokenWith(issuer, { iat: now, exp: 1e300 }))).toMatch(/^UNAUTHENTICATED: .*longer than the 43200 s/);
    expect(await refusal(tokenWith(issuer, { iat: now, exp: now + 12 * 3600 + 1 }))).toMatch(/^UNAUTHENTICATED: .*longer than/);
    expect(await refusal(tokenWith(issuer, { iat: now, exp: now + 12 * 3600 }))).toBe("accepted");
    expect(await refusal(tokenWith(issuer, { exp: now + 60 }))).toMatch(/^UNAUTHENTICATED: .*iat/);
    expect(await refusal(tokenWith(issuer, { iat: now }))).toMatch(/^UNAUTHENTICATED: .*exp/);
    // The maximum comes from the configuration (AUTH_MAX_TOKEN_LIFETIME_S).
    expect(await refusal(tokenWith(issuer, { iat: now, exp: now + 3600 }), { ...issuer.trust, maxLifetimeSeconds: 1800 })).toMatch(
      /longer than the 1800 s/,
    );
  });
});

describe("refused authentication", () => {
  const issuer = issuerFromKey(generateSigningKey("unit-issuer"));
  const requestFrom = (remoteAddress: string, authorization?: string) => ({
    req: { headers: authorization ? { authorization } : {}, socket: { remoteAddress } } as any,
  });

  it("is logged at warn with its reason and the caller's address, never the token", async () => {
    const lines: string[] = [];
    const restore = redirectLogs({ write: (line) => lines.push(line) }, "info");
    const token = mintUserToken(identity, issuer, { ttlSeconds: -60, now: NOW });
    const context = authenticatedContext({ users: issuer.trust, signingKey: generateSigningKey("gateway"), limits: DEFAULT_LIMITS });
    try {
      await expect(context(requestFrom("127.0.0.9", `Bearer ${token}`))).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    } finally {
      restore();
    }
    const refused = lines.map((line) => JSON.parse(line)).find((record) => record.msg === "authentication refused");
    expect(refused).toMatchObject({
      level: "warn",
      remoteAddress: "127.0.0.9",
      reason: expect.stringMatching(/expired/),
      problem: "expired",
    });
    expect(lines.join("\n")).not.toContain(token.split(".")[2]);
  });

  it("is counted in /metrics by reason", async () => {
    const context = authenticatedContext({ users: issuer.trust, signingKey: generateSigningKey("gateway"), limits: DEFAULT_LIMITS });
    const before = {
      missing: await failureCount("missing"),
      lifetime: await failureCount("lifetime-exceeded"),
      signature: await failureCount("bad-signature"),
    };
    const now = NOW_SECONDS;
    const [header, payload] = mintUserToken(identity, issuer, { now: NOW }).split(".");
    const forged = `${header}.${payload}.${mintUserToken({ ...identity, role: "AUDITOR" as const }, issuer, { now: NOW }).split(".")[2]}`;
    for (const authorization of [undefined, `Bearer ${tokenWith(issuer, { iat: now, exp: 1e300 })}`, `Bearer ${forged}`])
      await expect(context(requestFrom("127.0.0.10", authorization))).rejects.toBeDefined();
    expect(await failureCount("missing")).toBe(before.missing + 1);
    expect(await failureCount("lifetime-exceeded")).toBe(before.lifetime + 1);
    expect(await failureCount("bad-signature")).toBe(before.signature + 1);
  });

  describe("repeated from one address", () => {
    it("answers that address' further failures 429 RATE_LIMITED with Retry-After until the window ends; other addresses are unaffected", async () => {
      const context = authenticatedContext({
        users: issuer.trust,
        signingKey: generateSigningKey("gateway"),
        limits: DEFAULT_LIMITS,
        loginThrottle: { maxFailures: 3, windowSeconds: 60 },
      });
      for (let i = 0; i < 3; i++)
        await expect(context(requestFrom("10.0.0.1", "Bearer not.a.jwt"))).rejects.toMatchObject({
          extensions: { code: "UNAUTHENTICATED" },
        });
      const throttled = await context(requestFrom("10.0.0.1", "Bearer not.a.jwt")).catch((error) => error);
      expect(throttled.extensions).toMatchObject({ code: "RATE_LIMITED", http: { status: 429 } });
      expect(throttled.extensions.http.headers.get("retry-after")).toBe("60");
      expect(throttled.message).toMatch(/^For mange mislykkede logins/);
      await expect(context(requestFrom("10.0.0.2", "Bearer not.a.jwt"))).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
      jest.advanceTimersByTime(45_000);
      const later = await context(requestFrom("10.0.0.1", "Bearer not.a.jwt")).catch((error) => error);
      expect(later.extensions.http.headers.get("retry-after")).toBe("15");
      jest.advanceTimersByTime(15_000);
      await expect(context(requestFrom("10.0.0.1", "Bearer not.a.jwt"))).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    });

    it("never refuses a valid token for the failures others sent from its address", async () => {
      const context = authenticatedContext({
        users: issuer.trust,
        signingKey: generateSigningKey("gateway"),
        limits: DEFAULT_LIMITS,
        loginThrottle: { maxFailures: 3, windowSeconds: 60 },
      });
      for (let i = 0; i < 5; i++) await context(requestFrom("10.0.0.1", "Bearer not.a.jwt")).catch(() => undefined);
      const fresh = `Bearer ${mintUserToken({ ...identity, userId: "KFF-E-0002" }, issuer, { now: NOW })}`;
      await expect(context(requestFrom("10.0.0.1", fresh))).resolves.toMatchObject({ identity: { userId: "KFF-E-0002" } });
    });
  });
});
