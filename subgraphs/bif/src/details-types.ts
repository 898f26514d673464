import type { DetailsTypeByCaseType } from "@company-graph/kit/department";
import type { BifSourceCase } from "./source/bif-client";

/**
 * The GraphQL type (a member of schema.graphql's BifCaseDetails) of each case type of BIF's system;
 * the kit resolves everything else, and refuses a schema whose union has other types.
 */
export const detailsTypeByCaseType: DetailsTypeByCaseType<BifSourceCase> = {
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
