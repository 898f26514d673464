import {
  GATEWAY_TOKEN_HEADER,
  MAX_GATEWAY_TOKEN_LIFETIME_SECONDS,
  signGatewayToken,
  variablesHash,
  type OperationType,
  type RequestIdentity,
  type SigningKey,
} from "@company-graph/kit/auth";

/** What the gateway needs to mint subgraph tokens: its key and how long a token lives (≤ 30 s). */
export interface SubgraphTokenSettings {
  signingKey: SigningKey;
  /** Seconds; capped at MAX_GATEWAY_TOKEN_LIFETIME_SECONDS, which every subgraph enforces. */
  lifetimeSeconds?: number;
}

/**
 * The tokens of one client operation: one per subgraph fetch, bound to that subgraph (audience),
 * that fetch's document and variables (their hashes) and the operation (signed id, name and type),
 * minted just before the fetch is sent. A plan that sends one document with the same variables to
 * one subgraph twice reuses the token while it has more than half its life left.
 */
export class SubgraphTokens {
  private readonly minted = new Map<string, { token: string; renewAt: number }>();
  private readonly lifetimeSeconds: number;

  constructor(
    private readonly identity: RequestIdentity,
    private readonly operationType: OperationType,
    private readonly settings: SubgraphTokenSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.lifetimeSeconds = Math.min(settings.lifetimeSeconds ?? MAX_GATEWAY_TOKEN_LIFETIME_SECONDS, MAX_GATEWAY_TOKEN_LIFETIME_SECONDS);
  }

  tokenFor(subgraph: string, document: string, variables?: Record<string, unknown> | null): string {
    // By the document itself: the token hashes it once, so this key need not (it lives one operation).
    const hashed = variablesHash(variables);
    const key = `${subgraph}\n${hashed}\n${document}`;
    const now = this.now();
    const known = this.minted.get(key);
    if (known && known.renewAt > now) return known.token;
    // The variables' hash once: it keys the reuse above and is the token's claim.
    const token = signGatewayToken(
      { identity: this.identity, audience: subgraph, document, variablesHash: hashed, operationType: this.operationType },
      this.settings.signingKey,
      { lifetimeSeconds: this.lifetimeSeconds, now },
    );
    this.minted.set(key, { token, renewAt: now + (this.lifetimeSeconds * 1000) / 2 });
    return token;
  }
}

/** The gateway's own readiness probes: the SYSTEM identity, one token per subgraph and probe document. */
export function readinessHeaders(settings: SubgraphTokenSettings) {
  const tokens = () => new SubgraphTokens({ userId: "gateway-readiness", role: "SYSTEM" }, "query", settings);
  return async (subgraph: string, document: string): Promise<Record<string, string>> => ({
    [GATEWAY_TOKEN_HEADER]: tokens().tokenFor(subgraph, document),
  });
}
