import { DEPARTMENTS, type Department } from "@company-graph/domain";
import type { World } from "./index";
import type { Employee, EmployeeRole } from "./people";

/** The graph's user roles that are employees of the demo world, and the world's role for each. */
export const EMPLOYEE_ROLE = {
  FRONT_OFFICE: "front-office",
  KEY_ACCOUNT_MANAGER: "key-account-manager",
  CASEWORKER: "caseworker",
  ANALYST: "analyst",
} as const satisfies Record<string, EmployeeRole>;
export type EmployeeUserRole = keyof typeof EMPLOYEE_ROLE;

export interface DemoUser {
  label: string;
  identity: { userId: string; role: EmployeeUserRole | "AUDITOR"; department?: Department; unit?: string };
}

/**
 * The world's first employee in a role (of a department, for caseworkers): a real id, so the CRM
 * knows them. The CRM's seed deals companies out to key account managers in this order, so the
 * first one has companies (and alerts) to show.
 */
export function demoEmployee(world: World, role: EmployeeUserRole, department?: Department): Employee | undefined {
  return world.employees.find(
    (candidate) => candidate.role === EMPLOYEE_ROLE[role] && (!department || candidate.department === department),
  );
}

/** One demo user per role (a caseworker per department), for `npm run token` and the explorer's "Act as". */
export function demoUsers(world: World): DemoUser[] {
  const user = (label: string, role: EmployeeUserRole, department?: Department): DemoUser => {
    const employee = demoEmployee(world, role, department);
    return {
      label: employee ? `${label} (${employee.name})` : label,
      identity: {
        userId: employee?.id ?? `${role.toLowerCase().replace(/_/g, "-")}-demo`,
        role,
        ...(department ? { department } : {}),
        ...(department && employee ? { unit: employee.unitId } : {}),
      },
    };
  };
  return [
    user("Key account manager", "KEY_ACCOUNT_MANAGER"),
    user("Front office", "FRONT_OFFICE"),
    ...DEPARTMENTS.map((department) => user(`Caseworker, ${department}`, "CASEWORKER", department)),
    user("Analyst", "ANALYST"),
    // Auditors are not among the world's employees.
    { label: "Auditor", identity: { userId: "auditor-demo", role: "AUDITOR" } },
  ];
}
