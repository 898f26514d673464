import type { Resolvers } from "../generated/graphql";
import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { catalogueService } from "@company-graph/kit/schema";
import type { CrmContext } from "../context";
import { callerId } from "../actor";
import { idempotentCreate } from "../idempotency";
import { optionalInquiryOf, optionalServiceId, optionalText, requireCompany, requireScore } from "../validation";
import { forgetCompany } from "../forget";

export const surveyResolvers: Resolvers = {
  Mutation: {
    recordSurveyResponse: async (_, { input }, context) => {
      const response = await idempotentCreate(context.db, {
        operation: "recordSurveyResponse",
        userId: callerId(context),
        input: { ...input },
        load: (id) => context.db.surveyResponse.findUnique({ where: { id } }),
        prepare: async () => {
          await requireCompany(context, input.cvr);
          const invitation = await openInvitation(context, input.invitationId, input.cvr);
          await optionalInquiryOf(context, input.inquiryId ?? invitation?.inquiryId, input.cvr);
          return {
            invitationId: invitation?.id ?? null,
            inquiryId: input.inquiryId ?? invitation?.inquiryId ?? null,
            serviceId: optionalServiceId(input.serviceId ?? invitation?.serviceId),
            // The unit that closed the part or case answers for the survey unless the input names one.
            unitId: input.unitId ?? invitation?.unitId ?? null,
            processingSpeed: requireScore(input.processingSpeed, "processingSpeed"),
            competence: requireScore(input.competence, "competence"),
            fixedContactPerson: requireScore(input.fixedContactPerson, "fixedContactPerson"),
            ongoingUpdates: requireScore(input.ongoingUpdates, "ongoingUpdates"),
            overall: requireScore(input.overall, "overall"),
            comment: optionalText(input.comment, "comment"),
            respondedAt: context.now(),
          };
        },
        create: async (tx, id, { invitationId, ...prepared }) => {
          const response = await tx.surveyResponse.create({ data: { id, cvr: input.cvr, ...prepared } });
          if (invitationId) {
            // Conditional: of two answers to one invitation only the first is linked to it.
            const { count } = await tx.surveyInvitation.updateMany({
              where: { id: invitationId, responseId: null },
              data: { responseId: id },
            });
            if (count === 0) throw badUserInput(refusal.badUserInput.surveyAlreadyAnswered(invitationId), "invitationId");
          }
          return response;
        },
      });
      forgetCompany(context, response.cvr);
      return response;
    },
  },
  SurveyResponse: {
    inquiry: (response, _, context) => (response.inquiryId ? context.loaders.inquiry.load(response.inquiryId) : null),
    service: (response) => (response.serviceId ? catalogueService(response.serviceId) : null),
    unit: (response, _, context) => (response.unitId ? context.loaders.unit.load(response.unitId) : null),
  },
  Company: {
    surveyResponses: (company, _, context) => context.loaders.surveyResponsesByCvr.load(company.cvr),
  },
};

/** The invitation a response answers: it must be the company's and not answered yet. */
async function openInvitation(context: CrmContext, id: string | null | undefined, cvr: string) {
  if (!id) return null;
  const invitation = await context.db.surveyInvitation.findUnique({ where: { id } });
  if (!invitation || invitation.cvr !== cvr) throw badUserInput(refusal.badUserInput.noSurveyInvitation(id, cvr), "invitationId");
  if (invitation.responseId) throw badUserInput(refusal.badUserInput.surveyAlreadyAnswered(id), "invitationId");
  return invitation;
}
