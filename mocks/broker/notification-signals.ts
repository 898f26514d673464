import { randomUUID } from "node:crypto";
import { http, HttpResponse, type HttpHandler } from "msw";
import { NOTIFICATION_SIGNALS_PATH, parseNotificationSignal, type NotificationSignal } from "@company-graph/domain";

export interface LoggedSignal extends NotificationSignal {
  sequence: number;
}

export interface SignalPage {
  log: string;
  signals: LoggedSignal[];
  /** The sequence of the newest signal (0 for none): where a new reader starts. */
  last: number;
}

/** Signals kept: a wake-up is worth nothing once older than the streams' resume. */
const KEPT = 1_000;
const MAX_WAIT_MS = 30_000;

/**
 * The simulated broker's fanout of the CRM's notification signals, the embedded stand-in for a
 * fanout exchange with a queue per gateway replica: the CRM posts each signal; every gateway
 * reads on from its own position with a long poll (`waitMs`), so each replica gets every signal
 * as soon as it is posted. Kept in memory, the last KEPT only.
 */
export class NotificationSignalLog {
  private signals: LoggedSignal[] = [];
  private last = 0;
  private readonly waiting = new Set<() => void>();
  readonly log = randomUUID();

  publish(signal: NotificationSignal): LoggedSignal {
    const logged = { sequence: ++this.last, ...signal };
    this.signals.push(logged);
    if (this.signals.length > KEPT) this.signals = this.signals.slice(-KEPT);
    for (const wake of this.waiting) wake();
    this.waiting.clear();
    return logged;
  }

  /** The signals after `after`; with none yet, waits up to `waitMs` for one. No `after`: none, and where the log ends. */
  async page(after: number | undefined, waitMs: number, signal?: AbortSignal): Promise<SignalPage> {
    if (after !== undefined && after >= this.last && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiting.add(done);
        signal?.addEventListener("abort", done, { once: true });
      });
    }
    return { log: this.log, signals: after === undefined ? [] : this.signals.filter((logged) => logged.sequence > after), last: this.last };
  }

  handlers(baseUrl: string): HttpHandler[] {
    const path = `${baseUrl.replace(/\/$/, "")}${NOTIFICATION_SIGNALS_PATH}`;
    return [
      http.post(path, async ({ request }) => {
        const signal = parseNotificationSignal(await request.text());
        if (!signal)
          return HttpResponse.json(
            {
              type: "urn:company-graph:problem:invalid-body",
              title: "Bad Request",
              status: 400,
              detail: "a signal is {employeeId, notificationId}",
            },
            { status: 400, headers: { "content-type": "application/problem+json" } },
          );
        this.publish(signal);
        return new HttpResponse(null, { status: 204 });
      }),
      http.get(path, async ({ request }) => {
        const url = new URL(request.url);
        const after = url.searchParams.get("after");
        const position = after === null ? undefined : Number(after);
        const waitMs = Math.min(MAX_WAIT_MS, Math.max(0, Number(url.searchParams.get("waitMs") ?? 0) || 0));
        if (position !== undefined && !(Number.isInteger(position) && position >= 0))
          return HttpResponse.json(
            {
              type: "urn:company-graph:problem:invalid-parameter",
              title: "Bad Request",
              status: 400,
              detail: "after must be a whole number",
            },
            { status: 400 },
          );
        return HttpResponse.json<SignalPage>(await this.page(position, waitMs, request.signal));
      }),
    ];
  }
}
