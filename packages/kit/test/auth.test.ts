import {
  checkGrantFetch,
  checkGrantOperationType,
  documentHash,
  generateSigningKey,
  GatewayTokenVerifier,
  identityFromClaims,
  KeySet,
  MAX_GATEWAY_TOKEN_LIFETIME_SECONDS,
  publicJwkOf,
  signAccessLogBatch,
  signGatewayToken,
  signJws,
  TokenError,
  variablesHash,
  verifyAccessLogBatch,
  type ClaimExpectations,
  type SigningKey,
} from "../src/auth";
import { SignJWT } from "jose";

const es256 = generateSigningKey("a");
const ed25519 = generateSigningKey("b", "EdDSA");
const keys = new KeySet([publicJwkOf(es256), publicJwkOf(ed25519)]);
const NOW = 1_800_000_000_000;
const seconds = (ms: number) => Math.floor(ms / 1000);
const expected: ClaimExpectations = { issuer: "i", audience: "a", now: NOW };
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: "u",
  iss: "i",
  aud: "a",
  iat: seconds(NOW),
  exp: seconds(NOW) + 60,
  ...extra,
});

async function problemOf(action: () => unknown): Promise<string> {
  try {
    await action();
  } catch (error) {
    if (error instanceof TokenError) return error.problem;
    throw error;
  }
  return "accepted";
}

/** A token as jose itself signs it: what KeySet verifies is not only what signJws makes. */
const signedByJose = (payload: Record<string, unknown>, key: SigningKey) =>
  new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" }).sign(key.privateKey);

