import type { PrismaClient } from "../../generated/prisma/client.js";
import { CvrRegisterError, type CvrFailure } from "./cvr-client";
import type { QuarantinedDocument } from "./quarantine";
import type { CvrSync, CvrSyncRun } from "./sync";
import { syncMetrics } from "./sync-metrics";

/**
 * The register as /health (and through it the gateway's /ready) reports it. `degraded` never
 * makes the CRM unready: it keeps serving the companies of the last successful sync.
 */
export interface RegisterHealthReport {
  /** ok: the last run succeeded; degraded: it failed; pending: no run has finished in this process yet; off: CVR_URL is unset. */
  status: "ok" | "degraded" | "pending" | "off";
  /** Why the last run failed (degraded only). */
  failure?: CvrFailure | "database";
  reason?: string;
  /** When the register last answered a whole run, also from before a restart (the stored sync state). */
  lastSuccessAt?: string | null;
  lastSuccessAgeSeconds?: number | null;
  /** Failed runs in a row (degraded only). */
  consecutiveFailures?: number;
  /** Register documents set aside since the process started, and the latest of them (id, reason, when; no content); absent while there are none. */
  quarantine?: { total: number; recent: QuarantinedDocument[] };
}

/**
 * Runs the sync and remembers how the last run went, for /health and /metrics: every run the
 * schedule or a test starts goes through `run()`.
 */
export class CvrSyncHealth {
  private lastSuccessAt: Date | null = null;
  private failure: { kind: CvrFailure | "database"; reason: string; consecutive: number } | null = null;
  private finishedRuns = 0;

  constructor(
    private readonly sync: CvrSync,
    private readonly now: () => Date = () => new Date(),
  ) {
    syncMetrics.health(() => this.report());
  }

  /** Picks up the last success a previous process stored, so the age survives a restart. */
  async restore(db: PrismaClient): Promise<void> {
    const latest = await db.cvrSyncState.aggregate({ _max: { lastSuccessAt: true } });
    this.lastSuccessAt ??= latest._max.lastSuccessAt;
  }

  async run(): Promise<CvrSyncRun> {
    try {
      const result = await this.sync.runOnce();
      this.failure = null;
      this.lastSuccessAt = this.now();
      return result;
    } catch (error) {
      this.failure = {
        kind: error instanceof CvrRegisterError ? error.failure : "database",
        reason: error instanceof Error ? error.message : String(error),
        consecutive: (this.failure?.consecutive ?? 0) + 1,
      };
      throw error;
    } finally {
      this.finishedRuns++;
    }
  }

  report(): RegisterHealthReport {
    const age = this.lastSuccessAt ? Math.max(0, Math.round((this.now().getTime() - this.lastSuccessAt.getTime()) / 1000)) : null;
    const quarantine = this.sync.quarantine.report();
    const since = {
      lastSuccessAt: this.lastSuccessAt?.toISOString() ?? null,
      lastSuccessAgeSeconds: age,
      ...(quarantine.total > 0 ? { quarantine } : {}),
    };
    if (this.failure)
      return {
        status: "degraded",
        failure: this.failure.kind,
        reason: this.failure.reason,
        consecutiveFailures: this.failure.consecutive,
        ...since,
      };
    return { status: this.finishedRuns === 0 ? "pending" : "ok", ...since };
  }
}

/** The CRM's /health details: the register's state, or `off` when the CRM syncs from none. */
export function registerHealthDetails(health: CvrSyncHealth | undefined): { register: RegisterHealthReport } {
  return { register: health?.report() ?? { status: "off" } };
}
