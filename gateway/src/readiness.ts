import type { Fetcher } from "@apollo/utils.fetcher";

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/** The subgraphs a supergraph routes to, as its join__graph enum declares them. */
export function subgraphsOf(supergraphSdl: string, overrides: Record<string, string> = {}): SubgraphEndpoint[] {
  const endpoints: SubgraphEndpoint[] = [];
  for (const match of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g)) {
    const [, name, url] = match;
    endpoints.push({ name, url: overrides[name] ?? url });
  }
  return endpoints;
}

export interface Readiness {
  ready: boolean;
  subgraphs: Record<string, { ready: boolean; error?: string }>;
}

/** Ready when every subgraph answers a trivial GraphQL query. */
export async function checkReadiness(subgraphs: SubgraphEndpoint[], fetcher: Fetcher): Promise<Readiness> {
  const results = await Promise.all(
    subgraphs.map(async ({ name, url }) => {
      try {
        const response = await fetcher(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ __typename }" }),
        });
        return [name, response.ok ? { ready: true } : { ready: false, error: `HTTP ${response.status}` }] as const;
      } catch (error) {
        return [name, { ready: false, error: error instanceof Error ? error.message : String(error) }] as const;
      }
    }),
  );
  return { ready: results.every(([, result]) => result.ready), subgraphs: Object.fromEntries(results) };
}
