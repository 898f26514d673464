import { SOURCE_FIELDS } from "./register-contract";
import type { CvrSearchRequest } from "./register-openapi";

export type CvrIndex = "virksomhed" | "produktionsenhed";

/** Why a call to the register failed; the sync reports it in the logs, /metrics and /ready. */
export type CvrFailure =
  "unauthorized" | "rate-limited" | "unavailable" | "timeout" | "bad-response" | "too-large" | "scroll-expired" | "refused";

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
  /** Bytes one answer may have (CVR_MAX_ANSWER_BYTES); reading stops there instead of holding a 100 MB answer whole. */
  maxAnswerBytes?: number;
}

/** One hit as the register sent it: its `_source` document is checked by the sync, one by one. */
export interface CvrHit {
  /** The register's id of the document (its enhedsNummer), for operators; null when the hit has none. */
  id: string | null;
  source: unknown;
}

export interface CvrPage {
  /** Absent when the register opened no scroll. */
  scrollId: string | undefined;
  total: number;
  hits: CvrHit[];
}

/** The field the register's range query and sort use: moved by every change, including employment figures. */
export const POSITION_FIELD: Record<CvrIndex, string> = {
  virksomhed: "Vrvirksomhed.sidstIndlaest",
  produktionsenhed: "VrproduktionsEnhed.sidstIndlaest",
};
export const DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024;

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
  private readonly maxAnswerBytes: number;

  constructor(options: CvrClientOptions) {
    this.base = options.url.replace(/\/$/, "");
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  }

  /**
   * Opens a scroll over the documents a query matches, in sidstIndlaest order, asking only for
   * the fields the CRM reads (`_source`).
   */
  async openScroll(index: CvrIndex, query: CvrSearchRequest["query"], size: number, keepAlive: string): Promise<CvrPage> {
    if (size < 1 || size > CVR_RESULT_WINDOW) throw new RangeError(`a scroll page holds 1 to ${CVR_RESULT_WINDOW} documents, not ${size}`);
    const body = await this.post(`/cvr-permanent/${index}/_search?scroll=${encodeURIComponent(keepAlive)}`, {
      size,
      query,
      sort: [{ [POSITION_FIELD[index]]: "asc" }],
      _source: [...SOURCE_FIELDS[index]],
    } satisfies CvrSearchRequest);
    return pageOf(index, body);
  }

  async continueScroll(index: CvrIndex, scrollId: string, keepAlive: string): Promise<CvrPage> {
    return pageOf(index, await this.post("/_search/scroll", { scroll: keepAlive, scroll_id: scrollId }));
  }

  /**
   * The answer's text, read chunk by chunk and given up (the connection cancelled) past
   * maxAnswerBytes: a register that sends 100 MB costs the CRM at most that many bytes. Written by
   * hand because fetch has no size limit and a streaming JSON parser would still have to hold the
   * page's documents.
   */
  private async boundedText(response: Response): Promise<string> {
    const tooLarge = () =>
      new CvrRegisterError(
        `the CVR register's answer is larger than ${this.maxAnswerBytes} bytes (CVR_MAX_ANSWER_BYTES): not read further`,
        "too-large",
        response.status,
      );
    if (Number(response.headers.get("content-length") ?? 0) > this.maxAnswerBytes) {
      response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (!response.body) return "";
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    try {
      for (;;) {
        const { done, value } = (await reader.read()) as { done: true; value?: undefined } | { done: false; value: Uint8Array };
        if (done) break;
        bytes += value.byteLength;
        if (bytes > this.maxAnswerBytes) {
          // Not awaited: a cancelled branch of a teed body settles only when every branch is cancelled.
          reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof CvrRegisterError) throw error;
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      throw new CvrRegisterError(
        timedOut
          ? `the CVR register did not answer within ${this.timeoutMs} ms`
          : `the CVR register's answer broke off: ${(error as Error).message}`,
        timedOut ? "timeout" : "unavailable",
        response.status,
      );
    }
    return Buffer.concat(chunks, bytes).toString("utf8");
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
      throw new CvrRegisterError(
        timedOut
          ? `the CVR register did not answer within ${this.timeoutMs} ms`
          : `the CVR register could not be reached: ${(error as Error).message}`,
        timedOut ? "timeout" : "unavailable",
      );
    }
    const text = await this.boundedText(response);
    if (!response.ok) {
      const status = response.status;
      const failure: CvrFailure =
        status === 401 || status === 403
          ? "unauthorized"
          : status === 429
            ? "rate-limited"
            : status === 404 && text.includes("search_context_missing_exception")
              ? "scroll-expired"
              : status >= 500
                ? "unavailable"
                : "refused";
      throw new CvrRegisterError(`the CVR register answered HTTP ${status}${reasonOf(text)}`, failure, status);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new CvrRegisterError("the CVR register answered with malformed JSON", "bad-response", response.status);
    }
  }
}

/** The hits of an answer; whether each is a usable document is the sync's question, one at a time. */
function pageOf(index: CvrIndex, body: unknown): CvrPage {
  const key = index === "virksomhed" ? "Vrvirksomhed" : "VrproduktionsEnhed";
  const hits = (body as { hits?: { total?: unknown; hits?: unknown } } | null)?.hits;
  if (!hits || !Array.isArray(hits.hits)) throw new CvrRegisterError("the CVR register's answer has no hits", "bad-response");
  const page = hits.hits.map((hit: unknown): CvrHit => {
    const { _id: id, _source: source } = (typeof hit === "object" && hit !== null ? hit : {}) as {
      _id?: unknown;
      _source?: Record<string, unknown> | null;
    };
    return {
      id: typeof id === "string" || typeof id === "number" ? String(id).slice(0, 40) : null,
      source: typeof source === "object" && source !== null ? source[key] : undefined,
    };
  });
  // Elasticsearch 7 answers total as { value }, 6 as a number.
  const total = typeof hits.total === "number" ? hits.total : ((hits.total as { value?: number } | undefined)?.value ?? page.length);
  const scrollId = (body as { _scroll_id?: unknown })._scroll_id;
  return { scrollId: typeof scrollId === "string" ? scrollId : undefined, total, hits: page };
}

function reasonOf(text: string): string {
  try {
    const reason = (JSON.parse(text) as { error?: { reason?: string } }).error?.reason;
    return reason ? `: ${reason.slice(0, 200)}` : "";
  } catch {
    return "";
  }
}