describe("JWT verification on jose", () => {
  it.each([es256, ed25519])("verifies what jose and the development signer sign with $alg", async (key) => {
    await expect(keys.verify(await signedByJose(claims(), key), expected)).resolves.toMatchObject({ sub: "u" });
    await expect(keys.verify(signJws(claims(), key), expected)).resolves.toMatchObject({ sub: "u" });
  });

  it("refuses tampered payloads, unknown keys, alg none and HMAC", async () => {
    const [header, , signature] = signJws(claims({ role: "ANALYST" }), es256).split(".");
    const forged = Buffer.from(JSON.stringify(claims({ role: "AUDITOR" }))).toString("base64url");
    expect(await problemOf(() => keys.verify(`${header}.${forged}.${signature}`, expected))).toBe("bad-signature");
    expect(await problemOf(() => keys.verify(signJws(claims(), generateSigningKey("unknown")), expected))).toBe("unknown-key");
    const none = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
    expect(await problemOf(() => keys.verify(`${none}.${forged}.`, expected))).toBe("unsupported-algorithm");
    const hmac = Buffer.from(JSON.stringify({ alg: "HS256", kid: "a" })).toString("base64url");
    expect(await problemOf(() => keys.verify(`${hmac}.${forged}.${signature}`, expected))).toBe("unsupported-algorithm");
    expect(await problemOf(() => keys.verify("only.two", expected))).toBe("malformed");
    expect(await problemOf(() => keys.verify("not.a.jwt", expected))).toBe("malformed");
  });

  it("checks issuer, audience and expiry", async () => {
    const token = signJws(claims(), es256);
    expect(await problemOf(() => keys.verify(token, expected))).toBe("accepted");
    expect(await problemOf(() => keys.verify(token, { ...expected, issuer: "x" }))).toBe("wrong-issuer");
    expect(await problemOf(() => keys.verify(token, { ...expected, audience: "x" }))).toBe("wrong-audience");
    expect(await problemOf(() => keys.verify(token, { ...expected, now: NOW + 120_000 }))).toBe("expired");
    expect(await problemOf(() => keys.verify(signJws({ sub: "u", iss: "i", aud: "a" }, es256), expected))).toBe("invalid-claims");
  });

  it("with a maximum lifetime, requires iat, refuses exp = 1e300 and an issue time in the future", async () => {
    const limited = { ...expected, maxLifetimeSeconds: 3600 };
    expect(await problemOf(() => keys.verify(signJws(claims(), es256), limited))).toBe("accepted");
    expect(await problemOf(() => keys.verify(signJws(claims({ exp: 1e300 }), es256), limited))).toBe("lifetime-exceeded");
    expect(await problemOf(() => keys.verify(signJws(claims({ exp: seconds(NOW) + 3601 }), es256), limited))).toBe("lifetime-exceeded");
    const { iat: _iat, ...withoutIat } = claims();
    expect(await problemOf(() => keys.verify(signJws(withoutIat, es256), limited))).toBe("invalid-claims");
    // Ten years ahead, valid for an hour from then: would otherwise live ten years.
    const later = seconds(NOW) + 10 * 365 * 86_400;
    expect(await problemOf(() => keys.verify(signJws(claims({ iat: later, exp: later + 3600 }), es256), limited))).toBe("invalid-claims");
  });

  it("requires a department for caseworkers and a grant for partners; SYSTEM only from the gateway", async () => {
    expect(await problemOf(() => identityFromClaims({ sub: "u", role: "CASEWORKER" }))).toBe("invalid-claims");
    expect(await problemOf(() => identityFromClaims({ sub: "u", role: "PARTNER" }))).toBe("invalid-claims");
    expect(await problemOf(() => identityFromClaims({ sub: "u", role: "SYSTEM" }))).toBe("invalid-claims");
    expect(identityFromClaims({ sub: "u", role: "CASEWORKER", department: "KFF", unit: "kff-bevilling" })).toEqual({
      userId: "u",
      role: "CASEWORKER",
      department: "KFF",
      unit: "kff-bevilling",
    });
  });

  it("reads a partner grant's changes scope (departments, message types, optional companies) and refuses anything else in it", async () => {
    const grant = (changes: unknown) => ({ sub: "p", role: "PARTNER", grant: { fields: ["Query.changes"], operations: [], changes } });
    expect(identityFromClaims(grant({ departments: ["TMF"], kinds: ["case.decided"] })).grant).toEqual({
      fields: ["Query.changes"],
      operations: [],
      changes: { departments: ["TMF"], kinds: ["case.decided"] },
    });
    expect(identityFromClaims(grant({ departments: [], kinds: ["permit.granted"], cvrs: ["36509120"] })).grant?.changes).toEqual({
      departments: [],
      kinds: ["permit.granted"],
      cvrs: ["36509120"],
    });
    expect(identityFromClaims({ sub: "p", role: "PARTNER", grant: { fields: [], operations: [] } }).grant).toEqual({
      fields: [],
      operations: [],
    });
    for (const changes of [
      null,
      {},
      { departments: ["XYZ"], kinds: [] },
      { departments: [], kinds: ["case.deleted"] },
      { departments: [], kinds: [], cvrs: ["12345678"] },
      { departments: "TMF", kinds: [] },
    ])
      expect(await problemOf(() => identityFromClaims(grant(changes)))).toBe("invalid-claims");
  });
});

