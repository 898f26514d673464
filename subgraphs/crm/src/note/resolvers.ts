import type { Resolvers } from "../generated/graphql";
import { required } from "../required";
import { actingEmployee } from "../actor";
import { idempotentCreate } from "../idempotency";
import { noEarlierThanReceipt, optionalInquiryOf, pastOrNow, requireCompany, requireText } from "../validation";
import { forgetCompany } from "../forget";

export const noteResolvers: Resolvers = {
  Mutation: {
    addNote: async (_, { input }, context) => {
      // The author is the caller, as the gateway verified them.
      const author = await actingEmployee(context);
      const note = await idempotentCreate(context.db, {
        operation: "addNote",
        userId: author.id,
        input: { ...input },
        load: (id) => context.db.note.findUnique({ where: { id } }),
        prepare: async () => {
          await requireCompany(context, input.cvr);
          const inquiry = await optionalInquiryOf(context, input.inquiryId, input.cvr);
          const now = context.now();
          const occurredAt = noEarlierThanReceipt(pastOrNow(input.occurredAt, "occurredAt", now), inquiry, "occurredAt");
          return { summary: requireText(input.summary, "summary"), occurredAt, createdAt: now };
        },
        create: (tx, id, prepared) =>
          tx.note.create({ data: { id, cvr: input.cvr, inquiryId: input.inquiryId ?? null, authorId: author.id, ...prepared } }),
      });
      forgetCompany(context, note.cvr, note.inquiryId);
      return note;
    },
  },
  Note: {
    company: (note, _, context) => required(context.loaders.company.load(note.cvr), `company ${note.cvr}`),
    inquiry: (note, _, context) => (note.inquiryId ? context.loaders.inquiry.load(note.inquiryId) : null),
    author: (note, _, context) => required(context.loaders.employee.load(note.authorId), `employee ${note.authorId}`),
  },
  Company: {
    notes: (company, _, context) => context.loaders.notesByCvr.load(company.cvr),
  },
};
