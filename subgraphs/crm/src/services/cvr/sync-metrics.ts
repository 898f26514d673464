import { metricsRegistry } from "@company-graph/kit/observability";
import { Counter, Gauge } from "prom-client";

const documents = new Counter({
  name: "cvr_sync_documents_total",
  help: "CVR register documents the sync read, by index (virksomhed, produktionsenhed) and outcome (applied; skipped: a production unit of a company the CRM does not hold)",
  labelNames: ["index", "outcome"] as const,
  registers: [metricsRegistry],
});
const runs = new Counter({
  name: "cvr_sync_runs_total",
  help: "Sync runs against the CVR register, by outcome (ok, or the failure: unauthorized, rate-limited, unavailable, timeout, bad-response, too-large, scroll-expired, refused, database)",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});
const quarantined = new Counter({
  name: "cvr_sync_quarantined_total",
  help: "CVR register documents set aside instead of applied, by index and reason (too-large, too-deep, text-too-long, control-characters, malformed, invalid-cvr, invalid-p-number, missing-name, future-stamp)",
  labelNames: ["index", "reason"] as const,
  registers: [metricsRegistry],
});
const bounded = new Counter({
  name: "cvr_sync_bounded_runs_total",
  help: "Sync runs of an index that stopped at a bound (pages, documents, duration; held: the rows the CRM may hold) at the last page applied; the next run continues from there",
  labelNames: ["index", "bound"] as const,
  registers: [metricsRegistry],
});
const lags = new Map<string, () => number | null>();
new Gauge({
  name: "cvr_sync_lag_seconds",
  help: "How far the CRM's copy trails: now minus the register's sidstOpdateret of the newest document applied, by index",
  labelNames: ["index"] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const [index, lag] of lags) {
      const seconds = lag();
      if (seconds !== null) this.set({ index }, seconds);
    }
  },
});
const lastSuccess = new Gauge({
  name: "cvr_sync_last_success_timestamp_seconds",
  help: "When the last sync run against the CVR register completed without error (Unix time)",
  registers: [metricsRegistry],
});

// Read at scrape time from the process's CvrSyncHealth (register-health.ts): both stay put while
// the register refuses, so an alert can fire on either without a run having to succeed first.
let healthReport: (() => { status: string; failure?: string; lastSuccessAgeSeconds?: number | null }) | undefined;
new Gauge({
  name: "cvr_sync_degraded",
  help: "1 while the last sync run against the CVR register failed (the graph serves the last synced data), by failure; 0 after a successful run",
  labelNames: ["failure"] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    const report = healthReport?.();
    if (!report || report.status === "off" || report.status === "pending") return;
    this.set({ failure: report.failure ?? "none" }, report.status === "degraded" ? 1 : 0);
  },
});
new Gauge({
  name: "cvr_sync_last_success_age_seconds",
  help: "Seconds since the last sync run against the CVR register completed without error (also one stored before a restart)",
  registers: [metricsRegistry],
  collect() {
    this.reset();
    const age = healthReport?.().lastSuccessAgeSeconds;
    if (typeof age === "number") this.set(age);
  },
});

export const syncMetrics = {
  documents(index: string, outcome: "applied" | "skipped", count: number): void {
    if (count > 0) documents.inc({ index, outcome }, count);
  },
  run(outcome: string, at?: Date): void {
    runs.inc({ outcome });
    if (outcome === "ok" && at) lastSuccess.set(at.getTime() / 1000);
  },
  quarantined(index: string, reason: string): void {
    quarantined.inc({ index, reason });
  },
  bounded(index: string, bound: string): void {
    bounded.inc({ index, bound });
  },
  lag(index: string, read: () => number | null): void {
    lags.set(index, read);
  },
  health(read: NonNullable<typeof healthReport>): void {
    healthReport = read;
  },
};
