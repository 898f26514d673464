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

const PROBE_QUERY = "{ __typename }";

interface SubgraphReadiness {
  ready: boolean;
  error?: string;
  /** The subgraph's own GET /health body, e.g. `{ source: { department, circuit } }`; absent when it did not answer. */
  health?: Record<string, unknown>;
}

export interface Readiness {
  ready: boolean;
  subgraphs: Record<string, SubgraphReadiness>;
}

/** A subgraph serves GET /health beside its GraphQL endpoint (packages/kit serveSubgraph). */
function healthUrlOf(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, "") + "/health";
  return url.toString();
}

/**
 * Ready when every subgraph answers a trivial GraphQL query. Each subgraph's health details
 * (circuit states of the department systems) come along so an operator sees what is degraded;
 * an open circuit does not make the gateway unready: it still gives partial answers.
 */
export async function checkReadiness(
  subgraphs: SubgraphEndpoint[],
  fetcher: Fetcher,
  signedHeaders: (subgraph: string, document: string) => Promise<Record<string, string>> = async () => ({}),
): Promise<Readiness> {
  const results = await Promise.all(
    subgraphs.map(async ({ name, url }) => {
      // Subgraphs answer only requests the gateway signed for them and for this document, probes included.
      const headers = await signedHeaders(name, PROBE_QUERY);
      const [answers, health] = await Promise.all([answersGraphQL(url, fetcher, headers), healthOf(url, fetcher)]);
      return [name, health ? { ...answers, health } : answers] as const;
    }),
  );
  return { ready: results.every(([, result]) => result.ready), subgraphs: Object.fromEntries(results) };
}

async function answersGraphQL(url: string, fetcher: Fetcher, headers: Record<string, string>): Promise<SubgraphReadiness> {
  try {
    const response = await fetcher(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: PROBE_QUERY }),
    });
    return response.ok ? { ready: true } : { ready: false, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ready: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function healthOf(url: string, fetcher: Fetcher): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetcher(healthUrlOf(url), { method: "GET", headers: { accept: "application/json" } });
    if (!response.ok) return undefined;
    const body: unknown = await response.json();
    return typeof body === "object" && body !== null ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
