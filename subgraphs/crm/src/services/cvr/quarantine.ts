import { createLogger } from "@company-graph/kit/observability";
import type { CvrIndex } from "./cvr-client";
import type { QuarantineReason } from "./document-guard";
import { syncMetrics } from "./sync-metrics";

/** A register document the sync set aside: which one, why and when — never its content, so no personal data. */
export interface QuarantinedDocument {
  index: CvrIndex;
  /** The register's id of the document (the hit's _id, its enhedsNummer), or the CVR/P-number where the hit has none. */
  registerId: string | null;
  reason: QuarantineReason;
  at: string;
}

/** How many set-aside documents operators see in /health; the counter in /metrics counts them all. */
const LISTED = 100;

/**
 * Documents the sync did not apply because they broke the register's contract or the CRM's
 * limits (document-guard.ts). Each is logged, counted in /metrics and listed (the latest 100) in
 * /health for operators; the rest of its page is applied. The register serves it again once it
 * changes, and it is applied then if it is sound.
 */
export class CvrQuarantine {
  private readonly logger = createLogger("crm", { component: "cvr-sync" });
  private readonly recent: QuarantinedDocument[] = [];
  private total = 0;

  record(entry: QuarantinedDocument): void {
    this.total++;
    this.recent.push(entry);
    if (this.recent.length > LISTED) this.recent.shift();
    syncMetrics.quarantined(entry.index, entry.reason);
    this.logger.warn(entry, `set a CVR register document aside: ${entry.reason}`);
  }

  report(): { total: number; recent: QuarantinedDocument[] } {
    return { total: this.total, recent: [...this.recent].reverse() };
  }
}
