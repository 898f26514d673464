import type { RequestHandler } from "express";

/** How long one readiness answer is reused: a probe every second costs the subgraphs one check per interval, not one per call. */
export const READINESS_CACHE_MS = 2_000;

/**
 * Answers GET /ready from the last answer while it is fresh; otherwise lets the handler run and
 * keeps what it answers. Each check asks every subgraph (10 fetches), so callers polling /ready
 * cannot multiply that load. The clock is injected for tests.
 */
export function cachedAnswer(ttlMs: number = READINESS_CACHE_MS, now: () => number = Date.now): RequestHandler {
  let cached: { at: number; status: number; body: unknown } | undefined;
  return (_req, res, next) => {
    if (cached && now() - cached.at < ttlMs) {
      res.status(cached.status).json(cached.body);
      return;
    }
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      cached = { at: now(), status: res.statusCode, body };
      return json(body);
    };
    next();
  };
}
