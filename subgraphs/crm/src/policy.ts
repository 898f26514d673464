import { restrictedTo, type PolicyTable, type Role } from "@company-graph/kit";

// Roles that work with individual companies. The development unit's analysts see aggregates
// (service-level statistics, the catalogue), not company-by-company records; auditors read the
// access log. Partners reach these fields only when their grant names them.
const COMPANY_WORK: Role[] = ["FRONT_OFFICE", "KEY_ACCOUNT_MANAGER", "CASEWORKER", "PARTNER"];
const WHY_COMPANY = "company-by-company records are for the roles that serve companies";
// Who records the municipality's dealings with companies: the people who serve them.
// Analysts, auditors and integration partners read; they never write.
const STAFF_WHO_RECORD: Role[] = ["FRONT_OFFICE", "KEY_ACCOUNT_MANAGER", "CASEWORKER"];
const WHY_RECORD = "inquiries, notes, follow-ups and contacts are recorded by the staff who serve companies";
const MUTATIONS = [
  "registerInquiry",
  "handOverInquiry",
  "addNote",
  "addFollowUp",
  "completeFollowUp",
  "closeInquiry",
  "assignKeyAccountManager",
  "addContact",
  "updateContact",
  "enrolInPackage",
  "recordSurveyResponse",
  "issueCaseSurvey",
] as const;

/** The CRM's need-to-know rules; rendered in docs/access-control-policy.md. */
export const policy: PolicyTable = {
  "Query.company": restrictedTo(COMPANY_WORK, WHY_COMPANY),
  "Query.companies": restrictedTo(COMPANY_WORK, WHY_COMPANY),
  "Query.inquiry": restrictedTo(COMPANY_WORK, WHY_COMPANY),
  "Query.followUpsOwnedBy": restrictedTo(COMPANY_WORK, WHY_COMPANY),
  "Query.accessLog": restrictedTo(["AUDITOR"], "the log of personal-data reads is for the auditor"),
  "Query.serviceLevels": restrictedTo(["ANALYST"], "service-level measurement is the development unit's"),
  // A key account manager's own companies only: the resolver checks employeeId is the caller.
  "Query.keyAccountAlerts": restrictedTo(["KEY_ACCOUNT_MANAGER"], "alerts are for the key account manager of the companies"),
  ...Object.fromEntries(MUTATIONS.map((mutation) => [`Mutation.${mutation}`, restrictedTo(STAFF_WHO_RECORD, WHY_RECORD)])),
};
