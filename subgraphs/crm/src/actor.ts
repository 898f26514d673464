import { accessOf, type Role } from "@company-graph/kit/auth";
import { ErrorCode, forbidden } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { GraphQLError } from "graphql";
import type { Employee } from "./generated/prisma/client.js";
import type { CrmContext } from "./context";
import { requireEmployee } from "./validation";

/**
 * Who did it comes from the token, never from the input: every CRM mutation records the
 * verified caller (the gateway's token subject, a MunicipalEmployee.id) as its author,
 * registrar, closer or completer. An input names another employee only where the act is about
 * them — a handover's receiver, an inquiry's first assignee, a follow-up's owner — and then
 * ASSIGNING_ROLES say who may.
 */

/** The caller's user id as the gateway verified it. */
export function callerId(context: CrmContext): string {
  const userId = accessOf(context)?.identity.userId;
  if (!userId) throw new GraphQLError(refusal.unauthenticated.noVerifiedUser, { extensions: { code: ErrorCode.Unauthenticated } });
  return userId;
}

/** The caller as a municipal employee the CRM knows; a token subject that is none may not record. */
export async function actingEmployee(context: CrmContext): Promise<Employee> {
  const userId = callerId(context);
  const employee = await context.loaders.employee.load(userId);
  if (!employee) throw forbidden(refusal.forbidden.notAnEmployee(userId));
  return employee;
}

/**
 * The front office distributes inquiries and key account managers coordinate a company's
 * contact with the municipality: they may give work to someone else. Everyone else (a
 * caseworker) gives it only to themselves.
 */
export const ASSIGNING_ROLES: readonly Role[] = ["FRONT_OFFICE", "KEY_ACCOUNT_MANAGER"];

/**
 * The employee an act is about (`field` names the input): the caller by default; someone else
 * only for ASSIGNING_ROLES (FORBIDDEN otherwise), and only an employee the CRM knows.
 */
export async function employeeActedFor(
  context: CrmContext,
  actor: Employee,
  id: string | null | undefined,
  field: string,
): Promise<Employee> {
  if (id === null || id === undefined || id === actor.id) return actor;
  const role = accessOf(context)?.identity.role;
  if (!role || !ASSIGNING_ROLES.includes(role)) throw forbidden(refusal.forbidden.onlyAssignersName(ASSIGNING_ROLES, field), field);
  return requireEmployee(context, id, field);
}
