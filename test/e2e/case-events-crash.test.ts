import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { connect, type ChannelModel } from "amqplib";
import pg from "pg";
import { applyMigrations, databaseConfig, deadLetterQueue, openDatabase, type CrmDatabase } from "@company-graph/crm";
import { MUNICIPALITY_CVR, caseEventRoutingKey, type CaseEventMessage } from "@company-graph/domain";
import { amqpPublisher, type CaseEventPublisher } from "@company-graph/mocks";

// The CRM process SIGKILLed while the departments' events flow, on RabbitMQ and PostgreSQL (the
// production transport and database): no acknowledgement is sent for what it had not committed,
// the broker redelivers what it held, and a restarted CRM finds the committed ones applied. Counted
// against the published message ids: every one in the history once, none applied twice.
// RabbitMQ and PostgreSQL are required: without them this fails, saying how to start them.

const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const CONSUMER = join(__dirname, "..", "harness", "case-event-consumer.cjs");
const suffix = randomBytes(6).toString("hex");
const topology = { exchange: `test.haendelser.${suffix}`, queue: `test.crm.${suffix}` };
const database = `crm_crash_${suffix}`;
const COMPANIES = ["10000009", "10000017"];

let broker: ChannelModel;
let crm: CrmDatabase;
let publisher: CaseEventPublisher;
const children: ChildProcessWithoutNullStreams[] = [];

async function postgresAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  await client.connect().catch((error: Error) => {
    throw new Error(
      `PostgreSQL svarer ikke / PostgreSQL does not answer at ${new URL(POSTGRES_URL).host} (${error.message}). Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
  });
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrl(): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

beforeAll(async () => {
  broker = await connect(RABBITMQ_URL).catch((error: Error) => {
    throw new Error(
      `RabbitMQ svarer ikke / RabbitMQ does not answer at ${new URL(RABBITMQ_URL).host} (${error.message}). Start it with: rabbitmq-server -detached`,
    );
  });
  await postgresAdmin(`CREATE DATABASE ${database}`);
  crm = await openDatabase(databaseConfig({ DATABASE_URL: databaseUrl() }));
  await applyMigrations(crm.migrationFactory());
  for (const cvr of COMPANIES) await crm.prisma.company.create({ data: { cvr, name: `Virksomhed ${cvr}` } });
  publisher = amqpPublisher(RABBITMQ_URL, { exchange: topology.exchange });
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await publisher?.close();
  await crm?.close();
  await postgresAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
  if (!broker) return;
  const channel = await broker.createChannel();
  await channel.deleteQueue(topology.queue);
  await channel.deleteQueue(deadLetterQueue(topology.queue));
  await channel.deleteExchange(topology.exchange);
  await broker.close();
});

/** A CRM replica's consumer process; its outcome lines, and a wait on them. */
function startConsumer() {
  const child = spawn(process.execPath, [CONSUMER], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(),
      CASE_EVENTS_URL: RABBITMQ_URL,
      CASE_EVENTS_QUEUE: topology.queue,
      CASE_EVENTS_EXCHANGE: topology.exchange,
      LOG_LEVEL: "warn",
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  const lines: string[] = [];
  const waiting: { done: () => boolean; resolve: () => void }[] = [];
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (!/^(OUTCOME|CONNECTED)/.test(line)) return;
    lines.push(line);
    for (const waiter of [...waiting]) {
      if (waiter.done()) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const ids = (kind: string) => lines.flatMap((line) => (line.startsWith(`OUTCOME ${kind} `) ? [line.split(" ")[2]] : []));
  return {
    child,
    exited,
    applied: () => ids("applied"),
    duplicates: () => ids("duplicate"),
    rejected: () => ids("rejected"),
    settled: () => lines.filter((line) => line.startsWith("OUTCOME ")).length,
    until(done: () => boolean): Promise<void> {
      if (done()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiting.push({ done, resolve });
        void exited.then(() => reject(new Error(`the consumer exited: ${stderr.slice(-2000)}`)));
      });
    },
    connected: () => lines.includes("CONNECTED"),
  };
}

function progressed(cvr: string): { messageId: string; routingKey: string; body: string } {
  const messageId = randomUUID();
  const caseId = `TMF-${messageId.slice(0, 8)}`;
  const message: CaseEventMessage = {
    envelope: {
      messageId,
      messageType: "case.progressed",
      senderAuthority: { cvr: MUNICIPALITY_CVR, department: "TMF" },
      kle: "05.04.12",
      sensitivity: "almindelig",
      occurredAt: "2026-11-20T09:00:00.000Z",
      objectId: caseId,
      cvr,
    },
    case: {
      id: caseId,
      caseNumber: `TMF-2026-${caseId.slice(-4)}`,
      serviceId: "tmf-outdoor-serving-permit",
      title: "Udeservering, Istedgade 12",
      progress: "Oplyst",
      openedAt: "2026-10-01T08:00:00.000Z",
      decidedAt: null,
      closedAt: null,
      lastUpdateSentAt: null,
      unitId: "tmf-roads",
    },
  };
  return { messageId, routingKey: caseEventRoutingKey("TMF", "case.progressed"), body: JSON.stringify(message) };
}

it("loses nothing and applies nothing twice when the CRM process is SIGKILLed mid-stream and started again", async () => {
  const first = startConsumer();
  await first.until(first.connected);
  const events = Array.from({ length: 80 }, (_, index) => progressed(COMPANIES[index % 2]));
  const publish = async (batch: typeof events) => {
    for (const event of batch) await publisher.publish({ ...event, messageType: "case.progressed" });
  };
  // Events flow; the process dies (no shutdown, no close handshake) after it applied ten.
  const publishing = publish(events.slice(0, 50));
  await first.until(() => first.applied().length >= 10);
  first.child.kill("SIGKILL");
  await first.exited;
  await publishing;
  // The departments go on publishing while no CRM consumes.
  await publish(events.slice(50));

  const second = startConsumer();
  const ids = events.map((event) => event.messageId);
  // The killed process may have committed (even acknowledged) one it never reported, so the end is
  // read from the history, checked after each delivery the restarted one settles.
  const inHistory = () => crm.prisma.companyChange.count({ where: { messageId: { in: ids } } });
  for (let seen = 0; (await inHistory()) < events.length; seen = second.settled()) await second.until(() => second.settled() > seen);

  expect(first.applied().length).toBeLessThan(50); // killed with deliveries still to apply
  const applied = [...first.applied(), ...second.applied()];
  expect(new Set(applied).size).toBe(applied.length); // 0 applied twice
  expect([...first.rejected(), ...second.rejected()]).toEqual([]);
  // What the killed one committed and did not acknowledge came back, and was found applied.
  expect(second.duplicates().filter((id) => second.applied().includes(id))).toEqual([]);
  const history = await crm.prisma.companyChange.findMany({
    where: { messageId: { in: ids } },
    orderBy: { sequence: "asc" },
    select: { messageId: true, cvr: true },
  });
  expect(history).toHaveLength(events.length); // 0 lost
  // Each company's events in the order its department published them.
  for (const cvr of COMPANIES) {
    expect(history.filter((change) => change.cvr === cvr).map((change) => change.messageId)).toEqual(
      events.filter((event) => event.body.includes(`"cvr":"${cvr}"}`)).map((event) => event.messageId),
    );
  }
  const channel = await broker.createChannel();
  expect(await channel.checkQueue(topology.queue)).toMatchObject({ messageCount: 0 });
  expect(await channel.checkQueue(deadLetterQueue(topology.queue))).toMatchObject({ messageCount: 0 });
  await channel.close();
  second.child.kill("SIGTERM");
  await second.exited;
});
