import type { SurveyResponse } from "../generated/prisma/client.js";
import { catalogueService } from "@company-graph/kit";
import type { CrmContext } from "../context";
import { idempotentCreate } from "../idempotency";
import { optionalInquiryOf, optionalServiceId, optionalText, requireCompany, requireScore } from "../validation";
import { forgetCompany } from "./forget";

export interface RecordSurveyResponseInput {
  idempotencyKey: string;
  cvr: string;
  inquiryId?: string | null;
  serviceId?: string | null;
  unitId?: string | null;
  processingSpeed: number;
  competence: number;
  fixedContactPerson: number;
  ongoingUpdates: number;
  overall: number;
  comment?: string | null;
}

export const surveyResolvers = {
  Mutation: {
    recordSurveyResponse: async (_: unknown, { input }: { input: RecordSurveyResponseInput }, context: CrmContext) => {
      const response = await idempotentCreate(context.db, {
        operation: "recordSurveyResponse",
        input: { ...input },
        load: (id) => context.db.surveyResponse.findUnique({ where: { id } }),
        prepare: async () => {
          await requireCompany(context, input.cvr);
          await optionalInquiryOf(context, input.inquiryId, input.cvr);
          return {
            inquiryId: input.inquiryId ?? null,
            serviceId: optionalServiceId(input.serviceId),
            unitId: input.unitId ?? null,
            processingSpeed: requireScore(input.processingSpeed, "processingSpeed"),
            competence: requireScore(input.competence, "competence"),
            fixedContactPerson: requireScore(input.fixedContactPerson, "fixedContactPerson"),
            ongoingUpdates: requireScore(input.ongoingUpdates, "ongoingUpdates"),
            overall: requireScore(input.overall, "overall"),
            comment: optionalText(input.comment, "comment"),
            respondedAt: context.now(),
          };
        },
        create: (tx, id, prepared) => tx.surveyResponse.create({ data: { id, cvr: input.cvr, ...prepared } }),
      });
      forgetCompany(context, response.cvr);
      return response;
    },
  },
  SurveyResponse: {
    inquiry: (response: SurveyResponse, _: unknown, context: CrmContext) => (response.inquiryId ? context.loaders.inquiry.load(response.inquiryId) : null),
    service: (response: SurveyResponse) => (response.serviceId ? catalogueService(response.serviceId) : null),
    unit: (response: SurveyResponse, _: unknown, context: CrmContext) => (response.unitId ? context.loaders.unit.load(response.unitId) : null),
  },
  Company: {
    surveyResponses: (company: { cvr: string }, _: unknown, context: CrmContext) => context.loaders.surveyResponsesByCvr.load(company.cvr),
  },
};
