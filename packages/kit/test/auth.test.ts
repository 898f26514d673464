import { checkRegisteredClaims, generateSigningKey, identityFromClaims, KeySet, publicJwkOf, signGatewayToken, signJws, GatewayTokenVerifier, TokenError } from "../src/auth";

const es256 = generateSigningKey("a");
const ed25519 = generateSigningKey("b", "EdDSA");
const keys = new KeySet([publicJwkOf(es256), publicJwkOf(ed25519)]);
const problemOf = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    if (error instanceof TokenError) return error.problem;
    throw error;
  }
  return "accepted";
};

describe("compact JWS on node:crypto", () => {
  it.each([es256, ed25519])("signs and verifies with $alg", (key) => {
    expect(keys.verify(signJws({ sub: "u" }, key))).toEqual({ sub: "u" });
  });

  it("refuses tampered payloads, unknown keys, alg none and HMAC", () => {
    const [header, , signature] = signJws({ sub: "u", role: "ANALYST" }, es256).split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "u", role: "AUDITOR" })).toString("base64url");
    expect(problemOf(() => keys.verify(`${header}.${forged}.${signature}`))).toBe("bad-signature");
    expect(problemOf(() => keys.verify(signJws({ sub: "u" }, generateSigningKey("unknown"))))).toBe("unknown-key");
    const none = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
    expect(problemOf(() => keys.verify(`${none}.${forged}.`))).toBe("unsupported-algorithm");
    const hmac = Buffer.from(JSON.stringify({ alg: "HS256", kid: "a" })).toString("base64url");
    expect(problemOf(() => keys.verify(`${hmac}.${forged}.${signature}`))).toBe("unsupported-algorithm");
    expect(problemOf(() => keys.verify("only.two"))).toBe("malformed");
  });

  it("checks issuer, audience and expiry", () => {
    const now = 1_800_000_000_000;
    const claims = { iss: "i", aud: "a", exp: now / 1000 + 60 };
    expect(problemOf(() => checkRegisteredClaims(claims, { issuer: "i", audience: "a", now: () => now }))).toBe("accepted");
    expect(problemOf(() => checkRegisteredClaims(claims, { issuer: "x", audience: "a", now: () => now }))).toBe("wrong-issuer");
    expect(problemOf(() => checkRegisteredClaims(claims, { issuer: "i", audience: "x", now: () => now }))).toBe("wrong-audience");
    expect(problemOf(() => checkRegisteredClaims(claims, { issuer: "i", audience: "a", now: () => now + 120_000 }))).toBe("expired");
    expect(problemOf(() => checkRegisteredClaims({ iss: "i", aud: "a" }, { issuer: "i", audience: "a" }))).toBe("invalid-claims");
  });

  it("requires a department for caseworkers and a grant for partners; SYSTEM only from the gateway", () => {
    expect(problemOf(() => identityFromClaims({ sub: "u", role: "CASEWORKER" }))).toBe("invalid-claims");
    expect(problemOf(() => identityFromClaims({ sub: "u", role: "PARTNER" }))).toBe("invalid-claims");
    expect(problemOf(() => identityFromClaims({ sub: "u", role: "SYSTEM" }))).toBe("invalid-claims");
    expect(identityFromClaims({ sub: "u", role: "CASEWORKER", department: "KFF", unit: "kff-bevilling" })).toEqual({ userId: "u", role: "CASEWORKER", department: "KFF", unit: "kff-bevilling" });
  });

  it("round-trips the gateway token with purpose and operation", () => {
    const verifier = new GatewayTokenVerifier(new KeySet([publicJwkOf(es256)]));
    const identity = { userId: "u", role: "CASEWORKER" as const, department: "BIF" as const, purpose: "p", operationId: "o", operationName: "Op" };
    expect(verifier.verify(signGatewayToken(identity, es256))).toEqual(identity);
    expect(problemOf(() => verifier.verify(signJws({ sub: "u", role: "ANALYST", iss: "someone", aud: "company-graph-subgraphs", exp: Date.now() / 1000 + 60 }, es256)))).toBe("wrong-issuer");
  });
});
