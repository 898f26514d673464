import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import type { Outreach, OutreachChannel } from "../generated/prisma/client.js";
import type { CrmContext } from "../context";
import { actingEmployee } from "../actor";
import { languageOfContext } from "../i18n/context";
import { idempotentCreate } from "../idempotency";
import { requireCompany, requireFuture, requireText } from "../validation";
import { recordedBasis, requireBasisIfProtected, type OutreachBasisInput } from "./basis";

export interface RecordOutreachInput {
  idempotencyKey: string;
  cvr: string;
  channel: OutreachChannel;
  purpose: string;
  plannedFor?: string | null;
  basis?: OutreachBasisInput | null;
}

/**
 * Records an outbound contact as the verified caller. Advertising protection is read from the
 * CRM's copy of the register as the outreach is recorded, and kept on it: a later change in the
 * register does not rewrite what the employee was allowed to do then.
 */
export async function recordOutreach(context: CrmContext, input: RecordOutreachInput): Promise<Outreach> {
  const recorder = await actingEmployee(context);
  return idempotentCreate(context.db, {
    operation: "recordOutreach",
    userId: recorder.id,
    input: { ...input },
    load: (id) => context.db.outreach.findUnique({ where: { id } }),
    prepare: async () => {
      const company = await requireCompany(context, input.cvr);
      const now = context.now();
      if (company.ceasedOn)
        throw badUserInput(refusal.badUserInput.companyCeased(company.name, company.ceasedOn.toISOString().slice(0, 10)), "cvr");
      const basis = recordedBasis(input.basis, now);
      requireBasisIfProtected(company, basis, languageOfContext(context));
      return {
        channel: input.channel,
        purpose: requireText(input.purpose, "purpose", 500),
        plannedFor: input.plannedFor === null || input.plannedFor === undefined ? null : requireFuture(input.plannedFor, "plannedFor", now),
        recordedAt: now,
        advertisingProtected: company.advertisingProtected,
        ...basis,
      };
    },
    create: (tx, id, prepared) => tx.outreach.create({ data: { id, cvr: input.cvr, recordedById: recorder.id, ...prepared } }),
  });
}
