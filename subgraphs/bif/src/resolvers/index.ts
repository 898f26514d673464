import type { BifCaseDetails } from "../generated/graphql";

/** BIF's details types by the system's case type; the common case fields are resolved in the kit. */
export const detailsTypeByCaseType: Record<string, NonNullable<BifCaseDetails["__typename"]>> = {
  "recruitment-order": "RecruitmentOrder",
  "wage-subsidy": "WageSubsidy",
  "company-internship": "CompanyInternship",
  "sick-pay-refund": "SickPayRefund",
  "flex-job": "FlexJob",
  "job-rotation": "JobRotation",
  "kes-counselling": "StartupCounselling",
  "kes-course": "StartupCourse",
  "employer-service": "EmployerService",
};
