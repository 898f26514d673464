import http from "node:http";
import type { AddressInfo } from "node:net";
import type { NotificationSignal } from "@company-graph/domain";
import { notificationSignalSource } from "../src/live/signals";

// The gateway's reader of the simulated broker's signal log: placed at the log's end, it emits
// each well-formed signal once, drops malformed ones, and keeps trying while the broker is down.

/** A stand-in for the simulated broker's signal log (mocks/broker/notification-signals.ts), answering at once. */
function signalLog() {
  const signals: (Record<string, unknown> & { sequence: number })[] = [];
  const waiting: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const after = new URL(req.url!, "http://x").searchParams.get("after");
    const answer = () =>
      res.end(
        JSON.stringify({
          log: "log-1",
          signals: after === null ? [] : signals.filter((signal) => signal.sequence > Number(after)),
          last: signals.length,
        }),
      );
    if (after !== null && Number(after) >= signals.length) waiting.push(answer);
    else answer();
  });
  return {
    server,
    publish(signal: Record<string, unknown>) {
      signals.push({ sequence: signals.length + 1, ...signal });
      for (const answer of waiting.splice(0)) answer();
    },
  };
}

function listen(server: http.Server, port = 0): Promise<number> {
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

it("emits each signal after its start once, drops a malformed one, and starts reading once a broker that was down answers", async () => {
  const probe = http.createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  const source = notificationSignalSource({ url: `http://127.0.0.1:${port}`, retryMs: 5 });
  const heard: NotificationSignal[] = [];
  let next: (() => void) | undefined;
  source.on("signal", (signal) => {
    heard.push(signal);
    next?.();
  });
  await expect(source.start()).rejects.toThrow();

  const log = signalLog();
  log.publish({ employeeId: "before", notificationId: "n-0" });
  let placed!: () => void;
  const reading = new Promise<void>((resolve) => (placed = resolve));
  log.server.on("request", (req: http.IncomingMessage) => {
    if (req.url?.includes("after=")) placed();
  });
  await listen(log.server, port);
  await reading;
  const two = new Promise<void>((resolve) => (next = () => heard.length === 2 && resolve()));
  log.publish({ employeeId: "kam", notificationId: "n-1", extra: "dropped with the signal's other fields" });
  log.publish({ employeeId: "kam; DROP", notificationId: "n-2" });
  log.publish({ employeeId: "kam", notificationId: "n-3" });
  await two;
  expect(heard).toEqual([
    { employeeId: "kam", notificationId: "n-1" },
    { employeeId: "kam", notificationId: "n-3" },
  ]);
  await source.stop();
  log.server.closeAllConnections();
  await new Promise((resolve) => log.server.close(resolve));
});
