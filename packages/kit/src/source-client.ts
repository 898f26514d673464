import type { Department } from "@company-graph/domain";
import { SourceError } from "./errors";

export interface SourceClientOptions {
  department: Department;
  baseUrl: string;
  timeoutMs: number;
  /** Injected in tests to count or observe calls; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export type Query = Record<string, string | readonly string[] | undefined>;

/**
 * HTTP plumbing every department client shares: timeouts, JSON parsing and turning every
 * failure into a SourceError that names the department. Department clients add typed methods.
 */
export class SourceClient {
  readonly department: Department;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: SourceClientOptions) {
    this.department = options.department;
    this.baseUrl = options.baseUrl.replace(/\/$/, "");
    this.timeoutMs = options.timeoutMs;
    // Looked up per call, so interceptors installed later (msw in tests) see every request.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async getJson<T>(path: string, query: Query = {}): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      url.searchParams.set(name, typeof value === "string" ? value : value.join(","));
    }
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchImpl(url, { headers: { accept: "application/json" }, signal });
    } catch (error) {
      throw new SourceError(this.department, signal.aborted ? "timeout" : "unavailable", describe(error));
    }
    if (!response.ok) {
      // Drain rather than cancel: it keeps the keep-alive connection reusable (and cancel can stall under msw).
      await response.arrayBuffer().catch(() => undefined);
      throw new SourceError(this.department, response.status >= 500 ? "unavailable" : "bad-response", `HTTP ${response.status} from ${path}`);
    }
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new SourceError(this.department, signal.aborted ? "timeout" : "bad-response", `unreadable body from ${path}: ${describe(error)}`);
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}
