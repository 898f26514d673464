import { generateSigningKey, KeySet, redirectLogs } from "@company-graph/kit";
import { authenticatedContext } from "../src/auth/access-control";
import { DEFAULT_LIMITS } from "../src/operation-limits";
import { issuerFromKey, mintUserToken } from "../src/auth/dev-issuer";
import { authenticateUser } from "../src/auth/user-auth";

describe("user authentication", () => {
  const issuer = issuerFromKey(generateSigningKey("unit-issuer"));
  const identity = { userId: "KFF-E-0001", role: "KEY_ACCOUNT_MANAGER" as const };

  it("checks a token's signature once and its expiry on every request", () => {
    const verify = jest.spyOn(KeySet.prototype, "verify");
    const now = Date.now();
    const token = mintUserToken(identity, issuer, { ttlSeconds: 60, now });
    for (let i = 0; i < 5; i++) expect(authenticateUser(`Bearer ${token}`, issuer.trust, now)).toMatchObject(identity);
    expect(verify).toHaveBeenCalledTimes(1);
    // The remembered signature does not outlive the token.
    expect(() => authenticateUser(`Bearer ${token}`, issuer.trust, now + 120_000)).toThrow(/expired/);
    verify.mockRestore();
  });

  it("does not trust a token another key set verified", () => {
    const token = mintUserToken(identity, issuer);
    authenticateUser(`Bearer ${token}`, issuer.trust);
    const otherKeys = issuerFromKey(generateSigningKey("other-issuer")).trust;
    expect(() => authenticateUser(`Bearer ${token}`, { ...issuer.trust, keys: otherKeys.keys })).toThrow(/Invalid token/);
  });
});

describe("refused authentication", () => {
  it("is logged at warn with its reason and the caller's address, never the token", async () => {
    const issuer = issuerFromKey(generateSigningKey("unit-issuer"));
    const lines: string[] = [];
    const restore = redirectLogs({ write: (line) => lines.push(line) }, "info");
    const token = mintUserToken({ userId: "KFF-E-0001", role: "KEY_ACCOUNT_MANAGER" }, issuer, { ttlSeconds: -60 });
    const context = authenticatedContext({ users: issuer.trust, signingKey: generateSigningKey("gateway"), limits: DEFAULT_LIMITS });
    try {
      await expect(context({ req: { headers: { authorization: `Bearer ${token}` }, socket: { remoteAddress: "127.0.0.9" } } as any })).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    } finally {
      restore();
    }
    const refused = lines.map((line) => JSON.parse(line)).find((record) => record.msg === "authentication refused");
    expect(refused).toMatchObject({ level: "warn", remoteAddress: "127.0.0.9", reason: expect.stringMatching(/expired/) });
    expect(lines.join("\n")).not.toContain(token.split(".")[2]);
  });
});
