import { restrictedTo, type PolicyTable, type Role } from "@company-graph/kit";

// Roles that work with individual companies. The development unit's analysts see aggregates
// (service-level statistics, the catalogue), not company-by-company records; auditors read the
// access log. Partners reach these fields only when their grant names them.
const COMPANY_WORK: Role[] = ["FRONT_OFFICE", "KEY_ACCOUNT_MANAGER", "CASEWORKER", "PARTNER"];
const WHY_COMPANY = "company-by-company records are for the roles that serve companies";

/** The CRM's need-to-know rules; rendered in docs/access-control-policy.md. */
export const policy: PolicyTable = {
  "Query.company": restrictedTo(COMPANY_WORK, WHY_COMPANY),
  "Query.companies": restrictedTo(COMPANY_WORK, WHY_COMPANY),
  "Query.inquiry": restrictedTo(COMPANY_WORK, WHY_COMPANY),
  "Query.followUpsOwnedBy": restrictedTo(COMPANY_WORK, WHY_COMPANY),
  "Query.accessLog": restrictedTo(["AUDITOR"], "the log of personal-data reads is for the auditor"),
};
