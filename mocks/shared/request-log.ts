/** One request as it arrived at a simulated system. */
export interface RequestLogEntry {
  method: string;
  /** The path as requested, e.g. /cases/BIF-0000001. */
  path: string;
  /** The route it matched, e.g. /cases/{id}; byPath counts by route so batching shows up. */
  route: string;
  query: Record<string, string>;
}

/**
 * Counts requests where they arrive, inside the simulator, so a test can prove that a gateway
 * query cost exactly one call per department (no N+1) whatever the client code claims.
 */
export class RequestLog {
  private readonly recorded: RequestLogEntry[] = [];

  record(method: string, url: URL, route: string): void {
    const query: Record<string, string> = {};
    url.searchParams.forEach((value, name) => {
      query[name] = name in query ? `${query[name]},${value}` : value;
    });
    this.recorded.push({ method, path: url.pathname, route, query });
  }

  get entries(): readonly RequestLogEntry[] {
    return this.recorded;
  }

  /** All requests, or those to one path or route (e.g. "/cases", "/cases/{id}"). */
  count(path?: string): number {
    if (path === undefined) return this.recorded.length;
    return this.recorded.filter((entry) => entry.route === path || entry.path === path).length;
  }

  byPath(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.recorded) counts[entry.route] = (counts[entry.route] ?? 0) + 1;
    return counts;
  }

  reset(): void {
    this.recorded.length = 0;
  }
}
