import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import { ErrorCode } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";

/**
 * /graphql answers queries and mutations; a subscription sent there (which @apollo/gateway cannot
 * execute, and would fail as an internal error) is the caller's mistake: it is told where to go.
 */
export function subscriptionsElsewherePlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === "subscription")
            throw new GraphQLError(refusal.stream.subscribeOnStream, {
              extensions: { code: ErrorCode.BadUserInput, http: { status: 400 } },
            });
        },
      };
    },
  };
}
