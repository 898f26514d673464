import { createPublicKey, type KeyObject } from "node:crypto";
import { errors, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import { algorithmOf, SIGNATURE_ALGORITHMS, type PublicJwk, type SignatureAlgorithm } from "./keys";
import { TokenError } from "./token-error";

/** A token's verified payload; what its claims mean is the caller's business. */
export type Claims = Record<string, unknown>;

export interface ClaimExpectations {
  issuer: string;
  /** The audience the token must name, or one of several; omitted, the caller checks `aud` itself. */
  audience?: string | string[];
  /** Tolerated clock difference between issuer and verifier; 30 s unless given. */
  clockSkewSeconds?: number;
  /** Milliseconds since the epoch; the clock unless given. */
  now?: number;
  /**
   * The longest lifetime (exp − iat) accepted. With it, `iat` is required and may not lie in
   * the future: a token cannot be made to live longer than this by naming a later issue time.
   */
  maxLifetimeSeconds?: number;
}

/** Public keys by key id, from a JWKS document (`{ keys: [...] }`), a list of JWKs or a PEM. */
export class KeySet {
  private readonly keys = new Map<string, { alg: SignatureAlgorithm; key: KeyObject }>();

  constructor(keys: PublicJwk[] | { keys: PublicJwk[] }) {
    for (const jwk of Array.isArray(keys) ? keys : keys.keys) {
      const key = createPublicKey({ key: jwk, format: "jwk" });
      this.keys.set(jwk.kid ?? "default", { alg: algorithmOf(key), key });
    }
    if (!this.keys.size) throw new Error("the key set holds no keys");
  }

  static fromPem(pem: string, kid = "default"): KeySet {
    return new KeySet([{ ...createPublicKey(pem).export({ format: "jwk" }), kid }]);
  }

  /**
   * Verifies signature and registered claims (iss, aud, exp required, nbf, and with
   * maxLifetimeSeconds iat) with jose; every refusal is a TokenError.
   */
  async verify(token: string, expected: ClaimExpectations): Promise<Claims> {
    const now = expected.now ?? Date.now();
    const skew = expected.clockSkewSeconds ?? 30;
    const limitsLifetime = expected.maxLifetimeSeconds !== undefined;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, (header) => this.keyFor(header), {
        algorithms: [...SIGNATURE_ALGORITHMS],
        issuer: expected.issuer,
        ...(expected.audience !== undefined ? { audience: expected.audience } : {}),
        clockTolerance: skew,
        currentDate: new Date(now),
        requiredClaims: limitsLifetime ? ["exp", "iat"] : ["exp"],
      }));
    } catch (error) {
      throw asTokenError(error, expected);
    }
    if (limitsLifetime) checkLifetime(payload, expected.maxLifetimeSeconds!, now, skew);
    return payload as Claims;
  }

  private keyFor(header: ProtectedHeaderParameters): KeyObject {
    const entry = header.kid !== undefined ? this.keys.get(header.kid) : this.keys.size === 1 ? [...this.keys.values()][0] : undefined;
    if (!entry)
      throw new TokenError("unknown-key", `the token is signed with a key this service does not trust (kid ${JSON.stringify(header.kid)})`);
    if (entry.alg !== header.alg) throw new TokenError("bad-signature", "the token's algorithm does not match its key");
    return entry.key;
  }
}

/** exp − iat within the limit, and iat not in the future (jose has checked both are numbers). */
function checkLifetime(payload: JWTPayload, maxLifetimeSeconds: number, now: number, skew: number): void {
  const issuedAt = payload.iat as number;
  const expiresAt = payload.exp as number;
  if (issuedAt - skew > now / 1000) throw new TokenError("invalid-claims", "the token's issue time (iat) lies in the future");
  if (expiresAt - issuedAt > maxLifetimeSeconds)
    throw new TokenError(
      "lifetime-exceeded",
      `the token is valid for longer than the ${maxLifetimeSeconds} s this graph accepts (exp − iat); request a shorter-lived token`,
    );
}

/** jose's refusals in this graph's words and problem names. */
function asTokenError(error: unknown, expected: ClaimExpectations): TokenError {
  if (error instanceof TokenError) return error;
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return new TokenError("unsupported-algorithm", "the token's signature algorithm is not accepted (ES256 or EdDSA only)");
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenError("bad-signature", "the token's signature is not valid");
  if (error instanceof errors.JWTExpired) {
    const exp = (error.payload as JWTPayload).exp;
    return new TokenError(
      "expired",
      `the token expired${typeof exp === "number" && Number.isFinite(exp) ? ` at ${new Date(exp * 1000).toISOString()}` : ""}`,
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const payload = error.payload as JWTPayload;
    if (error.claim === "iss")
      return new TokenError("wrong-issuer", `the token was issued by ${JSON.stringify(payload.iss ?? null)}, not by the trusted issuer`);
    if (error.claim === "aud")
      return new TokenError(
        "wrong-audience",
        `the token is meant for ${JSON.stringify(payload.aud ?? null)}, not for ${JSON.stringify(expected.audience)}`,
      );
    if (error.claim === "nbf") return new TokenError("not-yet-valid", "the token is not valid yet (nbf)");
    return new TokenError("invalid-claims", `the token's ${error.claim} claim is ${error.reason === "missing" ? "missing" : "invalid"}`);
  }
  return new TokenError("malformed", "the token is not a well-formed compact JWS (header.payload.signature)");
}
