// One CRM replica's subscription to the departments' business events as a process of its own, so
// a test can SIGKILL it mid-stream: the CRM's own code (its built package) on a PostgreSQL
// database and RabbitMQ, printing one line per settled delivery (`OUTCOME <kind> <message id or
// reason>`) and `CONNECTED` when subscribed.
//   DATABASE_URL=postgresql://… CASE_EVENTS_URL=amqp://… CASE_EVENTS_QUEUE=… CASE_EVENTS_EXCHANGE=… node case-event-consumer.cjs
process.env.APOLLO_TELEMETRY_DISABLED = "true";
process.env.CHECKPOINT_DISABLE = "1";
const { createCaseEventSubscription, databaseConfig, openDatabase } = require("@company-graph/crm");

async function main() {
  const db = await openDatabase(databaseConfig({ DATABASE_URL: process.env.DATABASE_URL }));
  const subscription = createCaseEventSubscription({
    db: db.prisma,
    url: process.env.CASE_EVENTS_URL,
    queue: process.env.CASE_EVENTS_QUEUE,
    exchange: process.env.CASE_EVENTS_EXCHANGE,
    prefetch: 10,
    intervalMs: 20,
  });
  subscription.on("outcome", (outcome) =>
    process.stdout.write(`OUTCOME ${outcome.kind} ${outcome.kind === "rejected" ? outcome.reason : outcome.messageId}\n`),
  );
  subscription.on("connected", () => process.stdout.write("CONNECTED\n"));
  await subscription.start();
  process.on("SIGTERM", async () => {
    await subscription.stop();
    await db.close();
    process.exit(0);
  });
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
