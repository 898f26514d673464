import type { OkfCaseDetails } from "../generated/graphql";

/** OKF's details types by the system's case type; the common case fields are resolved in the kit. */
export const detailsTypeByCaseType: Record<string, NonNullable<OkfCaseDetails["__typename"]>> = {
  "fire-inspection": "FireInspection",
  "preparedness-advice": "PreparednessAdvice",
  course: "SafetyCourse",
};
