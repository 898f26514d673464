/** Why a token was refused; the gateway turns it into a message the caller can act on, and counts it by this name. */
export type TokenProblem =
  | "malformed"
  | "unsupported-algorithm"
  | "unknown-key"
  | "bad-signature"
  | "expired"
  | "not-yet-valid"
  | "wrong-issuer"
  | "wrong-audience"
  | "invalid-claims"
  /** exp − iat longer than the verifier accepts (e.g. exp = 1e300). */
  | "lifetime-exceeded"
  /** A gateway token presented with a document other than the one it was minted for. */
  | "wrong-document"
  /** A gateway token presented with variables other than the ones it was minted for (a replay with other values). */
  | "wrong-variables"
  /** A gateway token minted for a query presented with a mutation. */
  | "wrong-operation-type";

export class TokenError extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
    this.name = "TokenError";
  }
}
