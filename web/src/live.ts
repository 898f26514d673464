import { createClient } from "graphql-sse";
import { documentId } from "./client";
import { NotificationAddedDocument } from "./generated/graphql";

/**
 * New notifications as they happen, from the gateway's GraphQL-over-SSE stream (/graphql/stream,
 * graphql-sse's distinct-connections mode, the same bearer token). Where the gateway has no stream
 * the caller re-queries me.notifications instead and says so (state "unavailable").
 */
export type LiveState = "connecting" | "live" | "unavailable";

const STREAM_PATH = "/graphql/stream";

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
    // The trusted document's id alone, as every other operation of the workspace: the gateway holds its text.
    {
      query: undefined as unknown as string,
      operationName: "NotificationAdded",
      extensions: { persistedQuery: { version: 1, sha256Hash: documentId(NotificationAddedDocument) } },
    },
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
