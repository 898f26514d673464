import { createLogger } from "./observability/logger";
import { stopTracing } from "./observability/tracing";

/**
 * For an entry point's `main().catch(…)`: logs why the service could not start as one JSON line
 * (with the error, CPR-scrubbed like every line) and exits 1.
 */
export function exitOnStartupFailure(name: string): (error: unknown) => never {
  // `name` is the service as every other line of the process names it ("crm", "bif", "gateway").
  return (error) => {
    createLogger(name).fatal({ err: error }, `${name} could not start`);
    process.exit(1);
  };
}

/** Stops the given services on SIGINT/SIGTERM, letting in-flight requests drain first. */
export function stopOnSignals(name: string, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const logger = createLogger(name);
    logger.info({ signal }, "signal received, draining in-flight requests and stopping");
    stop()
      .then(stopTracing)
      .then(
        () => {
          logger.info("stopped");
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, "error while stopping");
          process.exit(1);
        },
      );
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
}
