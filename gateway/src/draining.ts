import type { RequestHandler } from "express";

/**
 * A gateway replica on its way out: from SIGTERM on, /ready answers 503 at once (never a cached
 * 200), so whatever still probes it stops sending it requests while it finishes those in flight.
 */
export class Draining {
  private started = false;

  start(): void {
    this.started = true;
  }

  /** Goes before /ready's cache and check. */
  readonly refuseReadiness: RequestHandler = (_req, res, next) => {
    if (this.started) res.status(503).json({ ready: false, draining: true });
    else next();
  };
}
