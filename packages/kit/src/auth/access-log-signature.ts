import { createHash, createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { TokenError } from "./token-error";

/**
 * A department's signature on its access-log batch, so the CRM accepts an entry only from the
 * department that served the read: a gateway token seen on the internal network names the
 * operation, not whose data was released, and anyone holding it could otherwise log an invented
 * data subject. Standard Webhooks (HMAC-SHA256 over id, timestamp and the exact body, 5 min
 * tolerance) with the batch's gateway token hashed as its id, so a signature holds for that
 * operation's token alone. Each subgraph signs with its own key, derived from ACCESS_LOG_SECRET,
 * which the CRM and the departments share and the gateway's fetches never carry.
 */
const HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

function webhookFor(secret: string, subgraph: string): Webhook {
  return new Webhook(createHmac("sha256", secret).update(`access-log:${subgraph}`).digest("base64"));
}

const tokenId = (gatewayToken: string) => createHash("sha256").update(gatewayToken).digest("base64url");

/** The headers that sign `body` as `subgraph`'s batch for the operation of `gatewayToken`. */
export function signAccessLogBatch(secret: string, subgraph: string, gatewayToken: string, body: string, now = new Date()): Record<(typeof HEADERS)[number], string> {
  const id = tokenId(gatewayToken);
  return { "webhook-id": id, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": webhookFor(secret, subgraph).sign(id, now, body) };
}

/** Refuses a batch `subgraph` did not sign, for another operation's token, or altered since. */
export function verifyAccessLogBatch(secret: string, subgraph: string, gatewayToken: string, body: string, headers: Record<string, string | string[] | undefined>): void {
  const signed = Object.fromEntries(HEADERS.map((name) => [name, headers[name]]));
  if (HEADERS.some((name) => typeof signed[name] !== "string")) throw new TokenError("invalid-claims", "the access-log batch carries no signature of the calling subgraph");
  if (signed["webhook-id"] !== tokenId(gatewayToken)) throw new TokenError("invalid-claims", "the access-log batch was signed for another operation's token");
  try {
    webhookFor(secret, subgraph).verify(body, signed as Record<string, string>);
  } catch {
    throw new TokenError("bad-signature", `the access-log batch is not signed by ${subgraph}, or was altered`);
  }
}
