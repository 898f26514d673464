import { PACKAGES } from "@company-graph/domain";
import type { Company, Employee, KeyAccountAssignment, MunicipalUnit } from "../generated/prisma/client.js";
import type { CrmContext } from "../context";
import { actingEmployee, employeeActedFor } from "../actor";
import { idempotentCreate } from "../idempotency";
import { optionalText, requireCompany } from "../validation";
import { forgetCompany } from "./forget";

export interface AssignKeyAccountManagerInput {
  idempotencyKey: string;
  cvr: string;
  employeeId: string;
  reason?: string | null;
}

export const employeeResolvers = {
  Query: {
    employees: (_: unknown, args: { unit?: string | null }, context: CrmContext) =>
      args.unit ? context.loaders.employeesByUnit.load(args.unit) : context.db.employee.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }] }),
    employee: (_: unknown, args: { id: string }, context: CrmContext) => context.loaders.employee.load(args.id),
    units: (_: unknown, __: unknown, context: CrmContext) => context.db.municipalUnit.findMany({ orderBy: [{ kind: "asc" }, { name: "asc" }] }),
  },
  Mutation: {
    assignKeyAccountManager: async (_: unknown, { input }: { input: AssignKeyAccountManagerInput }, context: CrmContext) => {
      // The new key account manager is who the act is about: role rules say who may name whom.
      const actor = await actingEmployee(context);
      const result = await idempotentCreate(context.db, {
        operation: "assignKeyAccountManager",
        userId: actor.id,
        input: { ...input },
        load: (id) => context.db.keyAccountAssignment.findUnique({ where: { id } }),
        prepare: async () => {
          await requireCompany(context, input.cvr);
          await employeeActedFor(context, actor, input.employeeId, "employeeId");
          return { reason: optionalText(input.reason, "reason") };
        },
        create: async (tx, id, { reason }) => {
          const now = context.now();
          const current = await tx.keyAccountAssignment.findFirst({ where: { cvr: input.cvr, until: null } });
          if (current?.employeeId === input.employeeId) return current;
          if (current) await tx.keyAccountAssignment.update({ where: { id: current.id }, data: { until: now } });
          return tx.keyAccountAssignment.create({ data: { id, cvr: input.cvr, employeeId: input.employeeId, from: now, reason } });
        },
      });
      forgetCompany(context, input.cvr);
      return result;
    },
  },
  Company: {
    keyAccountManager: async (company: Company, _: unknown, context: CrmContext) => {
      const current = (await context.loaders.kamAssignmentsByCvr.load(company.cvr)).find((assignment) => assignment.until === null);
      return current ? context.loaders.employee.load(current.employeeId) : null;
    },
    keyAccountManagerHistory: (company: Company, _: unknown, context: CrmContext) => context.loaders.kamAssignmentsByCvr.load(company.cvr),
  },
  KeyAccountAssignment: {
    employee: (assignment: KeyAccountAssignment, _: unknown, context: CrmContext) => context.loaders.employee.load(assignment.employeeId),
    isCurrent: (assignment: KeyAccountAssignment) => assignment.until === null,
  },
  MunicipalEmployee: {
    __resolveReference: (reference: { id: string }, context: CrmContext) => context.loaders.employee.load(reference.id),
    unit: (employee: Employee, _: unknown, context: CrmContext) => context.loaders.unit.load(employee.unitId),
  },
  MunicipalUnit: {
    servicePackage: (unit: MunicipalUnit) => (unit.packageId ? (PACKAGES.find((p) => p.id === unit.packageId) ?? null) : null),
    employees: (unit: MunicipalUnit, _: unknown, context: CrmContext) => context.loaders.employeesByUnit.load(unit.id),
  },
};
