import type { Resolvers } from "../generated/graphql";
import { required } from "../required";
import { PACKAGES } from "@company-graph/domain";
import { actingEmployee, employeeActedFor } from "../actor";
import { idempotentCreate } from "../idempotency";
import { optionalText, requireCompany } from "../validation";
import { forgetCompany } from "../forget";

export const employeeResolvers: Resolvers = {
  Query: {
    employees: (_, args, context) =>
      args.unit
        ? context.loaders.employeesByUnit.load(args.unit)
        : context.db.employee.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }] }),
    employee: (_, args, context) => context.loaders.employee.load(args.id),
    units: (_, __, context) => context.db.municipalUnit.findMany({ orderBy: [{ kind: "asc" }, { name: "asc" }] }),
  },
  Mutation: {
    assignKeyAccountManager: async (_, { input }, context) => {
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
    keyAccountManager: async (company, _, context) => {
      const current = (await context.loaders.kamAssignmentsByCvr.load(company.cvr)).find((assignment) => assignment.until === null);
      return current ? context.loaders.employee.load(current.employeeId) : null;
    },
    keyAccountManagerHistory: (company, _, context) => context.loaders.kamAssignmentsByCvr.load(company.cvr),
  },
  KeyAccountAssignment: {
    employee: (assignment, _, context) =>
      required(context.loaders.employee.load(assignment.employeeId), `employee ${assignment.employeeId}`),
    isCurrent: (assignment) => assignment.until === null,
  },
  MunicipalEmployee: {
    __resolveReference: (reference, context) => context.loaders.employee.load(reference.id),
    unit: (employee, _, context) => required(context.loaders.unit.load(employee.unitId), `unit ${employee.unitId}`),
  },
  MunicipalUnit: {
    servicePackage: (unit) => (unit.packageId ? (PACKAGES.find((p) => p.id === unit.packageId) ?? null) : null),
    employees: (unit, _, context) => context.loaders.employeesByUnit.load(unit.id),
  },
};
