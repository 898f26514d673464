import pino, { type DestinationStream, type Logger } from "pino";
import { trace } from "@opentelemetry/api";

/**
 * A Danish personal identity number (CPR) as people write it, ddmmyy-nnnn. Without the dash it
 * cannot be told apart from a P-number, so that form is caught by field name (REDACTED_PATHS).
 */
const CPR_PATTERN = /\b\d{6}-\d{4}\b/g;
const CPR_MASK = "[CPR removed]";

/** Fields that hold personal data or secrets, wherever they appear in a log line (research.md §3). */
const REDACTED_PATHS = [
  "cpr",
  "*.cpr",
  "*.*.cpr",
  "variables",
  "*.variables",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "*.headers.cookie",
];

export interface LogSink {
  write(line: string): void;
  flushSync?(): void;
}

/**
 * stdout, written asynchronously: a synchronous write per request line cost the gateway ~0.1 ms
 * of its ~3 ms trivial query (bench/). Lines that arrive while a write is in flight go out
 * together; pino flushes what is left when the process exits and after a fatal line.
 */
let stdout: LogSink | undefined;
const standardOutput = (): LogSink => (stdout ??= pino.destination({ dest: 1, sync: false }));
let sink: LogSink | undefined;
let root: Logger | undefined;

/** LOG_LEVEL, or "info"; tests are silent unless LOG_LEVEL says otherwise. */
function configuredLevel(env: NodeJS.ProcessEnv = process.env): string {
  return env.LOG_LEVEL || (env.NODE_ENV === "test" ? "silent" : "info");
}

/** Removes CPR-shaped text from every string of a log record, however it got there (e.g. in an error message). */
export function scrubPersonalData<T>(value: T): T {
  if (typeof value === "string") return value.replace(CPR_PATTERN, CPR_MASK) as T;
  if (value instanceof Error) return scrubPersonalData(pino.stdSerializers.err(value)) as T;
  if (Array.isArray(value)) return value.map(scrubPersonalData) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, scrubPersonalData(field)])) as T;
  }
  return value;
}

function rootLogger(): Logger {
  root ??= pino(
    {
      level: configuredLevel(),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }), log: (record) => scrubPersonalData(record) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === "string" ? scrubPersonalData(arg) : arg)) as Parameters<typeof method>);
        },
      },
      // The active span's ids on every line, so a log line leads to its trace and back.
      mixin() {
        const span = trace.getActiveSpan()?.spanContext();
        return span && trace.isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
      },
    },
    // flushSync: pino calls it after a fatal line, so the last words reach stdout before an exit.
    {
      write: (line: string) => (sink ?? standardOutput()).write(line),
      flushSync: () => (sink ?? standardOutput()).flushSync?.(),
    } as DestinationStream,
  );
  return root;
}

/** The logger of one service (gateway, crm, bif, …): JSON lines on stdout, one per event. */
export function createLogger(service: string, bindings: Record<string, unknown> = {}): Logger {
  return rootLogger().child({ service, ...bindings });
}

/**
 * Sends log lines somewhere else, e.g. to a test that inspects them. Affects loggers created
 * afterwards; returns a function that restores the previous sink and level.
 */
export function redirectLogs(destination: LogSink, level = "debug"): () => void {
  const logger = rootLogger();
  const previous = { sink, level: logger.level };
  sink = destination;
  logger.level = level;
  return () => {
    sink = previous.sink;
    logger.level = previous.level;
  };
}

export type { Logger };
