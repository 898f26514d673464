import type { CrmContext } from "./context";

/**
 * After a mutation, drops what this request's loaders cached about the company (and inquiry),
 * so the mutation's answer shows the new state.
 */
export function forgetCompany(context: CrmContext, cvr: string, inquiryId?: string | null): void {
  const { loaders } = context;
  for (const loader of [
    loaders.company,
    loaders.kamAssignmentsByCvr,
    loaders.contactsByCvr,
    loaders.inquiriesByCvr,
    loaders.notesByCvr,
    loaders.followUpsByCvr,
    loaders.enrolmentsByCvr,
    loaders.surveyResponsesByCvr,
    loaders.surveyInvitationsByCvr,
  ]) {
    loader.clear(cvr);
  }
  if (inquiryId) {
    loaders.inquiry.clear(inquiryId);
    loaders.handoversByInquiry.clear(inquiryId);
    loaders.notesByInquiry.clear(inquiryId);
    loaders.followUpsByInquiry.clear(inquiryId);
    // Parts are cached by their own ids; a mutation on an inquiry may have changed any of them.
    loaders.inquiryPart.clearAll();
    loaders.handoversByPart.clearAll();
  }
}
