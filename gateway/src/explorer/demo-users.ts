import type { Identity } from "@company-graph/kit";
import { mintUserToken, type DevIssuer } from "../auth/dev-issuer";
import type { DemoUser, DevTokens } from "./dev-tokens";

const DEPARTMENTS = ["BIF", "TMF", "KFF", "OKF"] as const;

/**
 * One demo user per role (a caseworker per department). The gateway does not know the CRM's
 * employees, so the ids are placeholders; `npm run token -- --list` mints tokens for real
 * employees of the demo world when an id must match one.
 */
export function roleDemoUsers(): DemoUser[] {
  const user = (label: string, identity: Identity): DemoUser => ({ label, identity });
  return [
    user("Key account manager", { userId: "key-account-manager-demo", role: "KEY_ACCOUNT_MANAGER" }),
    user("Front office", { userId: "front-office-demo", role: "FRONT_OFFICE" }),
    ...DEPARTMENTS.map((department) => user(`Caseworker, ${department}`, { userId: `caseworker-${department.toLowerCase()}-demo`, role: "CASEWORKER", department })),
    user("Analyst", { userId: "analyst-demo", role: "ANALYST" }),
    user("Auditor", { userId: "auditor-demo", role: "AUDITOR" }),
  ];
}

/** The explorer's token picker, signing with the development issuer. */
export function devTokens(issuer: DevIssuer, users: DemoUser[] = roleDemoUsers()): DevTokens {
  return { users, mint: (identity) => mintUserToken(identity, issuer) };
}
