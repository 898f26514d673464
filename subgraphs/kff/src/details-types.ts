import type { DetailsTypeByCaseType } from "@company-graph/kit/department";
import type { KffSourceCase } from "./source/kff-client";

/**
 * The GraphQL type (a member of schema.graphql's KffCaseDetails) of each case type of KFF's system;
 * the kit resolves everything else, and refuses a schema whose union has other types.
 */
export const detailsTypeByCaseType: DetailsTypeByCaseType<KffSourceCase> = {
  "alcohol-licence": "AlcoholLicenceCase",
  "international-house": "InternationalHouseContact",
  "contact-centre": "ContactCentreInquiry",
};
