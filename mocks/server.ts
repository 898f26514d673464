import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEPARTMENTS, type Department } from "@company-graph/domain";
import { createServer as createMswApp } from "@mswjs/http-middleware";
import { generateWorld, type World } from "./generator/index";
import { type DepartmentSimulator, createSimulators } from "./shared/department-api";
import { CaseEventBroker } from "./broker/case-events";
import { amqpPublisher, embeddedPublisher } from "./broker/publishers";
import { CvrRegister } from "./cvr/register";

export interface SimulatorServerOptions {
  /** Defaults to the small profile with the default seed. */
  world?: World;
  /** Loopback only; defaults to 127.0.0.1. */
  host?: string;
  /** Port per department; 0 (the default) picks a free one. */
  ports?: Partial<Record<Department, number>>;
  /** Port of the simulated message broker the departments announce their business events to; 0 picks one. */
  brokerPort?: number;
  /** Publish the business events to this AMQP broker (RabbitMQ) instead of the simulated one. */
  amqp?: { url: string; exchange?: string };
  /** The simulated CVR register: its port (0 picks one) and the Basic auth credentials it accepts. */
  cvr?: { port?: number; username: string; password: string };
}

export interface SimulatorServers {
  urls: Record<Department, string>;
  /** The simulated message broker (business events; empty when they go to AMQP). */
  brokerUrl: string;
  broker: CaseEventBroker;
  /** The simulated CVR register (companies and production units as Erhvervsstyrelsen serves them). */
  cvrUrl: string;
  cvr: CvrRegister;
  /** The same simulators in-process, for switching faults or reading counts without HTTP. */
  simulators: { [D in Department]: DepartmentSimulator<D> };
  close(): Promise<void>;
}

/** What the simulated register accepts unless told otherwise (development only; the real register issues its own). */
export const DEFAULT_CVR_CREDENTIALS = { username: "company-graph", password: "simulated-cvr" } as const;

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/**
 * The four simulated systems as real HTTP servers, each serving exactly the msw handlers the
 * tests use. Handlers get relative paths ("" base URL) so they answer on whatever port the
 * server got.
 */
export async function startSimulatorServers(options: SimulatorServerOptions = {}): Promise<SimulatorServers> {
  const host = options.host ?? "127.0.0.1";
  // The data looks like personal data; the simulators are for this machine only.
  if (!LOOPBACK.has(host)) throw new Error(`the simulators listen on loopback only (127.0.0.1, ::1, localhost), not "${host}"`);
  const world = options.world ?? generateWorld({ profile: "small" });
  const broker = new CaseEventBroker();
  const publisher = options.amqp ? amqpPublisher(options.amqp.url, { exchange: options.amqp.exchange }) : embeddedPublisher(broker);
  const simulators = createSimulators(world, { baseUrlFor: () => "", publisher });
  const cvr = new CvrRegister(world, {
    baseUrl: "",
    username: options.cvr?.username ?? DEFAULT_CVR_CREDENTIALS.username,
    password: options.cvr?.password ?? DEFAULT_CVR_CREDENTIALS.password,
  });
  const servers: Server[] = [];
  const serve = async (handlers: Parameters<typeof createMswApp>, port: number) => {
    const app = createMswApp(...handlers);
    const server = createHttpServer((request, response) => {
      resetOnNetworkError(request, response);
      app(request, response);
    });
    servers.push(server);
    return `http://${host.includes(":") ? `[${host}]` : host}:${await listen(server, port, host)}`;
  };
  const urls = {} as Record<Department, string>;
  let brokerUrl: string;
  let cvrUrl: string;
  try {
    for (const department of DEPARTMENTS) urls[department] = await serve(simulators[department].handlers, options.ports?.[department] ?? 0);
    brokerUrl = await serve(broker.handlers(""), options.brokerPort ?? 0);
    cvrUrl = await serve(cvr.handlers(), options.cvr?.port ?? 0);
  } catch (error) {
    await Promise.all(servers.map(stop));
    throw error;
  }
  const close = async () => {
    for (const simulator of Object.values(simulators)) simulator.outbox.stop();
    await Promise.all([...servers.map(stop), publisher.close()]);
  };
  return { urls, brokerUrl, broker, cvrUrl, cvr, simulators, close };
}

/**
 * msw's HttpResponse.error() reaches Node as status 0, which http-middleware would turn into a
 * 500. A network error means the connection dies, so reset the socket instead.
 */
function resetOnNetworkError(request: IncomingMessage, response: ServerResponse): void {
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  (response as unknown as { writeHead: (...args: unknown[]) => ServerResponse }).writeHead = (statusCode: unknown, ...rest: unknown[]) => {
    if (statusCode === 0) {
      request.socket.resetAndDestroy();
      return response;
    }
    return writeHead(statusCode, ...rest);
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Hanging requests (the hang fault) never end by themselves, so close their connections too. */
function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
