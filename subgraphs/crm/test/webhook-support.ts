import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { PartnerGrant, RequestIdentity } from "@company-graph/kit/auth";
import { Webhook } from "standardwebhooks";

/** One request a test receiver got: headers and the raw body (what a signature covers). */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 whose answer a test sets; it counts what it gets. */
export async function startReceiver(answer: (response: ServerResponse, received: Received) => void = (response) => response.end("ok")) {
  const received: Received[] = [];
  const state = { answer };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const delivery = { headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(delivery);
      state.answer(response, delivery);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    /** The receiver's answer from now on. */
    answer: (next: (response: ServerResponse, received: Received) => void) => {
      state.answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every field a partner needs to read the feed with all a change holds. */
export const FEED_FIELDS = [
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

/** Every field a partner needs to manage its webhooks and read their log. */
export const WEBHOOK_FIELDS = [
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
  "WebhookDeliveryEdge.cursor",
  "WebhookDeliveryEdge.node",
  ...["id", "changeId", "cursor", "status", "createdAt", "nextAttemptAt", "deliveredAt", "attempts"].map(
    (field) => `WebhookDelivery.${field}`,
  ),
  ...["number", "at", "statusCode", "error", "durationMs"].map((field) => `WebhookAttempt.${field}`),
];

/** A partner following the given part of the history, with every feed and webhook field. */
export function partner(changes: PartnerGrant["changes"], options: { userId?: string; fields?: string[] } = {}): RequestIdentity {
  return {
    userId: options.userId ?? "partner-erhvervshus",
    role: "PARTNER",
    grant: { fields: options.fields ?? [...FEED_FIELDS, ...WEBHOOK_FIELDS], operations: [], ...(changes ? { changes } : {}) },
  };
}

/** A clock a test moves by hand. */
export function manualClock(start: Date) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (at: Date) => {
      now = at.getTime();
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/**
 * Verifies a delivery as a receiver does (standardwebhooks), as of the test's clock: the library
 * refuses a timestamp five minutes from its Date.now(), and the deliveries are stamped by the clock.
 */
export function verifyAt(now: Date, secret: string, received: Received): any {
  const spy = jest.spyOn(Date, "now").mockReturnValue(now.getTime());
  try {
    return new Webhook(secret).verify(received.body, received.headers as Record<string, string>);
  } finally {
    spy.mockRestore();
  }
}
