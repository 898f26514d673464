import type { CodegenConfig } from "@graphql-codegen/cli";
import { DEPARTMENTS, caseTypename } from "@company-graph/domain";

// Resolver types from the CRM's SDL plus the kit's shared types. A GraphQL type backed by a
// database row is resolved from the Prisma model (mappers), so a resolver's parent is the row and
// a field the row already has needs no resolver.
const prisma = (model: string) => `./prisma/client.js#${model} as ${model}Row`;

const config: CodegenConfig = {
  schema: ["schema.graphql", "../../packages/kit/graphql/shared-types.graphql"],
  generates: {
    "src/generated/graphql.ts": {
      plugins: ["typescript", "typescript-resolvers"],
      config: {
        federation: true,
        enumsAsTypes: true,
        useTypeImports: true,
        contextType: "../context#CrmContext",
        // DateTime and Date arrive as ISO strings (packages/kit/src/scalars.ts); a resolver may return a Date.
        scalars: { DateTime: { input: "string", output: "Date | string" }, Date: { input: "string", output: "string" } },
        mappers: {
          // The gateway adds the @requires'd department data to a company it sends for the view fields.
          Company: "../resolver-parents#CompanyParent",
          ProductionUnit: prisma("ProductionUnit"),
          ContactPerson: prisma("ContactPerson"),
          MunicipalUnit: prisma("MunicipalUnit"),
          MunicipalEmployee: prisma("Employee"),
          KeyAccountAssignment: prisma("KeyAccountAssignment"),
          Inquiry: "../inquiry/parts#InquiryWithParts",
          InquiryPart: prisma("InquiryPart"),
          InquiryHandover: prisma("InquiryHandover"),
          Note: prisma("Note"),
          FollowUp: prisma("FollowUp"),
          PackageEnrolment: prisma("PackageEnrolment"),
          SurveyResponse: prisma("SurveyResponse"),
          SurveyInvitation: prisma("SurveyInvitation"),
          AccessLogEntry: prisma("AccessLogEntry"),
          Outreach: prisma("Outreach"),
          CvrProductionUnit: prisma("ProductionUnit"),
          // Types the CRM computes: their parent is what the computing module returns.
          Service: "@company-graph/domain#CatalogueService",
          ServicePackage: "@company-graph/domain#ServicePackage as CatalogueServicePackage",
          ServiceArea: "../resolver-parents#CatalogueAreaParent",
          Case: "../resolver-parents#CaseParent",
          ...Object.fromEntries(DEPARTMENTS.map((department) => [caseTypename(department), "../resolver-parents#CaseParent"])),
          Permit: "../company-view/department-data#PermitRecord as PermitRecordParent",
          OpenCaseStatus: "../company-view/case-status#OpenCaseStatus as OpenCaseStatusParent",
          TimelineEvent: "../company-view/timeline#TimelineEvent as TimelineEventParent",
          MunicipalContact: "../company-view/contacts#MunicipalContact as MunicipalContactParent",
          ServiceScorecard: "../resolver-parents#ServiceScorecardParent",
          ServiceLevelReport: "../service-level/report#ServiceLevelReportData",
          CvrCompanyData: "../resolver-parents#CvrCompanyDataParent",
          // The signed-in employee's row.
          Me: "./prisma/client.js#Employee as MeRow",
          CompanyFollowing: "../following/following#CompanyFollowing as CompanyFollowingParent",
          Notification: prisma("Notification"),
          // A change as its reader may see it: the feed's node and a webhook delivery's data.
          Change: "../change-feed/change#ChangeView",
          ChangeCase: "../resolver-parents#ChangeCaseParent",
          ChangePermit: "../resolver-parents#ChangePermitParent",
          WebhookSubscription: prisma("WebhookSubscription"),
          WebhookDelivery: "../resolver-parents#WebhookDeliveryParent",
          WebhookAttempt: prisma("WebhookAttempt"),
        },
      },
    },
  },
  silent: true,
};
export default config;
