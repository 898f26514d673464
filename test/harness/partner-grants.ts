import { CASE_EVENT_TYPES, DEPARTMENTS } from "@company-graph/domain";
import type { ChangeScope, PartnerGrant } from "@company-graph/kit/auth";

/** Every field the golden partner operations of the change feed and webhooks ask for. */
const FEED_FIELDS = [
  "Query.changes",
  "ChangeConnection.edges",
  "ChangeConnection.pageInfo",
  "PageInfo.hasNextPage",
  "PageInfo.endCursor",
  "ChangeEdge.cursor",
  "ChangeEdge.node",
  ...["id", "kind", "cvr", "department", "occurredAt", "withheld", "summary", "objectId", "case", "permit"].map(
    (field) => `Change.${field}`,
  ),
  ...["caseNumber", "title", "progress", "serviceId", "openedAt", "decidedAt", "closedAt", "lastUpdateSentAt"].map(
    (field) => `ChangeCase.${field}`,
  ),
  ...["kind", "caseId", "grantedAt", "validFrom", "validTo", "revokedAt"].map((field) => `ChangePermit.${field}`),
];

const WEBHOOK_FIELDS = [
  "Query.webhookSubscriptions",
  "Mutation.registerWebhook",
  "Mutation.disableWebhook",
  "Mutation.enableWebhook",
  "Mutation.rotateWebhookSecret",
  "WebhookRegistration.subscription",
  "WebhookRegistration.secret",
  ...["id", "url", "kinds", "departments", "cvr", "enabled", "disabledAt", "disabledReason", "createdAt", "deliveries"].map(
    (field) => `WebhookSubscription.${field}`,
  ),
  "WebhookDeliveryConnection.edges",
  "WebhookDeliveryConnection.pageInfo",
  "WebhookDeliveryEdge.node",
  ...["id", "changeId", "cursor", "status", "createdAt", "nextAttemptAt", "deliveredAt", "attempts"].map(
    (field) => `WebhookDelivery.${field}`,
  ),
  ...["number", "at", "statusCode", "error", "durationMs"].map((field) => `WebhookAttempt.${field}`),
];

/** The trusted operations (test/operations) of the change feed and webhooks. */
const FEED_OPERATIONS = [
  "PartnerChanges",
  "RegisterWebhook",
  "WebhookSubscriptions",
  "DisableWebhook",
  "EnableWebhook",
  "RotateWebhookSecret",
];

/** A partner's grant for the feed and webhooks: by default every department's every change. */
export function partnerFeedGrant(
  changes: ChangeScope = { departments: [...DEPARTMENTS], kinds: [...CASE_EVENT_TYPES] },
  options: { without?: string[] } = {},
): PartnerGrant {
  return {
    fields: [...FEED_FIELDS, ...WEBHOOK_FIELDS].filter((field) => !options.without?.includes(field)),
    operations: FEED_OPERATIONS,
    changes,
  };
}
