/** How often the CRM deletes what it keeps for a limited period (the access log, notifications). */
const PRUNE_INTERVAL_MS = 6 * 60 * 60 * 1000;

/**
 * Prunes at start and then every six hours, without keeping the process alive; a failed prune is
 * reported and retried at the next interval. Returns a stop function.
 */
export function startPruning(prune: () => Promise<unknown>, onError: (error: unknown) => void): () => void {
  const run = () => void prune().catch(onError);
  run();
  const timer = setInterval(run, PRUNE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
