import { z } from "zod";
import { DEFAULT_PORTS, type Department } from "@company-graph/domain";
import { host, loadConfig, milliseconds, port } from "../config";
import type { BaseContext } from "@apollo/server";
import { serveSubgraph, type RunningServer, type SubgraphDefinition } from "../server";
import { stopOnSignals } from "../shutdown";
import { createLogger } from "../observability/logger";
import { startTracing } from "../observability/tracing";
import { httpAccessLogSink } from "../auth/access-log";
import { subgraphSecurityConfig } from "../auth/config";
import { DEFAULT_CIRCUIT, DEFAULT_SOURCE_RETRIES } from "../source-client";
import type { CaseSystemClientOptions } from "./case-system-client";
import type { CaseSystemClient } from "./source-contract";
import { redisUrl, RedisOperationStore, type OperationStore } from "../operation-store";

/** Environment of a departmental subgraph process; see each subgraph's .env.example. */
export function departmentConfig(department: Department, env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      HOST: host(),
      PORT: port(DEFAULT_PORTS.subgraphs[department]),
      SOURCE_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.systems[department]}`),
      SOURCE_TIMEOUT_MS: milliseconds(2_000),
      SOURCE_RETRIES: z.coerce.number().int().min(0).max(10).default(DEFAULT_SOURCE_RETRIES),
      CIRCUIT_FAILURE_THRESHOLD: z.coerce.number().int().min(1).default(DEFAULT_CIRCUIT.failureThreshold),
      CIRCUIT_RESET_MS: milliseconds(DEFAULT_CIRCUIT.resetMs),
      REDIS_URL: redisUrl(),
    },
    env,
  );
}

export interface DepartmentProcess<Client extends CaseSystemClient, Context extends BaseContext> {
  department: Department;
  createClient: (options: CaseSystemClientOptions) => Client;
  createSubgraph: (options: { client: Client; operationStore?: OperationStore }) => SubgraphDefinition<Context> & { close: () => void };
}

/** The main of a departmental subgraph process: validated config, serve, drain on SIGTERM. */
export async function runDepartmentSubgraph<Client extends CaseSystemClient, Context extends BaseContext>(
  process_: DepartmentProcess<Client, Context>,
): Promise<RunningServer> {
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const config = departmentConfig(process_.department);
  startTracing({ serviceName: process_.department.toLowerCase() });
  const client = process_.createClient({
    baseUrl: config.SOURCE_URL,
    timeoutMs: config.SOURCE_TIMEOUT_MS,
    retries: config.SOURCE_RETRIES,
    circuit: { failureThreshold: config.CIRCUIT_FAILURE_THRESHOLD, resetMs: config.CIRCUIT_RESET_MS },
  });
  // Replicas share what one operation's fetches read (REDIS_URL); one process keeps it itself.
  const subgraph = process_.createSubgraph({
    client,
    ...(config.REDIS_URL
      ? { operationStore: RedisOperationStore.connect(config.REDIS_URL, { service: process_.department.toLowerCase() }) }
      : {}),
  });
  const security = subgraphSecurityConfig();
  const running = await serveSubgraph(
    subgraph,
    { host: config.HOST, port: config.PORT },
    { gatewayKeys: security.gatewayKeys, accessLog: httpAccessLogSink(security.accessLogUrl, security.accessLogSecret) },
  );
  createLogger(process_.department.toLowerCase()).info(
    { url: running.url, sourceUrl: config.SOURCE_URL, operationState: config.REDIS_URL ? "redis" : "process" },
    `${process_.department} subgraph ready at ${running.url}`,
  );
  stopOnSignals(process_.department.toLowerCase(), async () => {
    await running.stop();
    subgraph.close();
  });
  return running;
}
