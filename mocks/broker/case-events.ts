import { http, HttpResponse, type HttpHandler } from "msw";
import type { Department } from "@company-graph/domain";
import type { components } from "./generated/api";

export type CaseClosedEvent = components["schemas"]["CaseClosedEvent"];
export type EventPage = components["schemas"]["EventPage"];
type Problem = components["schemas"]["Problem"];

const MAX_LIMIT = 500;

/**
 * The simulated municipal message broker's `case-closed` topic (openapi.yaml): an append-only
 * log that a subscriber reads from its own position, so nothing is lost while it is down.
 */
export class CaseEventBroker {
  private readonly events: CaseClosedEvent[] = [];

  /** What a department system sends when one of its cases closes. */
  publish(event: { department: Department; caseId: string; cvr: string; serviceId: string; unitId?: string; closedAt: string }): CaseClosedEvent {
    const published: CaseClosedEvent = { sequence: this.events.length + 1, topic: "case-closed", ...event };
    this.events.push(published);
    return published;
  }

  /** Events with a sequence number above `after` (sequence n is the n-th event published). */
  page(after: number, limit: number): EventPage {
    return { events: this.events.slice(after, after + limit), last: this.events.length };
  }

  handlers(baseUrl: string): HttpHandler[] {
    const base = baseUrl.replace(/\/$/, "");
    return [
      http.get(`${base}/health`, () => HttpResponse.json({ status: "ok" as const })),
      http.get(`${base}/events`, ({ request }) => {
        const url = new URL(request.url);
        const after = integerParameter(url, "after", 0, 0, Number.MAX_SAFE_INTEGER);
        const limit = integerParameter(url, "limit", 100, 1, MAX_LIMIT);
        if (typeof after === "string" || typeof limit === "string") return problem([after, limit].filter((p) => typeof p === "string").join("; "));
        return HttpResponse.json<EventPage>(this.page(after, limit));
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
  return HttpResponse.json<Problem>({ type: "urn:company-graph:problem:invalid-parameter", title: "Bad Request", status: 400, detail }, { status: 400, headers: { "content-type": "application/problem+json" } });
}
