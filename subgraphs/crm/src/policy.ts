import { COMPANY_RECORDS_RULE, restrictedTo, type PolicyTable, type Role } from "@company-graph/kit/auth";

// COMPANY_RECORDS_RULE (kit/auth, which the gateway reads too): the roles that work with individual
// companies. The development unit's analysts see aggregates (service-level statistics, the
// catalogue), not company-by-company records; auditors read the access log. Partners reach these
// fields only when their grant names them.
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
  "recordOutreach",
] as const;
const WHY_FOLLOW = "following a company's changes is for the staff who serve companies";
// Bulk and grouped lists of companies for outreach are what the CVR register's rules of use guard
// against passing on: only the staff who plan campaigns and visit rounds get them, never a partner
// (whatever its grant names), and never with an advertising-protected company in them.
const OUTREACH_PLANNERS: Role[] = ["FRONT_OFFICE", "KEY_ACCOUNT_MANAGER"];
const WHY_OUTREACH_LIST = "lists of companies for campaigns and visit rounds are for the staff who plan them, never passed on";

// Webhooks push the change feed to an integration partner's own endpoint; the staff read the feed.
const WEBHOOK_FIELDS = [
  "Query.webhookSubscriptions",
  "Mutation.registerWebhook",
  "Mutation.disableWebhook",
  "Mutation.enableWebhook",
  "Mutation.rotateWebhookSecret",
];
const WHY_WEBHOOKS = "webhooks deliver the change feed to an integration partner's endpoint";

/** The CRM's need-to-know rules; rendered in docs/access-control-policy.md. */
export const policy: PolicyTable = {
  "Query.company": COMPANY_RECORDS_RULE,
  "Query.companies": COMPANY_RECORDS_RULE,
  "Query.inquiry": COMPANY_RECORDS_RULE,
  "Query.followUpsOwnedBy": COMPANY_RECORDS_RULE,
  "Query.inquiryPartsOwnedBy": COMPANY_RECORDS_RULE,
  "Query.accessLog": restrictedTo(["AUDITOR"], "the log of personal-data reads is for the auditor"),
  "Query.serviceLevels": restrictedTo(["ANALYST"], "service-level measurement is the development unit's"),
  // Which register documents the sync set aside and why (no content): for the development unit,
  // which answers for the data's quality, and the auditor; not for the roles serving companies.
  "Query.registerQuarantine": restrictedTo(
    ["ANALYST", "AUDITOR"],
    "the register documents the sync set aside are for the development unit and the auditor",
  ),
  // A key account manager's own companies only: the resolver checks employeeId is the caller.
  "Query.outreachCandidates": restrictedTo(OUTREACH_PLANNERS, WHY_OUTREACH_LIST),
  "Query.keyAccountAlerts": restrictedTo(["KEY_ACCOUNT_MANAGER"], "alerts are for the key account manager of the companies"),
  // Following a company notifies of its cases: for the staff who serve companies, as its records are.
  "Mutation.followCompany": restrictedTo(STAFF_WHO_RECORD, WHY_FOLLOW),
  "Mutation.unfollowCompany": restrictedTo(STAFF_WHO_RECORD, WHY_FOLLOW),
  // The change feed is company-by-company; a partner reads it within its grant's changes scope (src/change-feed/feed.ts).
  "Query.changes": COMPANY_RECORDS_RULE,
  ...Object.fromEntries(WEBHOOK_FIELDS.map((field) => [field, restrictedTo(["PARTNER"], WHY_WEBHOOKS)])),
  ...Object.fromEntries(MUTATIONS.map((mutation) => [`Mutation.${mutation}`, restrictedTo(STAFF_WHO_RECORD, WHY_RECORD)])),
};
