// The parent a resolver receives for GraphQL types that are not one database row (codegen.ts
// mappers): what the module that computes the type returns.
import type { catalogueArea } from "@company-graph/kit/schema";
import type { Company, WebhookAttempt, WebhookDelivery, WebhookSubscription } from "./generated/prisma/client.js";
import type { ChangeView } from "./change-feed/change";
import type { caseReference } from "./company-view/case-status";
import type { CompanyWithDepartmentData } from "./company-view/department-data";
import type { providedCase } from "./company-view/provided-case";
import type { serviceScorecard } from "./company-view/scorecard";
import type { RegisterRecord } from "./services/cvr/register-record";

/** A company row; in a company view also the department data the gateway sends with it (@requires). */
export type CompanyParent = Company & CompanyWithDepartmentData;

/** A case the CRM names by reference, or provides from the department's case index. */
export type CaseParent = ReturnType<typeof caseReference> | ReturnType<typeof providedCase>;

export type CatalogueAreaParent = ReturnType<typeof catalogueArea>;

export type ServiceScorecardParent = ReturnType<typeof serviceScorecard>;

/** The register record (src/services/cvr/register-record.ts) kept on the company row, with the company's CVR number. */
export type CvrCompanyDataParent = RegisterRecord & { cvr: string };

/** A change's case and permit as its reader may see them (src/change-feed/change.ts). */
export type ChangeCaseParent = NonNullable<ChangeView["case"]>;
export type ChangePermitParent = NonNullable<ChangeView["permit"]>;

/** A delivery of the log: with its attempts, and the subscription whose filter its cursor is of (src/webhook/log.ts). */
export type WebhookDeliveryParent = WebhookDelivery & { attempts: WebhookAttempt[]; subscription: WebhookSubscription };
