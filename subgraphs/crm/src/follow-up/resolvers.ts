import type { Resolvers } from "../generated/graphql";
import { required } from "../required";
import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import type { FollowUp, FollowUpStatus } from "../generated/prisma/client.js";
import { actingEmployee, employeeActedFor } from "../actor";
import { idempotentCreate } from "../idempotency";
import { noEarlierThanReceipt, optionalInquiryOf, optionalText, requireCompany, requireFuture, requireText } from "../validation";
import { forgetCompany } from "../forget";
import { isOverdue } from "./overdue";

interface FollowUpFilter {
  status?: FollowUpStatus | null;
  overdue?: boolean | null;
}

function filterFollowUps(followUps: FollowUp[], filter: FollowUpFilter, now: Date): FollowUp[] {
  return followUps.filter(
    (followUp) =>
      (!filter.status || followUp.status === filter.status) &&
      (filter.overdue === null || filter.overdue === undefined || isOverdue(followUp, now) === filter.overdue),
  );
}

export const followUpResolvers: Resolvers = {
  Query: {
    followUpsOwnedBy: async (_, args, context) => {
      const followUps = await context.db.followUp.findMany({
        where: { ownerId: args.ownerId, ...(args.status ? { status: args.status } : {}) },
        orderBy: [{ deadline: "asc" }, { id: "asc" }],
      });
      return filterFollowUps(followUps, args, context.now());
    },
  },
  Mutation: {
    addFollowUp: async (_, { input }, context) => {
      // Who records it is the caller; the owner is who it is about (the caller by default).
      const createdBy = await actingEmployee(context);
      const followUp = await idempotentCreate(context.db, {
        operation: "addFollowUp",
        userId: createdBy.id,
        input: { ...input },
        load: (id) => context.db.followUp.findUnique({ where: { id } }),
        prepare: async () => {
          await requireCompany(context, input.cvr);
          const inquiry = await optionalInquiryOf(context, input.inquiryId, input.cvr);
          const owner = await employeeActedFor(context, createdBy, input.ownerId, "ownerId");
          const now = context.now();
          const deadline = noEarlierThanReceipt(requireFuture(input.deadline, "deadline", now), inquiry, "deadline");
          return {
            description: requireText(input.description, "description"),
            deadline,
            createdAt: noEarlierThanReceipt(now, inquiry, "deadline"),
            ownerId: owner.id,
          };
        },
        create: (tx, id, prepared) =>
          tx.followUp.create({
            data: { id, cvr: input.cvr, inquiryId: input.inquiryId ?? null, createdById: createdBy.id, ...prepared },
          }),
      });
      forgetCompany(context, followUp.cvr, followUp.inquiryId);
      return followUp;
    },
    completeFollowUp: async (_, { input }, context) => {
      const completedBy = await actingEmployee(context);
      const note = optionalText(input.note, "note");
      const existing = await context.db.followUp.findUnique({ where: { id: input.followUpId } });
      if (!existing) throw badUserInput(refusal.badUserInput.noFollowUp(input.followUpId), "followUpId");
      // Conditional update: completing twice (a retry, or two people at once) keeps the first completion.
      await context.db.followUp.updateMany({
        where: { id: existing.id, status: "OPEN" },
        data: { status: "DONE", completedAt: context.now(), completedById: completedBy.id, completionNote: note },
      });
      forgetCompany(context, existing.cvr, existing.inquiryId);
      return context.db.followUp.findUniqueOrThrow({ where: { id: existing.id } });
    },
  },
  FollowUp: {
    company: (followUp, _, context) => required(context.loaders.company.load(followUp.cvr), `company ${followUp.cvr}`),
    inquiry: (followUp, _, context) => (followUp.inquiryId ? context.loaders.inquiry.load(followUp.inquiryId) : null),
    owner: (followUp, _, context) => required(context.loaders.employee.load(followUp.ownerId), `employee ${followUp.ownerId}`),
    createdBy: (followUp, _, context) => required(context.loaders.employee.load(followUp.createdById), `employee ${followUp.createdById}`),
    completedBy: (followUp, _, context) => (followUp.completedById ? context.loaders.employee.load(followUp.completedById) : null),
    isOverdue: (followUp, _, context) => isOverdue(followUp, context.now()),
  },
  Company: {
    followUps: async (company, args, context) =>
      filterFollowUps(await context.loaders.followUpsByCvr.load(company.cvr), args, context.now()),
  },
};
