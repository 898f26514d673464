import { GraphQLError } from "graphql";
import { ErrorCode } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { identityFromClaims, TokenError, type Identity, type KeySet, type TokenProblem } from "@company-graph/kit/auth";

/** Who issues user tokens and for which audience; keys from a JWKS file or the development issuer. */
export interface UserTokenTrust {
  keys: KeySet;
  issuer: string;
  audience: string;
  /** The longest lifetime (exp − iat) a user token may have; DEFAULT_MAX_USER_TOKEN_LIFETIME_SECONDS unless given. */
  maxLifetimeSeconds?: number;
}

/** A working day and a half: longer-lived user tokens are refused (AUTH_MAX_TOKEN_LIFETIME_S). */
export const DEFAULT_MAX_USER_TOKEN_LIFETIME_SECONDS = 12 * 3600;
/** Tolerated clock difference between the issuer and the gateway. */
const CLOCK_SKEW_SECONDS = 30;

/** Why a login was refused, as counted in /metrics: a token problem or a missing or malformed header. */
export type AuthenticationFailureReason = TokenProblem | "missing" | "malformed-header";

/** A refused login: UNAUTHENTICATED for the caller, with the reason for the gateway's count and log. */
export class AuthenticationRefused extends GraphQLError {
  constructor(
    message: string,
    readonly reason: AuthenticationFailureReason,
  ) {
    super(message, {
      extensions: {
        code: ErrorCode.Unauthenticated,
        http: { status: 401, headers: new Map([["www-authenticate", 'Bearer realm="company-graph"']]) },
      },
    });
  }
}

const HINTS: Partial<Record<TokenProblem, string>> = {
  expired: "get a new token",
  "wrong-audience": "request a token for this graph",
  "bad-signature": "the token was altered or signed by another key",
  "unknown-key": "the token was signed by an issuer this graph does not trust",
};

/**
 * Tokens whose signature and claims jose has verified, by trust. A client sends the same token
 * with every request for hours; verifying it once saves an ECDSA verification per request. The
 * expiry is still checked on every request. Bounded; a new trust (e.g. a rotated key set)
 * starts empty.
 */
const verifiedTokens = new WeakMap<UserTokenTrust, Map<string, { identity: Identity; exp: number }>>();
const MAX_REMEMBERED_TOKENS = 10_000;

async function verifiedIdentity(token: string, trust: UserTokenTrust, now: number): Promise<Identity> {
  let remembered = verifiedTokens.get(trust);
  if (!remembered) verifiedTokens.set(trust, (remembered = new Map<string, { identity: Identity; exp: number }>()));
  const known = remembered.get(token);
  if (known) {
    if ((known.exp + CLOCK_SKEW_SECONDS) * 1000 > now) return known.identity;
    remembered.delete(token);
    throw new TokenError("expired", `the token expired at ${new Date(known.exp * 1000).toISOString()}`);
  }
  const claims = await trust.keys.verify(token, {
    issuer: trust.issuer,
    audience: trust.audience,
    clockSkewSeconds: CLOCK_SKEW_SECONDS,
    maxLifetimeSeconds: trust.maxLifetimeSeconds ?? DEFAULT_MAX_USER_TOKEN_LIFETIME_SECONDS,
    now,
  });
  const identity = identityFromClaims(claims);
  if (remembered.size >= MAX_REMEMBERED_TOKENS) remembered.clear();
  remembered.set(token, { identity, exp: claims.exp as number });
  return identity;
}

/**
 * Verifies the `Authorization: Bearer <JWT>` of a client request: signature (ES256/EdDSA),
 * issuer, audience, `exp` and `iat` required, lifetime at most the configured maximum. Every
 * refusal is UNAUTHENTICATED with a message that says what is wrong (missing, expired, wrong
 * audience, bad signature, too long-lived…), never why in cryptographic detail.
 */
export async function authenticateUser(authorization: string | undefined, trust: UserTokenTrust, now = Date.now()): Promise<Identity> {
  if (!authorization) throw new AuthenticationRefused(refusal.unauthenticated.missingToken, "missing");
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw new AuthenticationRefused(refusal.unauthenticated.malformedHeader, "malformed-header");
  try {
    return await verifiedIdentity(match[1], trust, now);
  } catch (error) {
    if (!(error instanceof TokenError)) throw new AuthenticationRefused(refusal.unauthenticated.unverifiable, "malformed");
    const hint = HINTS[error.problem];
    throw new AuthenticationRefused(refusal.unauthenticated.invalidToken(error.message, hint), error.problem);
  }
}
