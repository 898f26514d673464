import { badUserInput } from "@company-graph/kit/errors";
import { findService, PACKAGES, type ServicePackage } from "@company-graph/domain";
import type { PackageEnrolment } from "../generated/prisma/client.js";
import type { CrmContext } from "../context";
import { actingEmployee } from "../actor";
import { idempotentCreate, isUniqueViolation } from "../idempotency";
import { optionalText, requireCompany, requirePackage } from "../validation";
import { forgetCompany } from "./forget";

export interface EnrolInPackageInput {
  idempotencyKey: string;
  cvr: string;
  packageId: string;
  note?: string | null;
}

const alreadyEnrolled = (input: EnrolInPackageInput) => badUserInput(`Company ${input.cvr} is already enrolled in package "${input.packageId}"`, "packageId");

export const packageResolvers = {
  Query: {
    servicePackages: () => PACKAGES,
  },
  Mutation: {
    enrolInPackage: async (_: unknown, { input }: { input: EnrolInPackageInput }, context: CrmContext) => {
      // Who enrols the company is the caller, as the gateway verified them.
      const enrolledBy = await actingEmployee(context);
      try {
        const enrolment = await idempotentCreate(context.db, {
          operation: "enrolInPackage",
          userId: enrolledBy.id,
          input: { ...input },
          load: (id) => context.db.packageEnrolment.findUnique({ where: { id } }),
          prepare: async () => {
            requirePackage(input.packageId);
            await requireCompany(context, input.cvr);
            const existing = await context.db.packageEnrolment.findUnique({ where: { cvr_packageId: { cvr: input.cvr, packageId: input.packageId } } });
            if (existing) throw alreadyEnrolled(input);
            return { note: optionalText(input.note, "note") };
          },
          create: (tx, id, { note }) =>
            tx.packageEnrolment.create({ data: { id, cvr: input.cvr, packageId: input.packageId, enrolledById: enrolledBy.id, enrolledAt: context.now(), note } }),
        });
        forgetCompany(context, enrolment.cvr);
        return enrolment;
      } catch (error) {
        // Two enrolments with different keys raced: the unique (cvr, packageId) let one through.
        if (isUniqueViolation(error)) throw alreadyEnrolled(input);
        throw error;
      }
    },
  },
  Company: {
    packageEnrolments: (company: { cvr: string }, _: unknown, context: CrmContext) => context.loaders.enrolmentsByCvr.load(company.cvr),
  },
  PackageEnrolment: {
    package: (enrolment: PackageEnrolment) => requirePackage(enrolment.packageId),
    enrolledBy: (enrolment: PackageEnrolment, _: unknown, context: CrmContext) => context.loaders.employee.load(enrolment.enrolledById),
  },
  ServicePackage: {
    services: (servicePackage: ServicePackage) => servicePackage.includedServiceIds.map(findService).filter((service) => service !== undefined),
  },
};
