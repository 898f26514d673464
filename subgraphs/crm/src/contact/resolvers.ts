import type { Resolvers } from "../generated/graphql";
import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { callerId } from "../actor";
import { idempotentCreate } from "../idempotency";
import { optionalEmail, optionalText, requireCompany, requireText } from "../validation";
import { forgetCompany } from "../forget";

const PHONE = /^\+?[0-9 ()-]{6,20}$/;

function optionalPhone(value: string | null | undefined, field: string): string | null {
  const phone = optionalText(value, field, 30);
  if (phone !== null && !PHONE.test(phone)) throw badUserInput(refusal.badUserInput.notAPhoneNumber(phone), field);
  return phone;
}

export const contactResolvers: Resolvers = {
  Mutation: {
    addContact: async (_, { input }, context) => {
      const contact = await idempotentCreate(context.db, {
        operation: "addContact",
        userId: callerId(context),
        input: { ...input },
        load: (id) => context.db.contactPerson.findUnique({ where: { id } }),
        prepare: async () => {
          await requireCompany(context, input.cvr);
          return {
            name: requireText(input.name, "name", 300),
            role: optionalText(input.role, "role", 300),
            email: optionalEmail(input.email, "email"),
            phone: optionalPhone(input.phone, "phone"),
            consent: input.consent,
            consentDate: input.consent ? context.now() : null,
          };
        },
        create: (tx, id, prepared) => tx.contactPerson.create({ data: { id, cvr: input.cvr, ...prepared } }),
      });
      forgetCompany(context, contact.cvr);
      return contact;
    },
    updateContact: async (_, { input }, context) => {
      const existing = await context.db.contactPerson.findUnique({ where: { id: input.contactId } });
      if (!existing) throw badUserInput(refusal.badUserInput.noContact(input.contactId), "contactId");
      const data: Record<string, unknown> = {};
      if (input.name !== undefined && input.name !== null) data.name = requireText(input.name, "name", 300);
      if (input.role !== undefined) data.role = optionalText(input.role, "role", 300);
      if (input.email !== undefined) data.email = optionalEmail(input.email, "email");
      if (input.phone !== undefined) data.phone = optionalPhone(input.phone, "phone");
      if (input.consent !== undefined && input.consent !== null && input.consent !== existing.consent) {
        data.consent = input.consent;
        data.consentDate = context.now();
      }
      const updated = await context.db.contactPerson.update({ where: { id: existing.id }, data });
      forgetCompany(context, existing.cvr);
      return updated;
    },
  },
  Company: {
    contacts: (company, _, context) => context.loaders.contactsByCvr.load(company.cvr),
  },
};
