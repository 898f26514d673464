import type { components } from "../../generated/cvr-api";

type Schemas = components["schemas"];
export type Vrvirksomhed = Schemas["Vrvirksomhed"];
export type VrproduktionsEnhed = Schemas["VrproduktionsEnhed"];
export type CvrIndex = "virksomhed" | "produktionsenhed";
type DocumentOf<I extends CvrIndex> = I extends "virksomhed" ? Vrvirksomhed : VrproduktionsEnhed;

/** Why a call to the register failed; the sync reports it in the logs, /metrics and /ready. */
export type CvrFailure = "unauthorized" | "rate-limited" | "unavailable" | "timeout" | "bad-response" | "scroll-expired" | "refused";

export class CvrRegisterError extends Error {
  constructor(
    message: string,
    readonly failure: CvrFailure,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export interface CvrClientOptions {
  /** The register's base URL (CVR_URL), e.g. http://distribution.virk.dk or the simulator's http://127.0.0.1:4110. */
  url: string;
  username: string;
  password: string;
  timeoutMs?: number;
}

export interface CvrPage<D> {
  /** Absent when the register opened no scroll. */
  scrollId: string | undefined;
  total: number;
  documents: D[];
}

/** The register's own limit: from + size never above this (index.max_result_window). */
const CVR_RESULT_WINDOW = 3000;

/**
 * The only code that talks to the CVR register (system-to-system Elasticsearch, openapi.yaml of
 * mocks/cvr): Basic auth, the scroll API and the errors it answers, classified.
 */
export class CvrClient {
  private readonly base: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;

  constructor(options: CvrClientOptions) {
    this.base = options.url.replace(/\/$/, "");
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Opens a scroll over the documents a query matches, in the register's order (sidstOpdateret ascending). */
  async openScroll<I extends CvrIndex>(index: I, query: unknown, size: number, keepAlive: string): Promise<CvrPage<DocumentOf<I>>> {
    if (size < 1 || size > CVR_RESULT_WINDOW) throw new RangeError(`a scroll page holds 1 to ${CVR_RESULT_WINDOW} documents, not ${size}`);
    const field = index === "virksomhed" ? "Vrvirksomhed.sidstOpdateret" : "VrproduktionsEnhed.sidstOpdateret";
    const body = await this.post(`/cvr-permanent/${index}/_search?scroll=${encodeURIComponent(keepAlive)}`, { size, query, sort: [{ [field]: "asc" }] });
    return pageOf(index, body);
  }

  async continueScroll<I extends CvrIndex>(index: I, scrollId: string, keepAlive: string): Promise<CvrPage<DocumentOf<I>>> {
    return pageOf(index, await this.post("/_search/scroll", { scroll: keepAlive, scroll_id: scrollId }));
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: this.authorization },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      throw new CvrRegisterError(timedOut ? `the CVR register did not answer within ${this.timeoutMs} ms` : `the CVR register could not be reached: ${(error as Error).message}`, timedOut ? "timeout" : "unavailable");
    }
    const text = await response.text().catch(() => "");
    if (!response.ok) {
      const status = response.status;
      const failure: CvrFailure =
        status === 401 || status === 403 ? "unauthorized" : status === 429 ? "rate-limited" : status === 404 && text.includes("search_context_missing_exception") ? "scroll-expired" : status >= 500 ? "unavailable" : "refused";
      throw new CvrRegisterError(`the CVR register answered HTTP ${status}${reasonOf(text)}`, failure, status);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new CvrRegisterError("the CVR register answered with malformed JSON", "bad-response", response.status);
    }
  }
}

function pageOf<I extends CvrIndex>(index: I, body: unknown): CvrPage<DocumentOf<I>> {
  const key = index === "virksomhed" ? "Vrvirksomhed" : "VrproduktionsEnhed";
  const hits = (body as { hits?: { total?: unknown; hits?: unknown } } | null)?.hits;
  if (!hits || !Array.isArray(hits.hits)) throw new CvrRegisterError("the CVR register's answer has no hits", "bad-response");
  const documents = hits.hits.map((hit: { _source?: Record<string, unknown> }) => hit?._source?.[key]);
  if (documents.some((document) => typeof document !== "object" || document === null)) throw new CvrRegisterError(`a hit of the CVR register has no ${key}`, "bad-response");
  // Elasticsearch 7 answers total as { value }, 6 as a number.
  const total = typeof hits.total === "number" ? hits.total : ((hits.total as { value?: number } | undefined)?.value ?? documents.length);
  return { scrollId: (body as { _scroll_id?: string })._scroll_id, total, documents: documents as DocumentOf<I>[] };
}

function reasonOf(text: string): string {
  try {
    const reason = (JSON.parse(text) as { error?: { reason?: string } }).error?.reason;
    return reason ? `: ${reason.slice(0, 200)}` : "";
  } catch {
    return "";
  }
}
