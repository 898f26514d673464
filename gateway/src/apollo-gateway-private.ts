import type { Experimental_DidResolveQueryPlanCallback, GraphQLDataSourceProcessOptions } from "@apollo/gateway";

/**
 * The gateway's uses of @apollo/gateway beyond its stable API, in one module, so an upgrade has
 * one place to check. At an upgrade of @apollo/gateway (pinned exactly in package.json), check:
 * - `experimental_didResolveQueryPlan` is still an ApolloGateway option, called once per
 *   operation after the plan is made and before it runs, with the plan, the service map and the
 *   request context (early-entity-fetches.ts starts the departments' fetches from it);
 * - executeQueryPlan still builds a fetch's variables from the operation's, in the order of
 *   `fetch.variableUsages`, leaving out undefined ones, then `representations`: an early fetch is
 *   claimed only when document and variables are identical, so a change shows as early fetches
 *   counted "dropped" (gateway/test/early-entity-fetches.test.ts fails);
 * - GraphQLDataSourceRequestKind.INCOMING_OPERATION is still "incoming operation" (declared in
 *   dist/datasources/types, which the package root does not export).
 */

/** What the plan hook receives. */
export type QueryPlanInfo = Parameters<Experimental_DidResolveQueryPlanCallback>[0];

/** ApolloGateway's option that calls `callback` with each operation's plan before it runs. */
export function whenQueryPlanResolved(callback: (info: QueryPlanInfo) => void): {
  experimental_didResolveQueryPlan: Experimental_DidResolveQueryPlanCallback;
} {
  return { experimental_didResolveQueryPlan: callback };
}

type OperationFetch = Extract<GraphQLDataSourceProcessOptions, { incomingRequestContext: unknown }>;
/** GraphQLDataSourceRequestKind.INCOMING_OPERATION: a data source's fetch for a client operation. */
export const INCOMING_OPERATION = "incoming operation" as OperationFetch["kind"];

/** A plan fetch's variables as executeQueryPlan builds them (before `representations`): in `variableUsages` order, undefined ones left out. */
export function planFetchVariables(
  variableUsages: readonly string[] | undefined,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const fetchVariables: Record<string, unknown> = {};
  for (const name of variableUsages ?? []) if (variables[name] !== undefined) fetchVariables[name] = variables[name];
  return fetchVariables;
}
