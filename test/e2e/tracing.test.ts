import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  InMemorySpanExporter,
  redirectLogs,
  SpanKind,
  startTracing,
  stopTracing,
  type ReadableSpan,
} from "@company-graph/kit/observability";
import { startGraph, type Graph } from "../harness/graph";

const OPERATIONS = join(__dirname, "..", "operations");
const COMPANY_VIEW = readFileSync(join(OPERATIONS, "CompanyView.graphql"), "utf8");
const DEPARTMENTS = ["BIF", "TMF", "KFF", "OKF"];
const SUBGRAPHS = ["crm", "bif", "tmf", "kff", "okf"];

/** Wakes the waiting test whenever a span is exported or a log line is written. */
const observers = new Set<() => void>();
const changed = () => observers.forEach((observe) => observe());
class ObservedExporter extends InMemorySpanExporter {
  override export(...args: Parameters<InMemorySpanExporter["export"]>): void {
    super.export(...args);
    changed();
  }
}
const exporter = new ObservedExporter();
const logLines: string[] = [];
let restoreLogs: () => void;
let graph: Graph;

beforeAll(async () => {
  startTracing({ serviceName: "company-graph-e2e", exporter });
  restoreLogs = redirectLogs({ write: (line) => void (logLines.push(line), changed()) }, "debug");
  graph = await startGraph();
});
afterAll(async () => {
  await graph?.stop();
  restoreLogs?.();
  await stopTracing();
});

const service = (span: ReadableSpan) => span.attributes["company_graph.service"];
const parentOf = (span: ReadableSpan, spans: ReadableSpan[]) =>
  spans.find((candidate) => candidate.spanContext().spanId === span.parentSpanContext?.spanId);

/**
 * Server spans end (and request lines are logged) when the response has been written, which can be
 * just after the client read it: waits for the predicate, re-checked on every export and log line.
 */
function spansOfTrace(predicate: (spans: ReadableSpan[]) => boolean): Promise<ReadableSpan[]> {
  return new Promise((resolve) => {
    const check = () => {
      if (!predicate(exporter.getFinishedSpans())) return;
      observers.delete(check);
      resolve(exporter.getFinishedSpans());
    };
    observers.add(check);
    check();
  });
}

describe("one trace from the gateway through every subgraph to every source system", () => {
  it("gives a company view one trace id across gateway, subgraph and source-call spans, each the child of the one before", async () => {
    exporter.reset();
    const cvr = graph.world.companies[0].cvr;
    const response = await graph.query(COMPANY_VIEW, { cvr });
    expect(response.errors).toBeUndefined();

    const spans = await spansOfTrace((all) => all.some((span) => service(span) === "gateway" && span.kind === SpanKind.SERVER));
    const gatewayRequest = spans.find((span) => service(span) === "gateway" && span.kind === SpanKind.SERVER)!;
    expect(gatewayRequest.attributes["graphql.operation.name"]).toBe("CompanyView");
    const traceId = gatewayRequest.spanContext().traceId;
    const trace = spans.filter((span) => span.spanContext().traceId === traceId);
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([traceId]));

    // @apollo/gateway's own spans (plan, fetch) sit in the same trace, under our server span.
    const fetches = trace.filter((span) => span.name === "gateway.fetch");
    expect(fetches.length).toBeGreaterThanOrEqual(SUBGRAPHS.length);
    expect(trace.some((span) => span.name === "gateway.plan")).toBe(true);

    for (const subgraph of SUBGRAPHS) {
      const subgraphRequests = trace.filter((span) => service(span) === subgraph && span.kind === SpanKind.SERVER);
      expect(subgraphRequests.length).toBeGreaterThan(0);
      // The subgraph continued the trace from the traceparent header the gateway's fetch sent.
      for (const request of subgraphRequests) expect(parentOf(request, trace)?.name).toBe("gateway.fetch");
    }
    for (const department of DEPARTMENTS) {
      const sourceCalls = trace.filter(
        (span) => span.kind === SpanKind.CLIENT && span.attributes["company_graph.department"] === department,
      );
      expect(sourceCalls.map((span) => span.name)).toEqual([`GET ${department} /company-records`]);
      for (const call of sourceCalls) {
        // The source call belongs to its own department's subgraph request (through resolver spans, if any).
        let ancestor = parentOf(call, trace);
        while (ancestor && ancestor.kind !== SpanKind.SERVER) ancestor = parentOf(ancestor, trace);
        expect(ancestor && service(ancestor)).toBe(department.toLowerCase());
      }
    }
  });

  it("sends a W3C traceparent to the department systems", async () => {
    const seen: string[] = [];
    const systems = Object.values(graph.simulators).map((simulator) => simulator.baseUrl);
    const listener = ({ request }: { request: Request }) => {
      if (systems.some((baseUrl) => request.url.startsWith(baseUrl))) seen.push(request.headers.get("traceparent") ?? "none");
    };
    graph.msw.events.on("request:start", listener);
    try {
      exporter.reset();
      await graph.query(COMPANY_VIEW, { cvr: graph.world.companies[1].cvr });
    } finally {
      graph.msw.events.removeListener("request:start", listener);
    }
    expect(seen.length).toBe(DEPARTMENTS.length);
    const traceIds = new Set(seen.map((header) => /^00-([0-9a-f]{32})-[0-9a-f]{16}-0[01]$/.exec(header)?.[1]));
    expect(traceIds.size).toBe(1);
    expect([...traceIds][0]).toMatch(/^[0-9a-f]{32}$/);
  });
});

