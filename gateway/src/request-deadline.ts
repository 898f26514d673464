import { AsyncLocalStorage } from "node:async_hooks";

/** The overall budget of one client request, across every subgraph fetch it needs. */
export const DEFAULT_REQUEST_DEADLINE_MS = 10_000;

export interface RequestDeadline {
  /** How long one client request may take in all, however many fetches in sequence it needs. */
  ms: number;
  /** The clock the deadline is measured on; a test moves it instead of waiting. */
  now: () => number;
}

/**
 * The share of what is left of the deadline that one fetch may use. Half, so a hung fetch never
 * leaves the fetches planned after it (the CRM assembling the company, the departments completing
 * their cases) no time at all, while fetches in sequence still cannot add up past the deadline.
 */
export const FETCH_SHARE_OF_REMAINING = 0.5;

/** What the gateway context carries: when the request's budget ends, on the deadline's clock. */
export interface Deadlined {
  /** No fetch of this request may run past this instant. */
  deadlineAt?: number;
}

/**
 * Records the request's start before authentication and admission, so time spent waiting there
 * counts against the deadline too.
 */
export function withRequestDeadline<Args, Context extends object>(context: (args: Args) => Promise<Context>, deadline: RequestDeadline): (args: Args) => Promise<Context & Deadlined> {
  return async (args) => {
    const startedAt = deadline.now();
    return Object.assign(await context(args), { deadlineAt: startedAt + deadline.ms });
  };
}

/** Milliseconds left of the request's budget; undefined when the context has no deadline. */
export function remainingMs(context: Deadlined | undefined, now: () => number): number | undefined {
  return context?.deadlineAt === undefined ? undefined : context.deadlineAt - now();
}

/**
 * The time left for the fetch running now. @apollo/gateway hands its fetcher only a URL and
 * RequestInit, so the data source passes the request's remaining budget to the fetcher through
 * async context instead of through arguments.
 */
const fetchBudget = new AsyncLocalStorage<number>();

export function withFetchBudget<T>(ms: number, run: () => Promise<T>): Promise<T> {
  return fetchBudget.run(ms, run);
}

/** The abort timeout of one subgraph fetch: the subgraph timeout, or less when the request's deadline is nearer. */
export function fetchTimeoutMs(subgraphTimeoutMs: number): number {
  const budget = fetchBudget.getStore();
  return budget === undefined ? subgraphTimeoutMs : Math.max(1, Math.min(subgraphTimeoutMs, budget));
}
