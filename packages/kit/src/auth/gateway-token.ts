import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { configure } from "safe-stable-stringify";
import { KeySet } from "./jwt";
import { signJws } from "./dev-signing";
import type { SigningKey } from "./keys";
import { identityClaims, identityFromClaims, type RequestIdentity } from "./identity";
import { TokenError } from "./token-error";

/** Header that carries the gateway's signed statement of who is asking, on every subgraph fetch. */
export const GATEWAY_TOKEN_HEADER = "x-gateway-token";
export const GATEWAY_TOKEN_ISSUER = "company-graph-gateway";
/** Key id of the gateway's signing key when it is configured as a bare PEM. */
export const GATEWAY_KEY_ID = "gateway";
/**
 * The longest a gateway token may live, enforced by every subgraph: long enough for one fetch
 * (the gateway mints a token per fetch, just before sending it), short enough that one seen on
 * the internal network is soon useless. The gateway's setting may only shorten it.
 */
export const MAX_GATEWAY_TOKEN_LIFETIME_SECONDS = 30;
/** Tolerated clock difference between the gateway and a subgraph. */
const CLOCK_SKEW_SECONDS = 5;

export type OperationType = "query" | "mutation" | "subscription";
const OPERATION_TYPES: readonly string[] = ["query", "mutation", "subscription"];

/** What one subgraph fetch is: for whom, to which subgraph, which document, in which client operation. */
export interface GatewayTokenRequest {
  /** The verified caller, with purpose and the client operation's id and name. */
  identity: RequestIdentity;
  /** The subgraph the fetch goes to (its name in the supergraph, e.g. "bif"); no other subgraph accepts the token. */
  audience: string;
  /** The fetch's document (the query text sent); the token is good for no other. */
  document: string;
  /** The fetch's variables (an entity fetch's representations included); the token is good for no other values. Omitted: none. */
  variables?: Record<string, unknown> | null;
  /**
   * variablesHash(variables), when the caller has computed it already: canonicalising an entity
   * fetch's representations (a page of companies with their case indexes) is most of a token's cost.
   */
  variablesHash?: string;
  /** The client operation's type: only a token minted for a mutation lets a subgraph execute one. */
  operationType: OperationType;
}

/** A verified gateway token: what the subgraph may do for whom. */
export interface GatewayGrant {
  /** Who asks; `operationId` is the signed one, the key of per-operation caches. */
  identity: RequestIdentity;
  /** The subgraph the token was minted for; on an internal endpoint, the calling subgraph. */
  audience: string;
  /** sha256 (base64url) of the document the token was minted for. */
  documentHash: string;
  /** sha256 (base64url) of the canonical JSON of the variables the token was minted for. */
  variablesHash: string;
  operationType: OperationType;
}

/** The hash a gateway token binds its document by: sha256 of the exact query text, base64url. */
export function documentHash(document: string): string {
  return createHash("sha256").update(document).digest("base64url");
}

/** Strict: a number JSON cannot carry (1e400 parses to Infinity) throws, rather than hashing as the null it would print. */
const canonicalJson = configure({ strict: true });

/**
 * The hash a gateway token binds its variables by: sha256 of their canonical JSON (keys sorted at
 * every depth, by safe-stable-stringify), so the same values hash alike whatever order the keys
 * were sent in. No variables and `{}` are the same fetch.
 */
export function variablesHash(variables: unknown): string {
  return createHash("sha256")
    .update(canonicalJson(variables ?? {}) ?? "{}")
    .digest("base64url");
}

/** Signs the identity the gateway verified, bound to one subgraph, one document and one operation. */
export function signGatewayToken(
  request: GatewayTokenRequest,
  key: SigningKey,
  options: { lifetimeSeconds?: number; now?: number } = {},
): string {
  const lifetime = Math.min(options.lifetimeSeconds ?? MAX_GATEWAY_TOKEN_LIFETIME_SECONDS, MAX_GATEWAY_TOKEN_LIFETIME_SECONDS);
  const issuedAt = Math.floor((options.now ?? Date.now()) / 1000);
  const { identity } = request;
  return signJws(
    {
      ...identityClaims(identity),
      ...(identity.purpose ? { purpose: identity.purpose } : {}),
      ...(identity.operationId ? { opid: identity.operationId } : {}),
      ...(identity.operationName ? { opname: identity.operationName } : {}),
      optype: request.operationType,
      doc: documentHash(request.document),
      vars: request.variablesHash ?? variablesHash(request.variables),
      iss: GATEWAY_TOKEN_ISSUER,
      aud: request.audience,
      iat: issuedAt,
      exp: issuedAt + lifetime,
    },
    key,
  );
}

