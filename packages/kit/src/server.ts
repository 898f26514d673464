import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { maskError } from "./errors";
import { OPERATION_ID_HEADER } from "./operation-scope";

export interface SubgraphDefinition<Context extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<Context>;
  /** Builds the per-request context; `operationId` is the gateway's id for the client operation. */
  context: (request: { operationId: string | undefined; headers: http.IncomingHttpHeaders }) => Promise<Context> | Context;
  plugins?: ApolloServerPlugin<Context>[];
}

export function buildSchema<Context extends BaseContext>(definition: Pick<SubgraphDefinition<Context>, "typeDefs" | "resolvers">): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: definition.typeDefs, resolvers: definition.resolvers as GraphQLResolverMap<unknown> });
}

export interface RunningServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
}

/**
 * Serves a subgraph over HTTP: POST /graphql for the gateway, GET /health for process checks.
 * Schema building stays separate from listening so tests start subgraphs on free ports.
 */
export async function serveSubgraph<Context extends BaseContext>(definition: SubgraphDefinition<Context>, listen: ListenOptions): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const server = new ApolloServer<Context>({
    schema: buildSchema(definition),
    formatError: (formatted) => maskError(formatted),
    // The cache-control plugin runs on every field and we never send cache hints: it halves throughput.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ...(definition.plugins ?? []),
    ],
  });
  await server.start();

  app.get("/health", (_req, res) => {
    res.json({ status: "ok", service: definition.name });
  });
  app.use(
    "/graphql",
    express.json({ limit: "5mb" }),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const header = req.headers[OPERATION_ID_HEADER];
        return definition.context({ operationId: typeof header === "string" ? header : undefined, headers: req.headers });
      },
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${listen.host}:${port}/graphql`,
    port,
    stop: () => server.stop(),
  };
}
