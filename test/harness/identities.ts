import type { Department } from "@company-graph/domain";
import type { Identity, PartnerGrant, UserRole } from "@company-graph/kit/auth";
import type { World } from "@company-graph/mocks";

const EMPLOYEE_ROLE: Record<Exclude<UserRole, "PARTNER" | "AUDITOR">, string> = {
  FRONT_OFFICE: "front-office",
  KEY_ACCOUNT_MANAGER: "key-account-manager",
  CASEWORKER: "caseworker",
  ANALYST: "analyst",
};

/** Whom a test acts as: a role (a real employee of the world is picked) or a full identity. */
export type Actor = UserRole | { role: UserRole; department?: Department; unit?: string; grant?: PartnerGrant; userId?: string };

/**
 * A demo user of the generated world, so ids match the CRM's employees: the first employee
 * with the role (of the department, for caseworkers). Partners and auditors are not employees
 * in the world; they get fixed ids.
 */
export function demoIdentity(world: World, actor: Actor): Identity {
  const wanted = typeof actor === "string" ? { role: actor } : actor;
  const { role } = wanted;
  if (role === "PARTNER") return { userId: wanted.userId ?? "partner-demo", role, grant: wanted.grant ?? { fields: [], operations: [] } };
  if (role === "AUDITOR") return { userId: wanted.userId ?? "auditor-demo", role };
  const department = role === "CASEWORKER" ? (wanted.department ?? "BIF") : undefined;
  const employee = world.employees.find(
    (candidate) => candidate.role === EMPLOYEE_ROLE[role] && (!department || candidate.department === department),
  );
  return {
    userId: wanted.userId ?? employee?.id ?? `${role.toLowerCase()}-demo`,
    role,
    ...(department ? { department } : {}),
    ...((wanted.unit ?? (department ? employee?.unitId : undefined)) ? { unit: wanted.unit ?? employee?.unitId } : {}),
  };
}
