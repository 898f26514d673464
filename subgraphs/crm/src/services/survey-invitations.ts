import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import type { SurveyInvitation } from "../generated/prisma/client.js";
import type { CrmContext } from "../context";
import { isUniqueViolation } from "../idempotency";
import { optionalServiceId, requireCompany, requireText } from "../validation";
import { forgetCompany } from "../forget";

export interface IssueCaseSurveyInput {
  cvr: string;
  caseId: string;
  serviceId?: string | null;
  /** The unit that closed the case (its responsible unit); kept only when the CRM knows it. */
  unitId?: string | null;
}

// Survey invitations issued outside a GraphQL request too: a case.closed business event issues
// one (src/case-events/apply.ts), the issueCaseSurvey mutation one for a case closed by hand.

/**
 * The survey for a closed department case: issued once per case, however often (or however
 * concurrently) the case-closed event arrives — through the mutation or the department's
 * case.closed event (src/case-events/apply.ts).
 */
export async function issueCaseSurvey(context: CrmContext, input: IssueCaseSurveyInput): Promise<SurveyInvitation> {
  await requireCompany(context, input.cvr);
  const caseId = requireText(input.caseId, "caseId", 40);
  const existing = await context.db.surveyInvitation.findUnique({ where: { caseId } });
  if (existing) return sameCompany(existing, input.cvr);
  try {
    // A unit the CRM does not know is left out rather than refusing the case's survey.
    const unit = input.unitId ? await context.loaders.unit.load(input.unitId) : null;
    const created = await context.db.surveyInvitation.create({
      data: { cvr: input.cvr, caseId, serviceId: optionalServiceId(input.serviceId), unitId: unit?.id ?? null, issuedAt: context.now() },
    });
    forgetCompany(context, input.cvr);
    return created;
  } catch (error) {
    // The same case-closed event delivered twice at once: the first one's invitation stands.
    if (isUniqueViolation(error)) return sameCompany(await context.db.surveyInvitation.findUniqueOrThrow({ where: { caseId } }), input.cvr);
    throw error;
  }
}

function sameCompany(invitation: SurveyInvitation, cvr: string): SurveyInvitation {
  if (invitation.cvr !== cvr) throw badUserInput(refusal.badUserInput.caseOfAnotherCompany(invitation.caseId), "caseId");
  return invitation;
}
