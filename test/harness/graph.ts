import { setupServer } from "msw/node";
import type { Department } from "@company-graph/domain";
import { serveSubgraph, type RunningServer, type SubgraphDefinition } from "@company-graph/kit";
import { createSimulators, generateWorld, type World } from "@company-graph/mocks";
import { createBifClient, createBifSubgraph } from "@company-graph/bif";
import { createTmfClient, createTmfSubgraph } from "@company-graph/tmf";
import { createKffClient, createKffSubgraph } from "@company-graph/kff";
import { createOkfClient, createOkfSubgraph } from "@company-graph/okf";
import { applyMigrations, createCrmSubgraph, databaseConfig, openDatabase, seedWorld, toSeedWorld, type CrmDatabase } from "@company-graph/crm";
import { serveGateway } from "@company-graph/gateway";
import { readCommittedSupergraph } from "@company-graph/schema";
import { listenLoopbackOnly } from "./loopback-only";

const HOST = "127.0.0.1";

export interface GraphQLResponse<Data = Record<string, any>> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface GraphOptions {
  world?: World;
  sourceTimeoutMs?: number;
  subgraphTimeoutMs?: number;
}

type SubgraphName = "crm" | "bif" | "tmf" | "kff" | "okf";

/**
 * The whole graph in this process, on free ports: simulated department systems (msw), the five
 * subgraphs as real HTTP servers, a fresh in-memory CRM database seeded from the same world,
 * and the gateway on the committed supergraph. What the tests query is what `npm start` runs.
 */
export async function startGraph(options: GraphOptions = {}) {
  const world = options.world ?? generateWorld({ profile: "small" });
  const now = () => new Date(world.now);
  const simulators = createSimulators(world);
  const msw = setupServer(...Object.values(simulators).flatMap((simulator) => simulator.handlers));
  const network = listenLoopbackOnly(msw);

  const clientOptions = (department: Department) => ({ baseUrl: simulators[department].baseUrl, timeoutMs: options.sourceTimeoutMs ?? 2_000 });
  const crmDatabase: CrmDatabase = await openDatabase(databaseConfig({ CRM_DATA_DIR: "memory" }));
  await applyMigrations(crmDatabase.migrationFactory());
  await seedWorld(crmDatabase.prisma, toSeedWorld(world), new Date(world.now));

  const definitions: Record<SubgraphName, SubgraphDefinition<any> & { close?: () => void }> = {
    crm: createCrmSubgraph({ db: crmDatabase.prisma, now }),
    bif: createBifSubgraph({ client: createBifClient(clientOptions("BIF")), now }),
    tmf: createTmfSubgraph({ client: createTmfClient(clientOptions("TMF")), now }),
    kff: createKffSubgraph({ client: createKffClient(clientOptions("KFF")), now }),
    okf: createOkfSubgraph({ client: createOkfClient(clientOptions("OKF")), now }),
  };
  const running = {} as Record<SubgraphName, RunningServer | null>;
  const ports = {} as Record<SubgraphName, number>;
  for (const name of Object.keys(definitions) as SubgraphName[]) {
    running[name] = await serveSubgraph(definitions[name], { host: HOST, port: 0 });
    ports[name] = running[name]!.port;
  }
  const subgraphUrls = Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, `http://${HOST}:${port}/graphql`]));
  const gateway = await serveGateway(
    { supergraphSdl: readCommittedSupergraph(), subgraphUrls, subgraphTimeoutMs: options.subgraphTimeoutMs ?? 5_000 },
    { host: HOST, port: 0 },
  );
  const gatewayBase = `http://${HOST}:${gateway.port}`;

  async function query<Data = Record<string, any>>(document: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLResponse<Data>> {
    const response = await fetch(`${gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: document, variables }),
    });
    return (await response.json()) as GraphQLResponse<Data>;
  }

  return {
    world,
    simulators,
    gatewayUrl: gateway.url,
    gatewayBase,
    crmDatabase,
    /** Requests that tried to leave the machine; stop() fails when there are any. */
    networkViolations: network.violations,
    query,
    /** Stops one subgraph process, as if it crashed. */
    async stopSubgraph(name: SubgraphName) {
      await running[name]?.stop();
      running[name] = null;
    },
    /** Starts a stopped subgraph again on its old port. */
    async restartSubgraph(name: SubgraphName) {
      running[name] ??= await serveSubgraph(definitions[name], { host: HOST, port: ports[name] });
    },
    async stop() {
      await gateway.stop();
      for (const name of Object.keys(running) as SubgraphName[]) await running[name]?.stop();
      for (const definition of Object.values(definitions)) definition.close?.();
      await crmDatabase.close();
      msw.close();
      if (network.violations.length) throw new Error(`Requests tried to leave this machine: ${network.violations.join(", ")}`);
    },
  };
}

export type Graph = Awaited<ReturnType<typeof startGraph>>;
