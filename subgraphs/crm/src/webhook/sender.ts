import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { PinnedEndpoint } from "./endpoint";

/** How one attempt ended, for the delivery log; never the receiver's body. */
export interface SendOutcome {
  statusCode: number | null;
  error: "HTTP_STATUS" | "REDIRECT" | "TIMEOUT" | "CONNECTION" | null;
}

/** The most header bytes a receiver's answer may have before the attempt fails as a broken connection. */
const MAX_ANSWER_HEADER_BYTES = 8 * 1024;

/**
 * POSTs one delivery, treating the receiver as hostile: the connection goes to the pinned address
 * (the checked one, never a fresh DNS answer), a redirect is an answer and never followed, the
 * status line decides and the body is never read — the socket is closed as soon as the headers
 * arrive, so a huge or endless body costs nothing — and the whole attempt, a slow trickle of
 * headers included, ends at `timeoutMs`.
 *
 * Node's http client rather than fetch: fetch cannot pin an address (its dispatcher resolves
 * again) and follows redirects unless told not to.
 */
export function postDelivery(
  endpoint: PinnedEndpoint,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SendOutcome> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all)
      (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [
        { address: endpoint.address, family: endpoint.family },
      ]);
    else callback(null, endpoint.address, endpoint.family);
  };
  const request = endpoint.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      resolve(outcome);
    };
    const outgoing = request(
      endpoint.url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "Company-Graph-Webhooks/1",
          ...headers,
        },
        agent: false,
        lookup: pinned,
        maxHeaderSize: MAX_ANSWER_HEADER_BYTES,
      },
      (answer: IncomingMessage) => {
        const status = answer.statusCode ?? 0;
        answer.destroy();
        finish({
          statusCode: status,
          error: status >= 200 && status < 300 ? null : status >= 300 && status < 400 ? "REDIRECT" : "HTTP_STATUS",
        });
      },
    );
    const timer = setTimeout(() => finish({ statusCode: null, error: "TIMEOUT" }), timeoutMs);
    outgoing.on("error", () => finish({ statusCode: null, error: "CONNECTION" }));
    outgoing.end(body);
  });
}
