import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { documentId } from "@company-graph/gateway";
import type { Graph, GraphQLResponse } from "./graph";

const OPERATIONS = join(__dirname, "..", "operations");

/** A trusted operation's document (test/operations), as the partner's integration holds it. */
export const trustedOperation = (name: string) => readFileSync(join(OPERATIONS, `${name}.graphql`), "utf8");

/** Runs a trusted operation by its hash, as a partner must; the gateway never answers it 500. */
export async function runTrustedOperation(
  graph: Graph,
  actor: Parameters<Graph["tokenFor"]>[0],
  name: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<any>> {
  const response = await fetch(`${graph.gatewayBase}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${graph.tokenFor(actor)}` },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: documentId(trustedOperation(name)) } } }),
  });
  expect(response.status).not.toBe(500);
  return (await response.json()) as GraphQLResponse<any>;
}

/** A partner's webhook receiver on 127.0.0.1 that answers as the test says and keeps every request it got. */
export async function startWebhookReceiver() {
  const received: { headers: Record<string, string>; body: string; status: number }[] = [];
  let status = 200;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8"), status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/webhooks/kk`,
    received,
    delivered: () => received.filter((request) => request.status < 300),
    answerWith: (next: number) => {
      status = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
