import type { KffCaseDetails } from "../generated/graphql";

/** KFF's details types by the system's case type; the common case fields are resolved in the kit. */
export const detailsTypeByCaseType: Record<string, NonNullable<KffCaseDetails["__typename"]>> = {
  "alcohol-licence": "AlcoholLicenceCase",
  "international-house": "InternationalHouseContact",
  "contact-centre": "ContactCentreInquiry",
};
