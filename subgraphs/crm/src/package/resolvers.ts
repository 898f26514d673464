import type { EnrolInPackageInput, Resolvers } from "../generated/graphql";
import { required } from "../required";
import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { findService, PACKAGES } from "@company-graph/domain";
import { actingEmployee } from "../actor";
import { idempotentCreate, isUniqueViolation } from "../idempotency";
import { optionalText, requireCompany, requirePackage } from "../validation";
import { forgetCompany } from "../forget";

const alreadyEnrolled = (input: EnrolInPackageInput) =>
  badUserInput(refusal.badUserInput.alreadyEnrolled(input.cvr, input.packageId), "packageId");

export const packageResolvers: Resolvers = {
  Query: {
    servicePackages: () => [...PACKAGES],
  },
  Mutation: {
    enrolInPackage: async (_, { input }, context) => {
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
            const existing = await context.db.packageEnrolment.findUnique({
              where: { cvr_packageId: { cvr: input.cvr, packageId: input.packageId } },
            });
            if (existing) throw alreadyEnrolled(input);
            return { note: optionalText(input.note, "note") };
          },
          create: (tx, id, { note }) =>
            tx.packageEnrolment.create({
              data: { id, cvr: input.cvr, packageId: input.packageId, enrolledById: enrolledBy.id, enrolledAt: context.now(), note },
            }),
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
    packageEnrolments: (company, _, context) => context.loaders.enrolmentsByCvr.load(company.cvr),
  },
  PackageEnrolment: {
    package: (enrolment) => requirePackage(enrolment.packageId),
    enrolledBy: (enrolment, _, context) =>
      required(context.loaders.employee.load(enrolment.enrolledById), `employee ${enrolment.enrolledById}`),
  },
  ServicePackage: {
    services: (servicePackage) => servicePackage.includedServiceIds.map(findService).filter((service) => service !== undefined),
  },
};
