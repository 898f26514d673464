import { createLogger } from "@company-graph/kit/observability";

export interface CvrSyncSchedule {
  stop(): Promise<void>;
}

export interface CvrSyncScheduleOptions {
  /** First wait after a failed run; it doubles with each failure in a row, up to the interval. */
  retryMs?: number;
  /** Runs once, after the first successful run and before the next one (npm start's demo data). */
  afterFirstSuccess?: () => Promise<void>;
}

/**
 * Runs the sync at start and then every intervalMs. A failed run is logged (by the sync) and
 * retried sooner, with a doubling wait: a register that refused the first run at start-up should
 * not leave an empty CRM for a whole interval.
 */
export function scheduleCvrSync(
  sync: { run(): Promise<unknown> },
  intervalMs: number,
  options: CvrSyncScheduleOptions = {},
): CvrSyncSchedule {
  const logger = createLogger("crm", { component: "cvr-sync" });
  const retryMs = Math.min(options.retryMs ?? 5_000, intervalMs);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let current: Promise<unknown> | undefined;
  let failures = 0;
  let afterFirstSuccess = options.afterFirstSuccess;
  const runOnce = async (): Promise<void> => {
    try {
      await sync.run();
      failures = 0;
    } catch (error) {
      failures++;
      logger.debug({ err: error, failures }, "CVR sync run failed; retrying");
      return;
    }
    const once = afterFirstSuccess;
    afterFirstSuccess = undefined;
    await once?.().catch((error: unknown) => logger.error({ err: error }, "the step after the first CVR sync failed"));
  };
  const tick = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = runOnce();
      void current.finally(() => tick(failures === 0 ? intervalMs : Math.min(intervalMs, retryMs * 2 ** (failures - 1))));
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
