import { PACKAGES } from "@company-graph/domain";

/**
 * How many items each list of the graph can hold, for the cost analysis. Paginated fields are
 * sized by their `first` argument (the GraphQL cost specification's `@listSize(slicingArguments:
 * ["first"], sizedFields: ["edges"])`); every other list of objects is declared here, an upper
 * bound from the domain (27 units of up to 41 employees in the demo city, a company's notes,
 * inquiries, …; a key account manager's work list of up to 40 companies with their alerts must
 * fit the default budget). A table beside the gateway rather than `@listSize` in the subgraph schemas: the
 * sizes are the gateway's estimate of work, they change with the limits and not with a
 * subgraph, and a test fails when a list of objects in the supergraph has no entry here.
 */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  "Company.contacts": 20,
  "Company.followUps": 50,
  "Company.inquiries": 50,
  "Company.keyAccountManagerHistory": 20,
  "Company.notes": 100,
  "Company.outreach": 100,
  "Company.packageEnrolments": 10,
  // One entry per service package of the catalogue at most: a view of all of them must stay within the default budget beside the index read.
  "Company.packageProgress": PACKAGES.length,
  "Company.productionUnits": 50,
  "Company.surveyInvitations": 50,
  "Company.surveyResponses": 50,
  "CompanyAlerts.casesPastTarget": 25,
  "CompanyAlerts.casesWithoutRecentUpdate": 25,
  "CompanyAlerts.overdueFollowUps": 20,
  // A partner keeps at most 10 webhook subscriptions (the CRM's MAX_SUBSCRIPTIONS); a delivery is
  // tried at most 15 times in its 24 hours (src/webhook/schedule.ts: jitter only lengthens the waits).
  "Query.webhookSubscriptions": 10,
  "WebhookDelivery.attempts": 15,
  "CompanyAlerts.permitsExpiredNotRenewed": 50,
  "CompanyAlerts.permitsExpiringSoon": 50,
  "CvrCompanyData.addressHistory": 50,
  // The CRM keeps the latest 100 set-aside register documents.
  "CvrQuarantine.documents": 100,
  "CvrCompanyData.nameHistory": 50,
  "CvrCompanyData.productionUnits": 50,
  "CvrCompanyData.secondaryIndustries": 3,
  "Inquiry.followUps": 20,
  "Inquiry.handovers": 10,
  "Inquiry.notes": 50,
  // An inquiry has at most 10 parts (the CRM refuses more).
  "Inquiry.parts": 10,
  "InquiryPart.handovers": 10,
  "MunicipalContact.roles": 10,
  "MunicipalContacts.contacts": 50,
  "MunicipalUnit.employees": 50,
  "PackageProgress.permitsExpiringSoon": 50,
  "PackageProgress.services": 20,
  "PackageServiceProgress.cases": 20,
  "Query.employees": 1_000,
  "Query.followUpsOwnedBy": 200,
  "Query.inquiryPartsOwnedBy": 200,
  "Query.keyAccountAlerts": 40,
  "Query.serviceAreas": 20,
  "Query.servicePackages": 20,
  "Query.services": 100,
  "Query.units": 50,
  "ServiceArea.services": 50,
  "ServiceLevelReport.departments": 5,
  "ServiceLevelReport.services": 100,
  "ServicePackage.services": 20,
  "ServiceScorecard.departments": 5,
  "ServiceScorecard.ongoingUpdates": 5,
  "ServiceScorecard.openCases": 100,
  "ServiceScorecard.overdueFollowUps": 50,
  "StartupFunnel.steps": 10,
};

/** Arguments that slice a list (a page); their value is the list's size. */
export const SLICING_ARGUMENTS = ["first", "last"] as const;
/** Fields of a connection whose size is the page its parent field asked for. */
export const SIZED_FIELDS = new Set(["edges", "nodes"]);
/**
 * Subgraphs refuse pages above this, so a larger `first` cannot cost more than it. A list of
 * objects missing from LIST_SIZES (a test keeps this from happening) counts as a full page too.
 */
export const MAX_PAGE = 100;
