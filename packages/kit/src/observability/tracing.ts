import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

export interface TracingOptions {
  /** `service.name` of the spans: gateway, crm, bif, … */
  serviceName: string;
  /** Receives every span as it ends; tests pass an in-memory exporter. */
  exporter?: SpanExporter;
  env?: NodeJS.ProcessEnv;
}

export interface Tracing {
  shutdown: () => Promise<void>;
}

let running: Tracing | undefined;

/**
 * Registers the process's tracer provider, W3C trace-context propagation and async context.
 * Spans get ids (for logs and propagation) even with no exporter, but are recorded and leave the
 * process only when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) names a collector or a
 * test passes an exporter. Once per process.
 */
export function startTracing(options: TracingOptions): Tracing {
  if (running) return running;
  const env = options.env ?? process.env;
  const spanProcessors: SpanProcessor[] = [];
  if (options.exporter) spanProcessors.push(new SimpleSpanProcessor(options.exporter));
  // The exporter reads the endpoint, headers and timeout from the standard OTEL_* variables itself.
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": options.serviceName }),
    spanProcessors,
    // With nowhere to send spans, record none: they still get ids (log lines, traceparent) but
    // cost no attributes, events or timing on every request.
    ...(spanProcessors.length ? {} : { sampler: new AlwaysOffSampler() }),
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  running = {
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      running = undefined;
    },
  };
  return running;
}

/** Flushes and stops the process's tracing, if started: the last spans reach the collector before exit. */
export async function stopTracing(): Promise<void> {
  await running?.shutdown();
}

export function tracer() {
  return trace.getTracer("company-graph");
}

/** Writes the active trace context as a `traceparent` header into outgoing request headers. */
export function injectTraceHeaders(headers: { set(name: string, value: string): void }, from: Context = context.active()): void {
  propagation.inject(from, headers, { set: (carrier, name, value) => carrier.set(name, value) });
}

/** The trace context an incoming request carries in its `traceparent` header, if any. */
export function extractTraceContext(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(context.active(), headers, {
    get: (carrier, name) => carrier[name],
    keys: (carrier) => Object.keys(carrier),
  });
}

/** The active trace id, for log lines and error reports. */
export function activeTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** Runs `work` in a new active span, records its failure, and ends the span. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

export { SpanKind };
/** For tests and tools that inspect spans in-process: pass one as `exporter` to startTracing. */
export { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