describe("gateway tokens", () => {
  const gatewayKeys = new KeySet([publicJwkOf(es256)]);
  const identity = {
    userId: "u",
    role: "CASEWORKER" as const,
    department: "BIF" as const,
    purpose: "p",
    operationId: "o",
    operationName: "Op",
  };
  const QUERY = "query Op__bif__0 { __typename }";
  const MUTATION = "mutation Op__crm__0 { addNote(input: {}) { id } }";
  const mint = (
    overrides: Partial<Parameters<typeof signGatewayToken>[0]> = {},
    options: Parameters<typeof signGatewayToken>[2] = { now: NOW },
  ) => signGatewayToken({ identity, audience: "bif", document: QUERY, operationType: "query", ...overrides }, es256, options);

  it("round-trip identity, purpose, the signed operation id, audience, document and operation type", async () => {
    const grant = await new GatewayTokenVerifier(gatewayKeys, { audience: "bif" }).verify(mint(), NOW);
    expect(grant).toEqual({
      identity,
      audience: "bif",
      documentHash: documentHash(QUERY),
      variablesHash: variablesHash({}),
      operationType: "query",
    });
    expect(() => checkGrantFetch(grant, { query: QUERY })).not.toThrow();
  });

  it("are refused by every other subgraph", async () => {
    const token = mint();
    for (const other of ["crm", "tmf", "kff", "okf"])
      expect(await problemOf(() => new GatewayTokenVerifier(gatewayKeys, { audience: other }).verify(token, NOW))).toBe("wrong-audience");
  });

  it("run only the document they were minted for", async () => {
    const grant = await new GatewayTokenVerifier(gatewayKeys, { audience: "bif" }).verify(mint(), NOW);
    expect(await problemOf(() => checkGrantFetch(grant, { query: `${QUERY} ` }))).toBe("wrong-document");
    expect(await problemOf(() => checkGrantFetch(grant, {}))).toBe("wrong-document");
  });

  it("run only the variables they were minted for, whatever the order of their keys", async () => {
    const variables = { input: { cvr: "36509120", text: "a", tags: ["x", "y"] }, first: 10 };
    const grant = await new GatewayTokenVerifier(gatewayKeys, { audience: "bif" }).verify(mint({ variables }), NOW);
    expect(
      await problemOf(() =>
        checkGrantFetch(grant, { query: QUERY, variables: { first: 10, input: { tags: ["x", "y"], text: "a", cvr: "36509120" } } }),
      ),
    ).toBe("accepted");
    for (const other of [
      { ...variables, input: { ...variables.input, cvr: "10000009" } },
      { ...variables, first: 11 },
      { ...variables, input: { ...variables.input, tags: ["y", "x"] } },
      { ...variables, extra: null },
      {},
      undefined,
    ])
      expect(await problemOf(() => checkGrantFetch(grant, { query: QUERY, variables: other }))).toBe("wrong-variables");
    // 1e400 parses to Infinity, which JSON prints as null: not the null a token was minted for.
    const withNull = await new GatewayTokenVerifier(gatewayKeys, { audience: "bif" }).verify(mint({ variables: { amount: null } }), NOW);
    expect(await problemOf(() => checkGrantFetch(withNull, { query: QUERY, variables: JSON.parse('{"amount":1e400}') }))).toBe(
      "wrong-variables",
    );
    const withoutVariables = await new GatewayTokenVerifier(gatewayKeys, { audience: "bif" }).verify(mint(), NOW);
    expect(await problemOf(() => checkGrantFetch(withoutVariables, { query: QUERY, variables: {} }))).toBe("accepted");
    expect(await problemOf(() => checkGrantFetch(withoutVariables, { query: QUERY, variables: { a: 1 } }))).toBe("wrong-variables");
  });

  it("run a mutation only when minted for one", async () => {
    const verifier = new GatewayTokenVerifier(gatewayKeys, { audience: "crm" });
    const queryGrant = await verifier.verify(mint({ audience: "crm", document: MUTATION }), NOW);
    expect(await problemOf(() => checkGrantOperationType(queryGrant, "mutation"))).toBe("wrong-operation-type");
    expect(await problemOf(() => checkGrantOperationType(queryGrant, "query"))).toBe("accepted");
    const mutationGrant = await verifier.verify(mint({ audience: "crm", document: MUTATION, operationType: "mutation" }), NOW);
    expect(await problemOf(() => checkGrantOperationType(mutationGrant, "mutation"))).toBe("accepted");
  });

  it(`live at most ${MAX_GATEWAY_TOKEN_LIFETIME_SECONDS} s, whatever the gateway asks for`, async () => {
    const verifier = new GatewayTokenVerifier(gatewayKeys, { audience: "bif" });
    const token = mint({}, { now: NOW, lifetimeSeconds: 3600 });
    expect(await problemOf(() => verifier.verify(token, NOW + 20_000))).toBe("accepted");
    // Remembered, yet not past its expiry (plus the 5 s of tolerated clock skew).
    expect(await problemOf(() => verifier.verify(token, NOW + (MAX_GATEWAY_TOKEN_LIFETIME_SECONDS + 6) * 1000))).toBe("expired");
  });

  it("are refused when signed with a longer lifetime, by another issuer, or without document, variables or type", async () => {
    const verifier = new GatewayTokenVerifier(gatewayKeys, { audience: "bif" });
    const base = {
      sub: "u",
      role: "ANALYST",
      iss: "company-graph-gateway",
      aud: "bif",
      iat: seconds(NOW),
      exp: seconds(NOW) + 30,
      doc: documentHash(QUERY),
      vars: variablesHash({}),
      optype: "query",
    };
    expect(await problemOf(() => verifier.verify(signJws(base, es256), NOW))).toBe("accepted");
    expect(await problemOf(() => verifier.verify(signJws({ ...base, exp: seconds(NOW) + 60 }, es256), NOW))).toBe("lifetime-exceeded");
    expect(await problemOf(() => verifier.verify(signJws({ ...base, iss: "someone" }, es256), NOW))).toBe("wrong-issuer");
    expect(await problemOf(() => verifier.verify(signJws({ ...base, doc: undefined }, es256), NOW))).toBe("invalid-claims");
    expect(await problemOf(() => verifier.verify(signJws({ ...base, vars: undefined }, es256), NOW))).toBe("invalid-claims");
    expect(await problemOf(() => verifier.verify(signJws({ ...base, optype: "anything" }, es256), NOW))).toBe("invalid-claims");
    expect(await problemOf(() => verifier.verify(signJws({ ...base, aud: ["bif", "crm"] }, es256), NOW))).toBe("wrong-audience");
  });

  it("are verified once while remembered, in a bounded cache", async () => {
    let signatureChecks = 0;
    const counting = Object.assign(Object.create(gatewayKeys) as KeySet, {
      verify: (...args: Parameters<KeySet["verify"]>) => (signatureChecks++, gatewayKeys.verify(...args)),
    });
    const verifier = new GatewayTokenVerifier(counting, { audience: "bif", maxCached: 2 });
    const [first, second, third] = [QUERY, `${QUERY} `, `${QUERY}  `].map((document) => mint({ document }));
    await verifier.verify(first, NOW);
    await verifier.verify(first, NOW + 1_000);
    expect(signatureChecks).toBe(1);
    // A third token pushes the least recently used one out: it is checked again.
    await verifier.verify(second, NOW);
    await verifier.verify(third, NOW);
    await verifier.verify(first, NOW);
    expect(signatureChecks).toBe(4);
  });

  it("without an expected audience (internal endpoints), name the calling subgraph", async () => {
    const grant = await new GatewayTokenVerifier(gatewayKeys).verify(mint({ audience: "tmf" }), NOW);
    expect(grant.audience).toBe("tmf");
  });
});

