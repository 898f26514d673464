import type { Note } from "../generated/prisma/client.js";
import type { CrmContext } from "../context";
import { idempotentCreate } from "../idempotency";
import { optionalInquiryOf, pastOrNow, requireCompany, requireEmployee, requireText } from "../validation";
import { forgetCompany } from "./forget";

export interface AddNoteInput {
  idempotencyKey: string;
  cvr: string;
  inquiryId?: string | null;
  authorId: string;
  summary: string;
  occurredAt?: string | null;
}

export const noteResolvers = {
  Mutation: {
    addNote: async (_: unknown, { input }: { input: AddNoteInput }, context: CrmContext) => {
      const note = await idempotentCreate(context.db, {
        operation: "addNote",
        input: { ...input },
        load: (id) => context.db.note.findUnique({ where: { id } }),
        prepare: async () => {
          await requireCompany(context, input.cvr);
          await Promise.all([optionalInquiryOf(context, input.inquiryId, input.cvr), requireEmployee(context, input.authorId, "authorId")]);
          const now = context.now();
          return { summary: requireText(input.summary, "summary"), occurredAt: pastOrNow(input.occurredAt, "occurredAt", now), createdAt: now };
        },
        create: (tx, id, prepared) =>
          tx.note.create({ data: { id, cvr: input.cvr, inquiryId: input.inquiryId ?? null, authorId: input.authorId, ...prepared } }),
      });
      forgetCompany(context, note.cvr, note.inquiryId);
      return note;
    },
  },
  Note: {
    company: (note: Note, _: unknown, context: CrmContext) => context.loaders.company.load(note.cvr),
    inquiry: (note: Note, _: unknown, context: CrmContext) => (note.inquiryId ? context.loaders.inquiry.load(note.inquiryId) : null),
    author: (note: Note, _: unknown, context: CrmContext) => context.loaders.employee.load(note.authorId),
  },
  Company: {
    notes: (company: { cvr: string }, _: unknown, context: CrmContext) => context.loaders.notesByCvr.load(company.cvr),
  },
};
