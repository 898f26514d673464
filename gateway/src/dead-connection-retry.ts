import { getOperationAST, parse, type DocumentNode } from "graphql";
import { Counter } from "prom-client";
import type { Dispatcher } from "undici";
import { metricsRegistry } from "@company-graph/kit/observability";
import { isRepeatableFetch } from "./request-deadline";

/**
 * A fetch whose document is one query operation: reading twice changes nothing. A mutation is
 * never repeated, whatever happened to its connection: the subgraph may have written before it died.
 */
export function isQueryFetch(document: DocumentNode | undefined, query: string | undefined): boolean {
  try {
    const parsed = document ?? (query ? parse(query) : undefined);
    return parsed !== undefined && parsed.definitions.length === 1 && getOperationAST(parsed)?.operation === "query";
  } catch {
    return false;
  }
}

/**
 * Failures before any byte of an answer: the connection was refused or could not be made in time,
 * or it was reset or closed under the request (a replica killed, a kept-alive socket to a replica
 * that is gone). A new connection reaches another replica behind the Service or balancer.
 */
const DEAD_CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * What a proxy in front of the replicas (HAProxy, an ingress) answers when the replica it chose
 * closed or reset the connection before answering: the same dead connection, seen through the proxy.
 */
const BAD_GATEWAY = 502;

function isDeadConnection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && DEAD_CONNECTION_CODES.has(code);
}

const fetchRetries = new Counter({
  name: "gateway_subgraph_fetch_retries_total",
  help: "Query fetches to a subgraph sent again on a new connection after the first connection died before an answer",
  registers: [metricsRegistry],
});

/**
 * Sends a request, and a query whose connection died before an answer once more on `fresh`, a
 * dispatcher that opens a new connection: the kept-alive pool may hold other sockets to the replica
 * that just went away. Once, because one new connection reaches another replica, and any more would
 * be a subgraph that is really down, which the circuit breaker around this fetcher is there to see.
 * Both attempts share the caller's signal, so the retry stays within the fetch's deadline.
 */
export async function requestRetryingDeadConnection(
  send: (dispatcher: Dispatcher) => Promise<Dispatcher.ResponseData>,
  pooled: Dispatcher,
  fresh: Dispatcher,
): Promise<Dispatcher.ResponseData> {
  const repeatable = isRepeatableFetch();
  let response: Dispatcher.ResponseData;
  try {
    response = await send(pooled);
  } catch (error) {
    if (!repeatable || !isDeadConnection(error)) throw error;
    fetchRetries.inc();
    return send(fresh);
  }
  if (!repeatable || response.statusCode !== BAD_GATEWAY) return response;
  // Read to its end so the pooled connection is free again, then ask another replica.
  await response.body.dump();
  fetchRetries.inc();
  return send(fresh);
}
