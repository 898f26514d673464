import { GraphQLError } from "graphql";
import { checkRegisteredClaims, ErrorCode, identityFromClaims, TokenError, type Identity, type KeySet } from "@company-graph/kit";

/** Who issues user tokens and for which audience; keys from a JWKS file or the development issuer. */
export interface UserTokenTrust {
  keys: KeySet;
  issuer: string;
  audience: string;
}

const HINTS: Partial<Record<TokenError["problem"], string>> = {
  expired: "get a new token",
  "wrong-audience": "request a token for this graph",
  "bad-signature": "the token was altered or signed by another key",
  "unknown-key": "the token was signed by an issuer this graph does not trust",
};

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Unauthenticated, http: { status: 401, headers: new Map([["www-authenticate", 'Bearer realm="company-graph"']]) } } });
}

type Claims = ReturnType<KeySet["verify"]>;

/**
 * Tokens whose signature a key set has verified. A client sends the same token with every
 * request for hours; checking its signature once saves an ECDSA verification per request. The
 * claims (expiry, audience, issuer) are still checked on every request. Bounded; a new key set
 * (e.g. after rotation) starts empty.
 */
const verifiedSignatures = new WeakMap<KeySet, Map<string, Claims>>();
const MAX_REMEMBERED_TOKENS = 10_000;

function verifiedClaims(token: string, keys: KeySet): Claims {
  let remembered = verifiedSignatures.get(keys);
  if (!remembered) verifiedSignatures.set(keys, (remembered = new Map()));
  const known = remembered.get(token);
  if (known) return known;
  const claims = keys.verify(token);
  if (remembered.size >= MAX_REMEMBERED_TOKENS) remembered.clear();
  remembered.set(token, claims);
  return claims;
}

/**
 * Verifies the `Authorization: Bearer <JWT>` of a client request. Every refusal is
 * UNAUTHENTICATED with a message that says what is wrong (missing, expired, wrong audience,
 * bad signature…), never why in cryptographic detail.
 */
export function authenticateUser(authorization: string | undefined, trust: UserTokenTrust, now = Date.now()): Identity {
  if (!authorization) throw unauthenticated("Authentication required: send Authorization: Bearer <token> (in development `npm run token` mints one)");
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw unauthenticated("The Authorization header must be 'Bearer <token>'");
  try {
    const payload = verifiedClaims(match[1], trust.keys);
    checkRegisteredClaims(payload, { issuer: trust.issuer, audience: trust.audience, now: () => now });
    return identityFromClaims(payload);
  } catch (error) {
    if (!(error instanceof TokenError)) throw unauthenticated("The token could not be verified");
    const hint = HINTS[error.problem];
    throw unauthenticated(`Invalid token: ${error.message}${hint ? `; ${hint}` : ""}`);
  }
}
