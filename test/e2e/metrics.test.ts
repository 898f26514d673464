import { print } from "graphql";
import { DEPARTMENTS, subgraphName } from "@company-graph/domain";
import { CompanyViewDocument, type CompanyViewQuery, type CompanyViewQueryVariables } from "../generated/graphql";
import { startGraph, type Graph } from "../harness/graph";

// Typed by graphql-codegen from test/operations/CompanyView.graphql (test/codegen.ts): a change
// to the operation or the schema that breaks this use fails the typecheck.
const COMPANY_VIEW = print(CompanyViewDocument);
const companyView = (cvr: string) => graph.query<CompanyViewQuery>(COMPANY_VIEW, { cvr } satisfies CompanyViewQueryVariables);
const SUBGRAPHS = ["crm", ...DEPARTMENTS.map(subgraphName)];

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text exposition format (v0.0.4): `name{label="value",…} number`. */
function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[name] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await response.text());
}

function value(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  return samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted))
    ?.value;
}

describe("Prometheus /metrics on the gateway and every subgraph", () => {
  let gateway: Sample[];

  beforeAll(async () => {
    const cvr = graph.world.companies[0].cvr;
    const view = await companyView(cvr);
    expect(view.errors).toBeUndefined();
    expect(view.data?.company?.cases.incompleteDepartments).toEqual([]);
    expect((await companyView("12345678")).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    gateway = await scrape(`${graph.gatewayBase}/metrics`);
  });

  it("counts and times gateway requests per operation name, and errors by code", () => {
    expect(
      value(gateway, "graphql_requests_total", { service: "gateway", operation: "CompanyView", outcome: "ok" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(gateway, "graphql_requests_total", { service: "gateway", operation: "CompanyView", outcome: "error" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(gateway, "graphql_request_duration_seconds_count", { service: "gateway", operation: "CompanyView" }),
    ).toBeGreaterThanOrEqual(2);
    const seconds = value(gateway, "graphql_request_duration_seconds_sum", { service: "gateway", operation: "CompanyView" })!;
    expect(seconds).toBeGreaterThan(0);
    // In seconds, shown by the buckets (5 ms to 10 s), not by bounding how long the requests took.
    expect(
      value(gateway, "graphql_request_duration_seconds_bucket", { service: "gateway", operation: "CompanyView", le: "0.005" }),
    ).toBeDefined();
    expect(
      value(gateway, "graphql_request_duration_seconds_bucket", { service: "gateway", operation: "CompanyView", le: "10" }),
    ).toBeDefined();
    expect(
      value(gateway, "graphql_request_duration_seconds_bucket", { service: "gateway", operation: "CompanyView", le: "+Inf" }),
    ).toBeGreaterThanOrEqual(2);
    expect(value(gateway, "graphql_errors_total", { service: "gateway", code: "BAD_USER_INPUT" })).toBeGreaterThanOrEqual(1);
  });

  it("counts and times the gateway's fetches per subgraph, and each subgraph's requests", () => {
    for (const subgraph of SUBGRAPHS) {
      expect(value(gateway, "gateway_subgraph_fetches_total", { subgraph, outcome: "ok" })).toBeGreaterThanOrEqual(1);
      expect(value(gateway, "gateway_subgraph_fetch_duration_seconds_count", { subgraph })).toBeGreaterThanOrEqual(1);
      // Subgraph operations are named by the query planner after the client's operation.
      expect(
        gateway.some(
          (sample) =>
            sample.name === "graphql_requests_total" &&
            sample.labels.service === subgraph &&
            sample.labels.operation.startsWith("CompanyView__"),
        ),
      ).toBe(true);
    }
  });

  it("counts and times source-system calls, shows each circuit closed and DataLoader batch sizes", () => {
    for (const department of DEPARTMENTS) {
      expect(value(gateway, "source_requests_total", { department, outcome: "ok" })).toBeGreaterThanOrEqual(1);
      expect(value(gateway, "source_request_duration_seconds_count", { department })).toBeGreaterThanOrEqual(1);
      expect(value(gateway, "source_circuit_state", { department })).toBe(0);
      const prefix = department.toLowerCase();
      expect(value(gateway, "dataloader_batch_size_count", { loader: `${prefix}.recordsByCvr` })).toBeGreaterThanOrEqual(1);
      // One company per view: every batch so far held one key.
      expect(value(gateway, "dataloader_batch_size_bucket", { loader: `${prefix}.recordsByCvr`, le: "1" })).toBe(
        value(gateway, "dataloader_batch_size_count", { loader: `${prefix}.recordsByCvr` }),
      );
    }
  });

  it("shows an open circuit as 2 once a department system keeps failing", async () => {
    await fetch(`${graph.simulators.OKF.baseUrl}/__admin/faults`, { method: "POST", body: JSON.stringify({ errorRate: 1 }) });
    try {
      for (let attempt = 0; attempt < 8; attempt++) await companyView(graph.world.companies[attempt + 1].cvr);
      const samples = await scrape(`${graph.gatewayBase}/metrics`);
      expect(value(samples, "source_circuit_state", { department: "OKF" })).toBe(2);
      expect(value(samples, "source_requests_total", { department: "OKF", outcome: "circuit-open" })).toBeGreaterThanOrEqual(1);
      expect(value(samples, "graphql_errors_total", { service: "okf", code: "SOURCE_UNAVAILABLE" })).toBeGreaterThanOrEqual(1);
    } finally {
      await fetch(`${graph.simulators.OKF.baseUrl}/__admin/faults`, { method: "POST", body: "{}" });
    }
  });

  it("serves /metrics on every subgraph, without a gateway token, in the same format", async () => {
    for (const subgraph of SUBGRAPHS) {
      const samples = await scrape(graph.subgraphUrls[subgraph].replace(/\/graphql$/, "/metrics"));
      expect(samples.some((sample) => sample.name === "process_cpu_seconds_total")).toBe(true);
      expect(samples.some((sample) => sample.name === "graphql_requests_total" && sample.labels.service === subgraph)).toBe(true);
    }
  });
});
