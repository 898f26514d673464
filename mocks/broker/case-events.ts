import { randomUUID } from "node:crypto";
import { http, HttpResponse, type HttpHandler } from "msw";
import type { components } from "./generated/api";
import { NotificationSignalLog } from "./notification-signals";

export type LoggedEvent = components["schemas"]["LoggedEvent"];
export type EventPage = components["schemas"]["EventPage"];
export type DeadLetter = components["schemas"]["DeadLetter"];
type Problem = components["schemas"]["Problem"];

const MAX_LIMIT = 500;
const MAX_REASON = 500;

/**
 * The simulated municipal message broker (openapi.yaml), the embedded default of `npm start`: an
 * append-only log of the departments' business events that a subscriber reads from its own
 * position, so nothing is lost while it is down, and the dead letters subscribers set aside.
 */
export class CaseEventBroker {
  private readonly events: LoggedEvent[] = [];
  private readonly deadLetters: DeadLetter[] = [];
  /** This log's identity: a subscriber's stored position means nothing in another log. */
  readonly log = randomUUID();
  /** The CRM's "new notification for employee X" to every gateway (the live streams' wake-ups). */
  readonly notificationSignals = new NotificationSignalLog();

  /** Appends one published event (its JSON text, as it would travel over AMQP). */
  publish(body: string): LoggedEvent {
    const logged: LoggedEvent = { sequence: this.events.length + 1, body };
    this.events.push(logged);
    return logged;
  }

  /** Events with a sequence number above `after` (sequence n is the n-th event published). */
  page(after: number, limit: number): EventPage {
    return { log: this.log, events: this.events.slice(after, after + limit), last: this.events.length };
  }

  get deadLettered(): readonly DeadLetter[] {
    return this.deadLetters;
  }

  handlers(baseUrl: string): HttpHandler[] {
    const base = baseUrl.replace(/\/$/, "");
    return [
      ...this.notificationSignals.handlers(base),
      http.get(`${base}/health`, () => HttpResponse.json({ status: "ok" as const })),
      http.get(`${base}/events`, ({ request }) => {
        const url = new URL(request.url);
        const after = integerParameter(url, "after", 0, 0, Number.MAX_SAFE_INTEGER);
        const limit = integerParameter(url, "limit", 100, 1, MAX_LIMIT);
        if (typeof after === "string" || typeof limit === "string")
          return problem([after, limit].filter((p) => typeof p === "string").join("; "));
        return HttpResponse.json<EventPage>(this.page(after, limit));
      }),
      http.get(`${base}/dead-letters`, () => HttpResponse.json<DeadLetter[]>(this.deadLetters)),
      http.post(`${base}/dead-letters`, async ({ request }) => {
        const body = (await request.json().catch(() => null)) as Partial<DeadLetter> | null;
        const sequence = body?.sequence;
        if (typeof sequence !== "number" || !Number.isInteger(sequence) || sequence < 1 || sequence > this.events.length)
          return problem(`sequence must be the position of a published event (1 to ${this.events.length})`);
        if (typeof body?.reason !== "string" || body.reason.length === 0 || body.reason.length > MAX_REASON)
          return problem(`reason must be a text of 1 to ${MAX_REASON} characters`);
        this.deadLetters.push({ sequence, reason: body.reason });
        return new HttpResponse(null, { status: 204 });
      }),
    ];
  }
}

function integerParameter(url: URL, name: string, fallback: number, min: number, max: number): number | string {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= min && value <= max ? value : `${name} must be an integer from ${min} to ${max}, got "${raw}"`;
}

function problem(detail: string): Response {
  return HttpResponse.json<Problem>(
    { type: "urn:company-graph:problem:invalid-parameter", title: "Bad Request", status: 400, detail },
    { status: 400, headers: { "content-type": "application/problem+json" } },
  );
}
