/** Stops the given services on SIGINT/SIGTERM, letting in-flight requests drain first. */
export function stopOnSignals(name: string, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${name}: ${signal} received, draining and stopping`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${name}: error while stopping`, error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
}