describe("access-log batch signatures", () => {
  const SECRET = "a shared secret of at least thirty-two characters";
  const body = JSON.stringify({
    subgraph: "bif",
    reads: [{ subjectCvr: "36509120", subjectCpr: "010190-1234", fields: ["SickPayRefund.healthNote"] }],
  });

  it("hold for the signing subgraph, that token and that exact body only", async () => {
    const headers = signAccessLogBatch(SECRET, "bif", "token-a", body);
    expect(await problemOf(() => verifyAccessLogBatch(SECRET, "bif", "token-a", body, headers))).toBe("accepted");
    expect(await problemOf(() => verifyAccessLogBatch(SECRET, "bif", "token-a", body.replace("1234", "9999"), headers))).toBe(
      "bad-signature",
    );
    expect(await problemOf(() => verifyAccessLogBatch(SECRET, "kff", "token-a", body, headers))).toBe("bad-signature");
    expect(
      await problemOf(() => verifyAccessLogBatch("another secret of at least thirty-two chars", "bif", "token-a", body, headers)),
    ).toBe("bad-signature");
    expect(await problemOf(() => verifyAccessLogBatch(SECRET, "bif", "token-b", body, headers))).toBe("invalid-claims");
    expect(await problemOf(() => verifyAccessLogBatch(SECRET, "bif", "token-a", body, {}))).toBe("invalid-claims");
  });

  it("are refused once older than the tolerance", async () => {
    const headers = signAccessLogBatch(SECRET, "bif", "token-a", body, new Date(Date.now() - 10 * 60_000));
    expect(await problemOf(() => verifyAccessLogBatch(SECRET, "bif", "token-a", body, headers))).toBe("bad-signature");
  });
});