/**
 * The level a request line must have: its ordinary level, or warn when it took the kit's
 * SLOW_REQUEST_MS (1 s) or more. The duration is the line's own, so a loaded machine cannot fail the test.
 */
const ordinaryOrSlow = (line: Record<string, unknown>, ordinary: string) => (Number(line.durationMs) >= 1_000 ? "warn" : ordinary);

describe("structured request logs", () => {
  // Word boundaries: request ids are UUIDs, whose hex groups can hold "…391683-4145…".
  const CPR = /\b\d{6}-\d{4}\b/;

  it("logs one JSON line per request with request id and trace id, on the gateway and on the subgraphs", async () => {
    logLines.length = 0;
    const response = await fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${graph.tokenFor()}`, "x-request-id": "req-e2e-1" },
      body: JSON.stringify({ query: COMPANY_VIEW, variables: { cvr: graph.world.companies[2].cvr }, operationName: "CompanyView" }),
    });
    expect(response.headers.get("x-request-id")).toBe("req-e2e-1");
    await response.json();
    await spansOfTrace(() => logLines.some((line) => line.includes("req-e2e-1")));
    const records = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const gatewayLine = records.find((record) => record.service === "gateway" && record.msg === "request")!;
    expect(gatewayLine).toMatchObject({
      requestId: "req-e2e-1",
      operation: "CompanyView",
      status: 200,
      level: ordinaryOrSlow(gatewayLine, "info"),
    });
    // Subgraph fetches log at debug: at the default level only their failures and slow ones appear.
    expect(gatewayLine.traceId).toMatch(/^[0-9a-f]{32}$/);
    const subgraphLines = records.filter((record) => SUBGRAPHS.includes(String(record.service)) && record.msg === "request");
    expect(new Set(subgraphLines.map((record) => record.service))).toEqual(new Set(SUBGRAPHS));
    for (const line of subgraphLines) expect(line).toMatchObject({ traceId: gatewayLine.traceId, level: ordinaryOrSlow(line, "debug") });
  });

  it("never writes a CPR number, whether it came in variables, the query text or a response", async () => {
    logLines.length = 0;
    const subject = graph.world.cases.BIF.find((sourceCase) => sourceCase.caseType === "sick-pay-refund")!;
    const cpr = (subject.details as { employee: { cpr: string } }).employee.cpr;
    expect(cpr).toMatch(CPR);
    const caseworker = await graph.queryAs(
      { role: "CASEWORKER", department: "BIF" },
      readFileSync(join(OPERATIONS, "CaseworkerRefundCase.graphql"), "utf8"),
      { cvr: subject.cvr },
      { "x-purpose": "e2e log check" },
    );
    expect(JSON.stringify(caseworker.data)).toContain(cpr);
    await graph.queryAs("AUDITOR", readFileSync(join(OPERATIONS, "AccessLog.graphql"), "utf8"), { subjectCpr: cpr });
    await graph.query(`{ company(cvr: "${cpr}") { cvr } }`);
    await graph.query(`query Lookup($cvr: ID!) { company(cvr: $cvr) { cvr } }`, { cvr: cpr, cpr });
    await spansOfTrace(() => logLines.filter((line) => line.includes('"msg":"request"')).length >= 4);
    // The CPR did reach the logger (in the error about the CPR given as a CVR) and was removed there.
    expect(logLines.some((line) => line.includes("[CPR removed]"))).toBe(true);
    for (const line of logLines) expect(line).not.toMatch(CPR);
  });
});
