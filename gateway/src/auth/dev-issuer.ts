import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import {
  exportPrivateJwk,
  generateSigningKey,
  importSigningKey,
  KeySet,
  publicJwkOf,
  signJws,
  type Identity,
  type SigningKey,
} from "@company-graph/kit/auth";
import { identityClaims } from "@company-graph/kit/auth";
import type { UserTokenTrust } from "./user-auth";

export const DEV_ISSUER = "company-graph-dev-issuer";
export const DEV_AUDIENCE = "company-graph";
export const DEFAULT_DEV_ISSUER_DIR = join(__dirname, "..", "..", ".data", "dev-issuer");

export interface DevIssuer {
  key: SigningKey;
  trust: UserTokenTrust;
}

/** An issuer from a signing key: what the gateway trusts and what mints tokens. */
export function issuerFromKey(key: SigningKey, issuer = DEV_ISSUER, audience = DEV_AUDIENCE): DevIssuer {
  return { key, trust: { keys: new KeySet([publicJwkOf(key)]), issuer, audience } };
}

/**
 * The development issuer: a key pair kept in gateway/.data/dev-issuer (gitignored), created on
 * first use by the gateway or by `npm run token`. Production configures AUTH_JWKS_PATH instead.
 */
export function ensureDevIssuer(dir = DEFAULT_DEV_ISSUER_DIR): DevIssuer {
  const file = join(dir, "signing-key.json");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(exportPrivateJwk(generateSigningKey(`dev-${Date.now().toString(36)}`))), { mode: 0o600 });
  }
  return issuerFromKey(importSigningKey(JSON.parse(readFileSync(file, "utf8")) as Parameters<typeof importSigningKey>[0]));
}

/** A user token from an issuer key (development issuer, tests). */
export function mintUserToken(
  identity: Identity,
  issuer: DevIssuer,
  options: { ttlSeconds?: number; now?: number; audience?: string } = {},
): string {
  const issuedAt = Math.floor((options.now ?? Date.now()) / 1000);
  return signJws(
    {
      ...identityClaims(identity),
      iss: issuer.trust.issuer,
      aud: options.audience ?? issuer.trust.audience,
      iat: issuedAt,
      exp: issuedAt + (options.ttlSeconds ?? 8 * 3600),
    },
    issuer.key,
  );
}
