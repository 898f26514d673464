import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey, type KeyObject } from "node:crypto";

/**
 * Compact JWS (RFC 7515) with asymmetric signatures only, on node:crypto. The `jose` library is
 * not installed in this repository; ES256 and EdDSA (Ed25519) are all the graph needs, and
 * refusing every other `alg` (above all `none` and HMAC) closes the classic JWT pitfalls.
 */
export type SignatureAlgorithm = "ES256" | "EdDSA";
const ALGORITHMS: readonly string[] = ["ES256", "EdDSA"];

export interface JwsHeader {
  alg: SignatureAlgorithm;
  kid?: string;
  typ?: string;
}

/** A public key as a JWKS lists it. */
export interface PublicJwk extends JsonWebKey {
  kid?: string;
  alg?: string;
}

export interface SigningKey {
  kid: string;
  alg: SignatureAlgorithm;
  privateKey: KeyObject;
}

/** Why a token was refused; the gateway turns it into a message the caller can act on. */
export type TokenProblem = "malformed" | "unsupported-algorithm" | "unknown-key" | "bad-signature" | "expired" | "not-yet-valid" | "wrong-issuer" | "wrong-audience" | "invalid-claims";

export class TokenError extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
    this.name = "TokenError";
  }
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

function algorithmOf(key: KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === "ed25519") return "EdDSA";
  if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") return "ES256";
  throw new Error(`unsupported signing key type ${key.asymmetricKeyType}; use an Ed25519 or P-256 key`);
}

/** A fresh key pair; `alg` defaults to ES256. */
export function generateSigningKey(kid: string, alg: SignatureAlgorithm = "ES256"): SigningKey {
  const { privateKey } = alg === "EdDSA" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { kid, alg, privateKey };
}

/** A signing key from a private JWK or a PKCS#8 PEM. */
export function importSigningKey(source: string | JsonWebKey, kid?: string): SigningKey {
  const privateKey = typeof source === "string" ? createPrivateKey(source) : createPrivateKey({ key: source, format: "jwk" });
  const jwkKid = typeof source === "object" && typeof (source as PublicJwk).kid === "string" ? (source as PublicJwk).kid : undefined;
  return { kid: kid ?? jwkKid ?? "default", alg: algorithmOf(privateKey), privateKey };
}

export function exportPrivateJwk(key: SigningKey): JsonWebKey {
  return { ...key.privateKey.export({ format: "jwk" }), kid: key.kid, alg: key.alg } as JsonWebKey;
}

export function publicJwkOf(key: SigningKey): PublicJwk {
  return { ...createPublicKey(key.privateKey).export({ format: "jwk" }), kid: key.kid, alg: key.alg, use: "sig" } as PublicJwk;
}

export function signJws(payload: object, key: SigningKey, typ = "JWT"): string {
  const header: JwsHeader = { alg: key.alg, kid: key.kid, typ };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign(key.alg === "ES256" ? "sha256" : null, Buffer.from(input), key.alg === "ES256" ? { key: key.privateKey, dsaEncoding: "ieee-p1363" } : key.privateKey);
  return `${input}.${signature.toString("base64url")}`;
}

/** Public keys by key id, from a JWKS document (`{ keys: [...] }`), a single JWK or a PEM. */
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

  /** Verifies the signature and returns the payload; claims are the caller's business. */
  verify(token: string): Record<string, unknown> {
    const parts = token.split(".");
    if (parts.length !== 3) throw new TokenError("malformed", "the token is not a compact JWS (header.payload.signature)");
    const [encodedHeader, encodedPayload, encodedSignature] = parts;
    let header: JwsHeader;
    let payload: unknown;
    try {
      header = JSON.parse(Buffer.from(encodedHeader, "base64url").toString("utf8"));
      payload = JSON.parse(Buffer.from(encodedPayload, "base64url").toString("utf8"));
    } catch {
      throw new TokenError("malformed", "the token's header or payload is not base64url-encoded JSON");
    }
    if (!ALGORITHMS.includes(header?.alg)) throw new TokenError("unsupported-algorithm", `signature algorithm ${JSON.stringify(header?.alg)} is not accepted (ES256 or EdDSA only)`);
    const entry = header.kid !== undefined ? this.keys.get(header.kid) : this.keys.size === 1 ? [...this.keys.values()][0] : undefined;
    if (!entry) throw new TokenError("unknown-key", `the token is signed with a key this service does not trust (kid ${JSON.stringify(header.kid)})`);
    if (entry.alg !== header.alg) throw new TokenError("bad-signature", "the token's algorithm does not match its key");
    const signature = Buffer.from(encodedSignature, "base64url");
    const data = Buffer.from(`${encodedHeader}.${encodedPayload}`);
    const valid = entry.alg === "ES256" ? verify("sha256", data, { key: entry.key, dsaEncoding: "ieee-p1363" }, signature) : verify(null, data, entry.key, signature);
    if (!valid) throw new TokenError("bad-signature", "the token's signature is not valid");
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw new TokenError("malformed", "the token's payload is not a JSON object");
    return payload as Record<string, unknown>;
  }
}

export interface ClaimExpectations {
  issuer: string;
  audience: string;
  /** Tolerated clock difference between issuer and verifier. */
  clockSkewSeconds?: number;
  now?: () => number;
}

/** Checks the registered claims every token must carry: iss, aud, exp (required), nbf. */
export function checkRegisteredClaims(payload: Record<string, unknown>, expected: ClaimExpectations): void {
  const nowSeconds = Math.floor((expected.now?.() ?? Date.now()) / 1000);
  const skew = expected.clockSkewSeconds ?? 30;
  if (payload.iss !== expected.issuer) throw new TokenError("wrong-issuer", `the token was issued by ${JSON.stringify(payload.iss)}, not by the trusted issuer`);
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(expected.audience)) throw new TokenError("wrong-audience", `the token is meant for ${JSON.stringify(payload.aud)}, not for ${JSON.stringify(expected.audience)}`);
  if (typeof payload.exp !== "number") throw new TokenError("invalid-claims", "the token has no expiry (exp)");
  if (payload.exp + skew <= nowSeconds) throw new TokenError("expired", `the token expired at ${new Date(payload.exp * 1000).toISOString()}`);
  if (typeof payload.nbf === "number" && payload.nbf - skew > nowSeconds) throw new TokenError("not-yet-valid", "the token is not valid yet (nbf)");
}
