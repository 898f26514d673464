import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Fetcher } from "@apollo/utils.fetcher";
import { OPERATION_ID_HEADER } from "@company-graph/kit";

export interface GatewayContext {
  /** One id per client operation, forwarded to every subgraph fetch of that operation. */
  operationId: string;
}

export function newGatewayContext(): GatewayContext {
  return { operationId: randomUUID() };
}

/**
 * Turns a failed subgraph fetch into an error that names the subgraph and carries a code,
 * instead of the gateway's generic "Error while fetching subquery".
 */
function namingFailures(subgraph: string, fetcher: Fetcher): Fetcher {
  return async (url, init) => {
    try {
      return await fetcher(url, init);
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new GraphQLError(`The ${subgraph} subgraph ${timedOut ? "did not answer in time" : "is unavailable"}; its part of this answer is missing`, {
        extensions: { code: timedOut ? "SUBGRAPH_TIMEOUT" : "SUBGRAPH_UNAVAILABLE", subgraph },
      });
    }
  };
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(name: string, url: string, fetcher: Fetcher) {
    super({ url, fetcher: namingFailures(name, fetcher) });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context?.operationId) request.http?.headers.set(OPERATION_ID_HEADER, context.operationId);
  }
}
