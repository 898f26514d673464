import { Agent, request } from "undici";
import type { Fetcher } from "@apollo/utils.fetcher";

/**
 * The gateway's subgraph fetcher: undici's request on a keep-alive agent. The stock fetcher
 * (make-fetch-happen) costs a third of the gateway's throughput on small queries (see bench/).
 */
export function createSubgraphFetcher(options: { timeoutMs: number; connections?: number }): { fetcher: Fetcher; close: () => Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: options.connections ?? 64, pipelining: 1 });
  const fetcher: Fetcher = async (url, init = {}) => {
    const response = await request(url, {
      method: (init.method ?? "GET") as "GET" | "POST",
      headers: init.headers,
      body: init.body,
      dispatcher: agent,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const body = await response.body.text();
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    return new Response(body, { status: response.statusCode, headers });
  };
  return { fetcher, close: () => agent.close() };
}
