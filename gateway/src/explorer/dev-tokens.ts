import type { Identity } from "@company-graph/kit/auth";

/** A demo user the explorer's token picker offers. */
export interface DemoUser {
  /** What the picker shows, e.g. "Key account manager (Mette Hansen)". */
  label: string;
  identity: Identity;
}

/**
 * Mints development tokens for the explorer. The gateway's entry point builds it from the
 * development issuer (src/auth/dev-issuer.ts) outside production only; without it the
 * explorer has no token picker and tokens go in the headers editor.
 */
export interface DevTokens {
  users: readonly DemoUser[];
  mint: (identity: Identity) => string;
}
