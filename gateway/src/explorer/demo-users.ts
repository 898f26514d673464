import { z } from "zod";
import { DEPARTMENTS } from "@company-graph/domain";
import { ROLES, type Identity } from "@company-graph/kit/auth";
import { mintUserToken, type DevIssuer } from "../auth/dev-issuer";
import type { DemoUser, DevTokens } from "./dev-tokens";

/**
 * One demo user per role (a caseworker per department), when the launcher did not name real
 * ones: the gateway does not know the CRM's employees, so these ids are placeholders.
 * `npm start` passes real employees of the demo world (EXPLORER_DEMO_USERS, from demoUsers() in
 * @company-graph/mocks).
 */
function roleDemoUsers(): DemoUser[] {
  const user = (label: string, identity: Identity): DemoUser => ({ label, identity });
  return [
    user("Key account manager", { userId: "key-account-manager-demo", role: "KEY_ACCOUNT_MANAGER" }),
    user("Front office", { userId: "front-office-demo", role: "FRONT_OFFICE" }),
    ...DEPARTMENTS.map((department) =>
      user(`Caseworker, ${department}`, { userId: `caseworker-${department.toLowerCase()}-demo`, role: "CASEWORKER", department }),
    ),
    user("Analyst", { userId: "analyst-demo", role: "ANALYST" }),
    user("Auditor", { userId: "auditor-demo", role: "AUDITOR" }),
  ];
}

const demoUsersSchema = z.array(
  z.object({
    label: z.string().min(1),
    identity: z.object({
      userId: z.string().min(1),
      role: z.enum(ROLES),
      department: z.enum(DEPARTMENTS).optional(),
      unit: z.string().optional(),
    }),
  }),
);

/** EXPLORER_DEMO_USERS (JSON: [{ label, identity }]) if set, else one placeholder user per role. */
export function configuredDemoUsers(json: string | undefined): DemoUser[] {
  if (!json) return roleDemoUsers();
  const parsed = demoUsersSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`EXPLORER_DEMO_USERS is not a list of { label, identity }: ${parsed.error.message}`);
  return parsed.data;
}

/** The explorer's token picker, signing with the development issuer. */
export function devTokens(issuer: DevIssuer, users: DemoUser[] = roleDemoUsers()): DevTokens {
  return { users, mint: (identity) => mintUserToken(identity, issuer) };
}
