import { createLogger } from "@company-graph/kit";
import type { CvrSync } from "./sync";

export interface CvrSyncSchedule {
  stop(): Promise<void>;
}

/** Runs the sync at start and then every intervalMs; a failed run is logged (by the sync) and retried at the next tick. */
export function scheduleCvrSync(sync: CvrSync, intervalMs: number): CvrSyncSchedule {
  const logger = createLogger("CRM subgraph", { component: "cvr-sync" });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let current: Promise<unknown> | undefined;
  const tick = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = sync.runOnce().catch((error: unknown) => logger.debug({ err: error }, "CVR sync run failed; next run at the next interval"));
      void current.finally(() => tick(intervalMs));
    }, delayMs);
    timer.unref();
  };
  tick(0);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
