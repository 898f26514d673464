import { DEFAULT_PORTS, DEPARTMENTS, type Department } from "@company-graph/domain";
import { generateWorld } from "./generator/index";
import { DEFAULT_NOW, DEFAULT_SEED, type ProfileName, isProfileName } from "./generator/profiles";
import { DEFAULT_CVR_CREDENTIALS, startSimulatorServers } from "./server";

export interface SimulatorConfig {
  profile: ProfileName;
  seed: number;
  now: string;
  host: string;
  ports: Record<Department, number>;
  brokerPort: number;
  /** SIMULATOR_CASE_EVENTS_AMQP_URL: the departments publish to this RabbitMQ instead of the simulated broker. */
  amqpUrl: string | undefined;
  cvr: { port: number; username: string; password: string };
}

/** Reads and checks the environment (see .env.example); lists every problem at once. */
export function readSimulatorConfig(env: NodeJS.ProcessEnv = process.env): SimulatorConfig {
  const problems: string[] = [];
  const profile = env.SIMULATOR_PROFILE ?? "small";
  if (!isProfileName(profile)) problems.push(`SIMULATOR_PROFILE must be "small" or "city", got "${profile}"`);
  const seed = integer(env, "SIMULATOR_SEED", DEFAULT_SEED, 0, 2 ** 32 - 1, problems);
  const now = env.SIMULATOR_NOW ?? DEFAULT_NOW;
  if (Number.isNaN(Date.parse(now))) problems.push(`SIMULATOR_NOW must be an ISO 8601 date-time, got "${now}"`);
  const host = env.SIMULATOR_HOST ?? "127.0.0.1";
  if (!["127.0.0.1", "::1", "localhost"].includes(host))
    problems.push(`SIMULATOR_HOST must be a loopback address (127.0.0.1, ::1, localhost), got "${host}"`);
  const ports = {} as Record<Department, number>;
  for (const department of DEPARTMENTS)
    ports[department] = integer(env, `SIMULATOR_PORT_${department}`, DEFAULT_PORTS.systems[department], 0, 65_535, problems);
  const brokerPort = integer(env, "SIMULATOR_PORT_BROKER", DEFAULT_PORTS.broker, 0, 65_535, problems);
  const amqpUrl = env.SIMULATOR_CASE_EVENTS_AMQP_URL || undefined;
  if (amqpUrl !== undefined && !loopbackAmqp(amqpUrl))
    problems.push(`SIMULATOR_CASE_EVENTS_AMQP_URL must be an amqp:// URL on a loopback address, got "${amqpUrl}"`);
  const cvrPort = integer(env, "SIMULATOR_PORT_CVR", DEFAULT_PORTS.cvrRegister, 0, 65_535, problems);
  const cvrUsername = env.SIMULATOR_CVR_USERNAME || DEFAULT_CVR_CREDENTIALS.username;
  const cvrPassword = env.SIMULATOR_CVR_PASSWORD || DEFAULT_CVR_CREDENTIALS.password;
  if (cvrUsername.includes(":")) problems.push("SIMULATOR_CVR_USERNAME must not contain a colon (HTTP Basic auth)");
  if (problems.length > 0) throw new Error(`invalid simulator configuration:\n  ${problems.join("\n  ")}`);
  return {
    profile: profile as ProfileName,
    seed,
    now: new Date(now).toISOString(),
    host,
    ports,
    brokerPort,
    amqpUrl,
    cvr: { port: cvrPort, username: cvrUsername, password: cvrPassword },
  };
}

function loopbackAmqp(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === "amqp:" && ["127.0.0.1", "[::1]", "localhost"].includes(url.hostname);
  } catch {
    return false;
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

async function main(): Promise<void> {
  let config: SimulatorConfig;
  try {
    config = readSimulatorConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const started = performance.now();
  const world = generateWorld({ profile: config.profile, seed: config.seed, now: config.now });
  const generatedIn = Math.round(performance.now() - started);
  const servers = await startSimulatorServers({
    world,
    host: config.host,
    ports: config.ports,
    brokerPort: config.brokerPort,
    amqp: config.amqpUrl ? { url: config.amqpUrl } : undefined,
    cvr: config.cvr,
  });
  console.log(
    `Generated the ${world.profile} world (seed ${world.seed}, now ${world.now}) in ${generatedIn} ms: ${world.companies.length} companies`,
  );
  for (const department of DEPARTMENTS) {
    console.log(
      `${department} simulator ready at ${servers.urls[department]} (${world.cases[department].length} cases, ${world.permits[department].length} permits)`,
    );
  }
  console.log(
    config.amqpUrl
      ? `Business events go to RabbitMQ at ${new URL(config.amqpUrl).host}`
      : `Message broker (business events) ready at ${servers.brokerUrl}`,
  );
  console.log(
    `CVR register (simulated) ready at ${servers.cvrUrl} (${servers.cvr.companyCount} companies, ${servers.cvr.productionUnitCount} production units)`,
  );
  console.log(
    `Showcase CVRs: ${Object.entries(world.showcase)
      .map(([name, cvr]) => `${name} ${cvr}`)
      .join(", ")}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the simulators`);
    servers.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