/** Refuses a grant presented with a document, or variables, other than the ones it was minted for. */
export function checkGrantFetch(grant: GatewayGrant, fetch: { query?: unknown; variables?: unknown }): void {
  if (typeof fetch.query !== "string" || documentHash(fetch.query) !== grant.documentHash)
    throw new TokenError("wrong-document", "the gateway token was minted for another document than the one it accompanies");
  let hash: string | undefined;
  try {
    hash = variablesHash(fetch.variables);
  } catch {
    // Not plain JSON (Infinity): no token was minted for it.
  }
  if (hash !== grant.variablesHash)
    throw new TokenError("wrong-variables", "the gateway token was minted for other variables than the ones it accompanies");
}

/** Refuses to execute a mutation (or subscription) under a token minted for a query. */
export function checkGrantOperationType(grant: GatewayGrant, operationType: OperationType): void {
  if (operationType !== "query" && operationType !== grant.operationType)
    throw new TokenError("wrong-operation-type", `the gateway token was minted for a ${grant.operationType}, not for a ${operationType}`);
}

export interface GatewayTokenVerifierOptions {
  /** The subgraph's own name: tokens for another subgraph are refused. Omitted, any subgraph's token (internal endpoints, which learn the caller from it). */
  audience?: string;
  maxCached?: number;
}

/**
 * Verifies gateway tokens in a subgraph (jose, via KeySet): the gateway's issuer, the expected
 * audience, exp and iat required, at most MAX_GATEWAY_TOKEN_LIFETIME_SECONDS. A token already
 * verified (a fetch retried, or an operation's fetches sent with one token) needs no second
 * signature check: verified tokens are remembered, least recently used first out, each only
 * until it expires. The key is the whole token (header, claims and signature), so a remembered
 * grant is exactly what was signed, and the audience is the verifier's own, so it holds for it.
 */
export class GatewayTokenVerifier {
  private readonly verified: LRUCache<string, { grant: GatewayGrant; exp: number }>;

  constructor(
    private readonly keys: KeySet,
    private readonly options: GatewayTokenVerifierOptions = {},
  ) {
    this.verified = new LRUCache({ max: options.maxCached ?? 5_000 });
  }

  async verify(token: string, now = Date.now()): Promise<GatewayGrant> {
    const cached = this.verified.get(token);
    if (cached) {
      if ((cached.exp + CLOCK_SKEW_SECONDS) * 1000 > now) return cached.grant;
      this.verified.delete(token);
    }
    const payload = await this.keys.verify(token, {
      issuer: GATEWAY_TOKEN_ISSUER,
      ...(this.options.audience !== undefined ? { audience: this.options.audience } : {}),
      clockSkewSeconds: CLOCK_SKEW_SECONDS,
      maxLifetimeSeconds: MAX_GATEWAY_TOKEN_LIFETIME_SECONDS,
      now,
    });
    const grant = grantFromClaims(payload);
    this.verified.set(token, { grant, exp: payload.exp as number });
    return grant;
  }
}

function grantFromClaims(payload: Record<string, unknown>): GatewayGrant {
  const { aud, doc, vars, optype } = payload;
  if (typeof aud !== "string" || !aud) throw new TokenError("wrong-audience", "the gateway token names no single subgraph (aud)");
  if (typeof doc !== "string" || !doc) throw new TokenError("invalid-claims", "the gateway token is bound to no document (doc)");
  if (typeof vars !== "string" || !vars) throw new TokenError("invalid-claims", "the gateway token is bound to no variables (vars)");
  if (typeof optype !== "string" || !OPERATION_TYPES.includes(optype))
    throw new TokenError("invalid-claims", "the gateway token names no operation type (optype)");
  return {
    identity: {
      ...identityFromClaims(payload, { allowSystem: true }),
      ...(typeof payload.purpose === "string" ? { purpose: payload.purpose } : {}),
      ...(typeof payload.opid === "string" ? { operationId: payload.opid } : {}),
      ...(typeof payload.opname === "string" ? { operationName: payload.opname } : {}),
    },
    audience: aud,
    documentHash: doc,
    variablesHash: vars,
    operationType: optype as OperationType,
  };
}
