import { startGraph, type Graph } from "../harness/graph";

// A register that refuses the CRM (expired credentials, a rate limit, its own outage) must not
// take companies away: the graph keeps serving the last synced data, and says so to operators.
let graph: Graph;

beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph.stop());
afterEach(() => graph.cvr.register.setFaults({}));

const CAFE = "36509120";
const COMPANY = `query Cafe($cvr: ID!) { company(cvr: $cvr) { cvr name register { name status address { street postalCode city municipality { code } } } } }`;

async function registerOnReady(): Promise<Record<string, unknown>> {
  const response = await fetch(`${graph.gatewayBase}/ready`);
  const body = (await response.json()) as {
    ready: boolean;
    subgraphs: { crm: { ready: boolean; health: { register: Record<string, unknown> } } };
  };
  // A degraded register never makes the CRM (or the gateway) unready: the data is still there.
  expect(response.status).toBe(200);
  expect(body.subgraphs.crm.ready).toBe(true);
  return body.subgraphs.crm.health.register;
}

async function crmMetrics(): Promise<string> {
  const url = new URL(graph.subgraphUrls.crm);
  url.pathname = "/metrics";
  return (await fetch(url)).text();
}

function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("a CVR register that refuses the sync", () => {
  it.each([
    { status: 401, faults: { refuse: 401 }, failure: "unauthorized" },
    { status: 429, faults: { refuse: 429 }, failure: "rate-limited" },
    { status: 500, faults: { status: 500 }, failure: "unavailable" },
  ])(
    "answering $status leaves the graph serving the last synced data, degraded in /ready and /metrics",
    async ({ status, faults, failure }) => {
      const before = await graph.query(COMPANY, { cvr: CAFE });
      expect(before.errors).toBeUndefined();
      expect(before.data?.company.register).toMatchObject({ status: "NORMAL", address: { municipality: { code: "101" } } });
      const failedBefore = sample(await crmMetrics(), `cvr_sync_runs_total{outcome="${failure}"}`) ?? 0;

      graph.cvr.register.setFaults(faults);
      await expect(graph.cvr.sync.run()).rejects.toMatchObject({ failure, status });

      expect(await graph.query(COMPANY, { cvr: CAFE })).toEqual(before);
      expect(await registerOnReady()).toEqual({
        status: "degraded",
        failure,
        reason: expect.stringContaining(`HTTP ${status}`),
        consecutiveFailures: 1,
        lastSuccessAt: new Date(graph.world.now).toISOString(),
        lastSuccessAgeSeconds: 0,
      });
      const metrics = await crmMetrics();
      expect(sample(metrics, `cvr_sync_runs_total{outcome="${failure}"}`)).toBe(failedBefore + 1);
      expect(sample(metrics, `cvr_sync_degraded{failure="${failure}"}`)).toBe(1);
      expect(sample(metrics, "cvr_sync_last_success_age_seconds")).toBe(0);
      expect(sample(metrics, `cvr_sync_lag_seconds{index="virksomhed"}`)).toEqual(expect.any(Number));

      // Once the register answers again, the next run catches up and the report clears.
      graph.cvr.register.setFaults({});
      await graph.cvr.sync.run();
      expect(await registerOnReady()).toEqual({
        status: "ok",
        lastSuccessAt: new Date(graph.world.now).toISOString(),
        lastSuccessAgeSeconds: 0,
      });
      expect(sample(await crmMetrics(), `cvr_sync_degraded{failure="none"}`)).toBe(0);
    },
  );

  it("counts failures in a row until a run succeeds", async () => {
    graph.cvr.register.setFaults({ refuse: 429 });
    await expect(graph.cvr.sync.run()).rejects.toMatchObject({ failure: "rate-limited" });
    await expect(graph.cvr.sync.run()).rejects.toMatchObject({ failure: "rate-limited" });
    expect(await registerOnReady()).toMatchObject({ status: "degraded", failure: "rate-limited", consecutiveFailures: 2 });
  });
});
