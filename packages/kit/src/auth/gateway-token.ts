import { checkRegisteredClaims, KeySet, signJws, type SigningKey } from "./jws";
import { identityClaims, identityFromClaims, type RequestIdentity } from "./identity";

/** Header that carries the gateway's signed statement of who is asking, on every subgraph fetch. */
export const GATEWAY_TOKEN_HEADER = "x-gateway-token";
export const GATEWAY_TOKEN_ISSUER = "company-graph-gateway";
export const GATEWAY_TOKEN_AUDIENCE = "company-graph-subgraphs";
/** Key id of the gateway's signing key when it is configured as a bare PEM. */
export const GATEWAY_KEY_ID = "gateway";
/** Long enough for the slowest operation, short enough that a leaked token is soon useless. */
const LIFETIME_SECONDS = 60;

/** Signs the identity the gateway verified, plus purpose and operation, for the subgraphs. */
export function signGatewayToken(identity: RequestIdentity, key: SigningKey, now = Date.now()): string {
  const issuedAt = Math.floor(now / 1000);
  return signJws(
    {
      ...identityClaims(identity),
      ...(identity.purpose ? { purpose: identity.purpose } : {}),
      ...(identity.operationId ? { opid: identity.operationId } : {}),
      ...(identity.operationName ? { opname: identity.operationName } : {}),
      iss: GATEWAY_TOKEN_ISSUER,
      aud: GATEWAY_TOKEN_AUDIENCE,
      iat: issuedAt,
      exp: issuedAt + LIFETIME_SECONDS,
    },
    key,
  );
}

/**
 * Verifies gateway tokens in a subgraph. One operation reaches a subgraph several times with the
 * same token, so verified tokens are remembered until they expire (bounded).
 */
export class GatewayTokenVerifier {
  private readonly verified = new Map<string, { identity: RequestIdentity; exp: number }>();

  constructor(
    private readonly keys: KeySet,
    private readonly maxCached = 5_000,
  ) {}

  verify(token: string, now = Date.now()): RequestIdentity {
    const cached = this.verified.get(token);
    if (cached && cached.exp * 1000 > now) return cached.identity;
    const payload = this.keys.verify(token);
    checkRegisteredClaims(payload, { issuer: GATEWAY_TOKEN_ISSUER, audience: GATEWAY_TOKEN_AUDIENCE, clockSkewSeconds: 5, now: () => now });
    const identity: RequestIdentity = {
      ...identityFromClaims(payload, { allowSystem: true }),
      ...(typeof payload.purpose === "string" ? { purpose: payload.purpose } : {}),
      ...(typeof payload.opid === "string" ? { operationId: payload.opid } : {}),
      ...(typeof payload.opname === "string" ? { operationName: payload.opname } : {}),
    };
    if (this.verified.size >= this.maxCached) this.verified.clear();
    this.verified.set(token, { identity, exp: payload.exp as number });
    return identity;
  }
}
