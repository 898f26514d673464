import { catalogueService } from "@company-graph/kit/schema";
import type { Resolvers } from "../generated/graphql";
import { issueCaseSurvey } from "../services/survey-invitations";

/** Survey invitations: one per closed inquiry part (issued by closeInquiry) and one per closed department case. */
export const surveyInvitationResolvers: Resolvers = {
  Mutation: {
    issueCaseSurvey: (_, { input }, context) => issueCaseSurvey(context, input),
  },
  SurveyInvitation: {
    inquiry: (invitation, _, context) => (invitation.inquiryId ? context.loaders.inquiry.load(invitation.inquiryId) : null),
    part: (invitation, _, context) => (invitation.partId ? context.loaders.inquiryPart.load(invitation.partId) : null),
    unit: (invitation, _, context) => (invitation.unitId ? context.loaders.unit.load(invitation.unitId) : null),
    service: (invitation) => (invitation.serviceId ? catalogueService(invitation.serviceId) : null),
    answered: (invitation) => invitation.responseId !== null,
    response: (invitation, _, context) =>
      invitation.responseId ? context.db.surveyResponse.findUnique({ where: { id: invitation.responseId } }) : null,
  },
  Company: {
    surveyInvitations: async (company, { answered }, context) => {
      const invitations = await context.loaders.surveyInvitationsByCvr.load(company.cvr);
      return answered === undefined || answered === null
        ? invitations
        : invitations.filter((invitation) => (invitation.responseId !== null) === answered);
    },
  },
};
