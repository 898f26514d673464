import { z } from "zod";
import type { Department } from "@company-graph/domain";
import { host, loadConfig, milliseconds, port } from "../config";
import type { BaseContext } from "@apollo/server";
import { serveSubgraph, type RunningServer, type SubgraphDefinition } from "../server";
import { stopOnSignals } from "../shutdown";
import type { CaseSystemClient } from "./source-contract";

export const DEFAULT_PORTS: Record<Department, { subgraph: number; system: number }> = {
  BIF: { subgraph: 4001, system: 4101 },
  TMF: { subgraph: 4002, system: 4102 },
  KFF: { subgraph: 4003, system: 4103 },
  OKF: { subgraph: 4004, system: 4104 },
};

/** Environment of a departmental subgraph process; see each subgraph's .env.example. */
export function departmentConfig(department: Department, env: NodeJS.ProcessEnv = process.env) {
  const defaults = DEFAULT_PORTS[department];
  return loadConfig(
    {
      HOST: host(),
      PORT: port(defaults.subgraph),
      SOURCE_URL: z.string().url().default(`http://127.0.0.1:${defaults.system}`),
      SOURCE_TIMEOUT_MS: milliseconds(2_000),
    },
    env,
  );
}

export interface DepartmentProcess<Client extends CaseSystemClient, Context extends BaseContext> {
  department: Department;
  createClient: (options: { baseUrl: string; timeoutMs: number }) => Client;
  createSubgraph: (options: { client: Client }) => SubgraphDefinition<Context> & { close: () => void };
}

/** The main of a departmental subgraph process: validated config, serve, drain on SIGTERM. */
export async function runDepartmentSubgraph<Client extends CaseSystemClient, Context extends BaseContext>(process_: DepartmentProcess<Client, Context>): Promise<RunningServer> {
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const config = departmentConfig(process_.department);
  const client = process_.createClient({ baseUrl: config.SOURCE_URL, timeoutMs: config.SOURCE_TIMEOUT_MS });
  const subgraph = process_.createSubgraph({ client });
  const running = await serveSubgraph(subgraph, { host: config.HOST, port: config.PORT });
  console.log(`${process_.department} subgraph ready at ${running.url} (system ${config.SOURCE_URL})`);
  stopOnSignals(`${process_.department} subgraph`, async () => {
    await running.stop();
    subgraph.close();
  });
  return running;
}
