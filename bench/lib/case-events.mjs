// Events per second the CRM applies (issue "løbende orientering"): for the embedded default
// (simulated broker, PGlite) and for production's transport and database (RabbitMQ, PostgreSQL,
// when the machine has them), one worker process each (lib/case-events-worker.mjs) on the
// generated world. 127.0.0.1 only; bounded by the number of events.
import { join } from "node:path";
import { connect } from "node:net";
import { loadAverage, startService } from "./processes.mjs";

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const RABBITMQ_URL = process.env.BENCH_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";

function listening(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port || defaultPort), hostname, () => (socket.destroy(), resolve(true)));
    socket.on("error", () => resolve(false));
  });
}

const SETUPS = [
  { database: "pglite", transport: "embedded", name: "embedded default: simulated broker (HTTP log), PGlite on disk" },
  { database: "postgres", transport: "rabbitmq", name: "production: RabbitMQ 127.0.0.1:5672, PostgreSQL 127.0.0.1:5432" },
];

export async function measureCaseEvents({ root, profile = "city", seed, now, events = 1000, log, baseEnv = process.env }) {
  const loadAtStart = loadAverage();
  const date = new Date().toISOString();
  const runs = [];
  const production = (await listening(POSTGRES_URL, 5432)) && (await listening(RABBITMQ_URL, 5672));
  if (!production) log("RabbitMQ or PostgreSQL is not listening: the case events are measured on the embedded default only");
  for (const setup of production ? SETUPS : SETUPS.slice(0, 1)) {
    const input = {
      profile,
      seed,
      now,
      events,
      database: setup.database,
      transport: setup.transport,
      postgresUrl: POSTGRES_URL,
      rabbitMqUrl: RABBITMQ_URL,
    };
    const worker = startService({
      name: `case-events-${setup.transport}`,
      command: process.execPath,
      args: [join(root, "bench/lib/case-events-worker.mjs"), JSON.stringify(input)],
      cwd: join(root, "subgraphs/crm"),
      env: { ...baseEnv, LOG_LEVEL: "warn" },
    });
    const code = await worker.exited;
    const line = worker.lines.find((entry) => entry.startsWith("RESULT "));
    if (!line) throw new Error(`the case-event worker (${setup.transport}) failed (exit ${code}):\n${worker.lines.slice(-40).join("\n")}`);
    const run = { ...JSON.parse(line.slice("RESULT ".length)), name: setup.name, loadAfter: loadAverage() };
    runs.push(run);
    log(
      `case events, ${setup.name}: ${run.events} in ${(run.ms / 1000).toFixed(1)} s = ${run.perSecond.toFixed(0)} events/s (${JSON.stringify(run.outcomes)}, ${run.notifications} notifications)`,
    );
  }
  return { date, loadAtStart, profile, seed, events, runs };
}

/** The section of RESULTS.md (between its markers) for one measurement. */
export function caseEventsSection(measurement) {
  const lines = [
    "<!-- case-events:start -->",
    "## Events per second the CRM applies",
    "",
    `Measured ${measurement.date.slice(0, 16).replace("T", " ")} UTC, load average at its start ${measurement.loadAtStart ?? "–"} (2 cores, shared with other work: read the rates as a floor); ${measurement.profile} profile (seed ${measurement.seed}). The department simulators (mocks, 127.0.0.1) announce ${measurement.events.toLocaleString("en")} changes of open cases through their outboxes (4 in 5 an update sent to the company, 1 in 5 a decision where none was made yet, which notifies the company's followers); with every event already waiting, the CRM's subscription (subgraphs/crm/dist) reads, validates and applies them, one transaction each (history row, notifications, the object's history check), on a fresh database holding the world's companies and key account managers. Timed from the first read to the last acknowledgement.`,
    "",
    "| transport and database | events | time | **events/s** | applied / duplicate / dead-lettered | notifications written | load average after |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const run of measurement.runs) {
    lines.push(
      `| ${run.name} | ${run.events.toLocaleString("en")} | ${(run.ms / 1000).toFixed(1)} s | **${run.perSecond.toFixed(0)}** | ${run.outcomes.applied} / ${run.outcomes.duplicate} / ${run.outcomes.rejected} | ${run.notifications} | ${run.loadAfter ?? "–"} |`,
    );
  }
  lines.push(
    "",
    "Run alone: `npm run bench -- --case-events` (`BENCH_CASE_EVENTS`, default 1,000 events; with `--quick` 200 on the small profile, RESULTS.md left as it is).",
    "<!-- case-events:end -->",
  );
  return lines.join("\n");
}

/** RESULTS.md with this section replaced, or added before the ablation section. */
export function withCaseEventsSection(previous, section) {
  const marked = /<!-- case-events:start -->[\s\S]*?<!-- case-events:end -->/;
  if (marked.test(previous)) return previous.replace(marked, () => section);
  const anchor = previous.indexOf("<!-- ablation:start -->");
  return anchor < 0 ? `${previous.trimEnd()}\n\n${section}\n` : `${previous.slice(0, anchor)}${section}\n\n${previous.slice(anchor)}`;
}
