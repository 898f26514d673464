import type { DetailsTypeByCaseType } from "@company-graph/kit/department";
import type { OkfSourceCase } from "./source/okf-client";

/**
 * The GraphQL type (a member of schema.graphql's OkfCaseDetails) of each case type of OKF's system;
 * the kit resolves everything else, and refuses a schema whose union has other types.
 */
export const detailsTypeByCaseType: DetailsTypeByCaseType<OkfSourceCase> = {
  "fire-inspection": "FireInspection",
  "preparedness-advice": "PreparednessAdvice",
  course: "SafetyCourse",
};
