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
export function withRequestDeadline<Args, Context extends object>(
  context: (args: Args) => Promise<Context>,
  deadline: RequestDeadline,
): (args: Args) => Promise<Context & Deadlined> {
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
 * What the data source knows of the fetch running now and its fetcher needs: the time left, its
 * client's signal, and whether it may be sent twice (a single query: dead-connection-retry.ts; unset
 * means no). @apollo/gateway hands its fetcher only a URL and RequestInit, so the data source passes
 * them through async context instead of through arguments.
 */
interface FetchScope {
  budgetMs?: number;
  clientGone?: AbortSignal;
  repeatable?: boolean;
}

const fetchScope = new AsyncLocalStorage<FetchScope>();

export function withFetchScope<T>(scope: FetchScope, run: () => Promise<T>): Promise<T> {
  return fetchScope.run(scope, run);
}

export function isRepeatableFetch(): boolean {
  return fetchScope.getStore()?.repeatable === true;
}

/** The abort timeout of one subgraph fetch: the subgraph timeout, or less when the request's deadline is nearer. */
export function fetchTimeoutMs(subgraphTimeoutMs: number): number {
  const budget = fetchScope.getStore()?.budgetMs;
  return budget === undefined ? subgraphTimeoutMs : Math.max(1, Math.min(subgraphTimeoutMs, budget));
}

/** What aborts one subgraph fetch: its timeout (fetchTimeoutMs), or its client going away. */
export function fetchSignal(subgraphTimeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(fetchTimeoutMs(subgraphTimeoutMs));
  const clientGone = fetchScope.getStore()?.clientGone;
  return clientGone ? AbortSignal.any([timeout, clientGone]) : timeout;
}
