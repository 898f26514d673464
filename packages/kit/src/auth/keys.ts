import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from "node:crypto";

/**
 * Asymmetric signatures only: ES256 and EdDSA (Ed25519) are all the graph needs, and accepting
 * nothing else (above all `none` and HMAC) closes the classic JWT pitfalls. Keys are node:crypto
 * KeyObjects, which jose signs and verifies with directly and which load synchronously from a
 * PEM or JWK at start-up.
 */
export type SignatureAlgorithm = "ES256" | "EdDSA";
export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ["ES256", "EdDSA"];

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

export function algorithmOf(key: KeyObject): SignatureAlgorithm {
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
