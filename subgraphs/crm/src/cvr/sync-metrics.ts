import { metricsRegistry } from "@company-graph/kit";
import { Counter, Gauge } from "prom-client";

const documents = new Counter({
  name: "cvr_sync_documents_total",
  help: "CVR register documents the sync read, by index (virksomhed, produktionsenhed) and outcome (applied; skipped: a production unit of a company the CRM does not hold)",
  labelNames: ["index", "outcome"] as const,
  registers: [metricsRegistry],
});
const runs = new Counter({
  name: "cvr_sync_runs_total",
  help: "Sync runs against the CVR register, by outcome (ok, or the failure: unauthorized, rate-limited, unavailable, timeout, bad-response, scroll-expired, refused, database)",
  labelNames: ["outcome"] as const,
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

export const syncMetrics = {
  documents(index: string, outcome: "applied" | "skipped", count: number): void {
    if (count > 0) documents.inc({ index, outcome }, count);
  },
  run(outcome: string, at?: Date): void {
    runs.inc({ outcome });
    if (outcome === "ok" && at) lastSuccess.set(at.getTime() / 1000);
  },
  lag(index: string, read: () => number | null): void {
    lags.set(index, read);
  },
};
