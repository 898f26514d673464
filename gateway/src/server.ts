import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { ApolloServer } from "@apollo/server";
import { ApolloGateway } from "@apollo/gateway";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled, ApolloServerPluginSchemaReportingDisabled } from "@apollo/server/plugin/disabled";
import { maskError, type RunningServer } from "@company-graph/kit";
import { createSubgraphFetcher } from "./fetcher";
import { checkReadiness, subgraphsOf } from "./readiness";
import { newGatewayContext, SubgraphDataSource, type GatewayContext } from "./subgraph-data-source";

export interface GatewayOptions {
  supergraphSdl: string;
  /** Per-subgraph URL overrides; the supergraph's URLs are the defaults. */
  subgraphUrls?: Record<string, string>;
  subgraphTimeoutMs?: number;
  production?: boolean;
}

/**
 * The federated gateway over HTTP: POST /graphql, GET /health (process alive) and GET /ready
 * (every subgraph answers). Built from a static supergraph; nothing is fetched from outside.
 */
export async function serveGateway(options: GatewayOptions, listen: { host: string; port: number }): Promise<RunningServer> {
  // @apollo/gateway starts usage reporting and cloud-metadata probes unless this is set.
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const subgraphFetch = createSubgraphFetcher({ timeoutMs: options.subgraphTimeoutMs ?? 5_000 });
  const readinessFetch = createSubgraphFetcher({ timeoutMs: 1_000, connections: 8 });
  const overrides = options.subgraphUrls ?? {};

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource(name, overrides[name] ?? url ?? "", subgraphFetch.fetcher),
  });

  const app = express();
  const httpServer = http.createServer(app);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted) => maskError(formatted),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ...(options.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await server.start();

  const subgraphs = subgraphsOf(options.supergraphSdl, overrides);
  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/ready", async (_req, res) => {
    const readiness = await checkReadiness(subgraphs, readinessFetch.fetcher);
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });
  app.use("/graphql", express.json({ limit: "1mb" }), expressMiddleware(server, { context: async () => newGatewayContext() }));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${listen.host}:${port}/graphql`,
    port,
    stop: async () => {
      await server.stop();
      await Promise.all([subgraphFetch.close(), readinessFetch.close()]);
    },
  };
}
