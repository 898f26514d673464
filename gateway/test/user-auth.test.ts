import { generateSigningKey, KeySet } from "@company-graph/kit";
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
