import type { Fetcher } from "@apollo/utils.fetcher";
import { metrics } from "@company-graph/kit/observability";

/** The fetcher of one subgraph, counting and timing every fetch (the plan's `_entities` fetches included). */
export function measuredFetcher(subgraph: string, fetcher: Fetcher): Fetcher {
  return async (url, init) => {
    const started = performance.now();
    let outcome = "failed";
    try {
      const response = await fetcher(url, init);
      outcome = response.ok ? "ok" : "http-error";
      return response;
    } finally {
      metrics.subgraphFetch(subgraph, outcome, (performance.now() - started) / 1000);
    }
  };
}
