import { createClient } from "graphql-sse";

/**
 * New notifications as they happen, from the gateway's GraphQL-over-SSE stream (/graphql/stream,
 * graphql-sse's distinct-connections mode, the same bearer token). Where the gateway has no stream
 * the caller re-queries me.notifications instead and says so (state "unavailable").
 */
export type LiveState = "connecting" | "live" | "unavailable";

const STREAM_PATH = "/graphql/stream";
// Written out here, not in src/operations: the API schema the workspace is typed from has no
// Subscription type for codegen to check it against, nor a trusted document to send by id.
const NOTIFICATION_ADDED = `subscription NotificationAdded {
  notificationAdded { id kind department text read createdAt occurredAt withheld company { cvr name } }
}`;

export function subscribeToNotifications(token: string, onNotification: () => void, onState: (state: LiveState) => void): () => void {
  onState("connecting");
  const client = createClient({
    url: STREAM_PATH,
    singleConnection: false,
    headers: () => ({ authorization: `Bearer ${token}` }),
    // One attempt: a gateway without the stream answers 404 at once, and the fallback takes over.
    retryAttempts: 0,
    on: { connected: () => onState("live") },
  });
  let stopped = false;
  const unsubscribe = client.subscribe(
    { query: NOTIFICATION_ADDED },
    {
      next: () => {
        onState("live");
        onNotification();
      },
      error: () => stopped || onState("unavailable"),
      complete: () => stopped || onState("unavailable"),
    },
  );
  return () => {
    stopped = true;
    unsubscribe();
    client.dispose();
  };
}
