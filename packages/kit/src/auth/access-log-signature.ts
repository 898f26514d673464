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
export function signAccessLogBatch(
  secret: string,
  subgraph: string,
  gatewayToken: string,
  body: string,
  now = new Date(),
): Record<(typeof HEADERS)[number], string> {
  const id = tokenId(gatewayToken);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": webhookFor(secret, subgraph).sign(id, now, body),
  };
}

/**
 * Refuses a batch `subgraph` did not sign, for another operation's token, or altered since, and
 * names the one it accepts: its token, moment and exact body, what the signature covers. Anyone
 * who saw the batch on the network can post it again within the tolerance, with the timestamp or
 * signature header respelled ("0017…", the signature twice) and still verify, so the name is
 * made of what was verified, never of the headers' text: the CRM records each batch once.
 */
export function verifyAccessLogBatch(
  secret: string,
  subgraph: string,
  gatewayToken: string,
  body: string,
  headers: Record<string, string | string[] | undefined>,
): string {
  const signed = Object.fromEntries(HEADERS.map((name) => [name, headers[name]]));
  if (HEADERS.some((name) => typeof signed[name] !== "string"))
    throw new TokenError("invalid-claims", "the access-log batch carries no signature of the calling subgraph");
  if (signed["webhook-id"] !== tokenId(gatewayToken))
    throw new TokenError("invalid-claims", "the access-log batch was signed for another operation's token");
  try {
    webhookFor(secret, subgraph).verify(body, signed as Record<string, string>);
  } catch {
    throw new TokenError("bad-signature", `the access-log batch is not signed by ${subgraph}, or was altered`);
  }
  // The seconds as standardwebhooks verified them (parseInt), whatever their spelling.
  const seconds = Number.parseInt(signed["webhook-timestamp"] as string, 10);
  return createHash("sha256").update(`${subgraph}.${signed["webhook-id"]}.${seconds}.${body}`).digest("base64url");
}
