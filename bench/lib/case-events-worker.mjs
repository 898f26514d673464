// The CRM applying the departments' business events, in a process of its own: the generated
// world's department simulators (mocks, real HTTP on 127.0.0.1) announce `events` changes of open
// cases through their outboxes, to the simulated broker or to RabbitMQ; the CRM's subscription
// (subgraphs/crm/dist, as the CRM runs it) applies them to a fresh, migrated database holding the
// world's companies and its key account managers. Timed from the first read to the last
// acknowledgement, with every event already waiting, so the rate is the CRM's own, not the
// publishers'. Prints `RESULT <json>` as its last line.
//
//   node bench/lib/case-events-worker.mjs '<json: { profile, seed, now, events, database, postgresUrl, transport, rabbitMqUrl }>'
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const requireFromCrm = createRequire(join(root, "subgraphs/crm/package.json"));
const crm = requireFromCrm(join(root, "subgraphs/crm/dist/index.js"));
const { demoDataOf, seedDemoData } = requireFromCrm(join(root, "subgraphs/crm/dev/dist/demo-data.js"));
const mocks = requireFromCrm(join(root, "mocks/dist/index.js"));
const pg = requireFromCrm("pg");
const amqp = requireFromCrm("amqplib");

const input = JSON.parse(process.argv[2]);
const suffix = randomBytes(6).toString("hex");

async function postgresAdmin(sql) {
  const client = new pg.Client({ connectionString: input.postgresUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh CRM database, migrated and filled with the world's companies and staff as `npm start` fills it; its teardown. */
async function crmDatabase(world) {
  let dataDir;
  let config;
  if (input.database === "postgres") {
    const url = new URL(input.postgresUrl);
    url.pathname = `/bench_case_events_${suffix}`;
    await postgresAdmin(`CREATE DATABASE bench_case_events_${suffix}`);
    config = crm.databaseConfig({ DATABASE_URL: url.toString() });
  } else {
    dataDir = mkdtempSync(join(tmpdir(), "bench-case-events-"));
    config = crm.databaseConfig({ CRM_DATA_DIR: dataDir });
  }
  const db = await crm.openDatabase(config);
  await crm.applyMigrations(db.migrationFactory());
  for (let start = 0; start < world.companies.length; start += 1000) {
    await db.prisma.company.createMany({
      data: world.companies.slice(start, start + 1000).map((company) => ({ cvr: company.cvr, name: company.name })),
    });
  }
  // The staff and the key account managers (who follow their accounts); no contacts or inquiries, which the events never touch.
  await seedDemoData(db.prisma, { ...demoDataOf(world), contacts: [], inquiries: [] }, { now: new Date(world.now), env: {} });
  return {
    db,
    async destroy() {
      await db.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      else await postgresAdmin(`DROP DATABASE IF EXISTS bench_case_events_${suffix} WITH (FORCE)`);
    },
  };
}

/** `count` changes of open cases across the departments: mostly updates sent to the company, a decision where none was made (which notifies the followers). */
function announce(servers, world, count) {
  const cases = ["BIF", "TMF", "KFF", "OKF"].flatMap((department) =>
    world.cases[department].filter((found) => !found.closedAt).map((found) => [department, found.id]),
  );
  for (let index = 0; index < count; index++) {
    const [department, id] = cases[(index * 7919) % cases.length];
    const changes = servers.simulators[department].changes;
    const found = world.cases[department].find((candidate) => candidate.id === id);
    if (index % 5 === 0 && !found.decidedAt) changes.decide(id);
    else changes.sendUpdate(id);
  }
}

const started = performance.now();
const world = mocks.generateWorld({ profile: input.profile, seed: input.seed, now: input.now });
const generatedMs = performance.now() - started;
const { db, destroy } = await crmDatabase(world);
const seededMs = performance.now() - started - generatedMs;
const topology = { exchange: `bench.haendelser.${suffix}`, queue: `bench.crm.${suffix}` };
const servers = await mocks.startSimulatorServers({
  world,
  ...(input.transport === "rabbitmq" ? { amqp: { url: input.rabbitMqUrl, exchange: topology.exchange } } : {}),
});
const outcomes = { applied: 0, duplicate: 0, rejected: 0 };
let failedReads = 0;
let ms;
try {
  if (input.transport === "rabbitmq") {
    const subscription = crm.createCaseEventSubscription({
      db: db.prisma,
      url: input.rabbitMqUrl,
      queue: topology.queue,
      exchange: topology.exchange,
      prefetch: 20,
      intervalMs: 20,
    });
    // Declared and bound, then left while the departments publish, so the queue holds every event.
    await subscription.start();
    await subscription.stop();
    announce(servers, world, input.events);
    for (const simulator of Object.values(servers.simulators)) {
      while (simulator.outbox.status.pending > 0) await simulator.outbox.flush();
    }
    const done = new Promise((resolve) =>
      subscription.on("outcome", (outcome) => {
        outcomes[outcome.kind]++;
        if (outcomes.applied + outcomes.duplicate + outcomes.rejected === input.events) resolve();
      }),
    );
    const from = performance.now();
    await subscription.start();
    await done;
    ms = performance.now() - from;
    await subscription.stop();
    const connection = await amqp.connect(input.rabbitMqUrl);
    const channel = await connection.createChannel();
    await channel.deleteQueue(topology.queue);
    await channel.deleteQueue(crm.deadLetterQueue(topology.queue));
    await channel.deleteExchange(topology.exchange);
    await connection.close();
  } else {
    announce(servers, world, input.events);
    const subscription = crm.createCaseEventSubscription({
      db: db.prisma,
      url: servers.brokerUrl,
      queue: "crm.haendelser",
      prefetch: 20,
      intervalMs: 60_000,
      poll: false,
    });
    subscription.on("outcome", (outcome) => outcomes[outcome.kind]++);
    const from = performance.now();
    // A read that failed (a keep-alive connection the loaded server closed as it was reused) is
    // read again from the stored position, as the subscription's own timer does.
    for (let read = 1; read > 0;) {
      read = await subscription.pollOnce().catch(() => (failedReads++, 1));
      if (failedReads > 20) throw new Error("the simulated broker failed 20 reads");
    }
    ms = performance.now() - from;
    await subscription.stop();
  }
  const notifications = await db.prisma.notification.count();
  console.log(
    `RESULT ${JSON.stringify({ database: input.database, transport: input.transport, events: input.events, ms, perSecond: (input.events / ms) * 1000, outcomes, failedReads, notifications, companies: world.companies.length, generatedMs, seededMs })}`,
  );
} finally {
  await servers.close();
  await destroy();
}
