/**
 * Partial answers when a department fails: each department × each way of failing, through the
 * gateway. The company view must still bring the other three departments, with an error that
 * names the missing department and says why. "Quickly" is asserted by which deadline fired, not
 * by a stopwatch: a SOURCE_* code means the subgraph gave up on its department system and answered
 * before the gateway's subgraph timeout (which would have given SUBGRAPH_TIMEOUT instead).
 *
 * Unhandled promise rejections: Jest 30 fails the running test on one by itself (a listener on
 * `process` inside the test sandbox never sees them), so every test here also proves there were none.
 */
import { DEPARTMENTS, type Department } from "@company-graph/domain";
import type { FaultSettings } from "@company-graph/mocks";
import { startGraph, type Graph, type GraphQLResponse, type ResponseHold } from "../harness/graph";

const SOURCE_TIMEOUT_MS = 300;
const SUBGRAPH_TIMEOUT_MS = 2_000;
/** The circuits' clock: the test moves it past the cool-down instead of waiting for it. */
let circuitClock = 0;
const CIRCUIT = { failureThreshold: 3, resetMs: 3_000, now: () => circuitClock };

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph({
    sourceTimeoutMs: SOURCE_TIMEOUT_MS,
    subgraphTimeoutMs: SUBGRAPH_TIMEOUT_MS,
    sourceRetries: 1,
    circuit: CIRCUIT,
  });
  // The first queries of a fresh process plan the operation and compile the code paths, and may
  // exceed the short source timeout: not what is tested here.
  for (let attempt = 0; attempt < 5 && (await companyView()).errors; attempt++);
  await expectCompleteView();
});
afterAll(async () => {
  await graph?.stop();
});

const COMPANY_VIEW = `
  query CompanyView($cvr: ID!) {
    company(cvr: $cvr) {
      cvr
      name
      cases(first: 100) { totalCount incompleteDepartments edges { node { id department title } } }
      permits(first: 100) { totalCount incompleteDepartments edges { node { id issuingDepartment } } }
    }
  }
`;

const cvr = () => graph.world.showcase.manufacturer;
const casesIn = (departments: readonly Department[]) =>
  departments.reduce((sum, department) => sum + graph.world.cases[department].filter((item) => item.cvr === cvr()).length, 0);
const permitsIn = (departments: readonly Department[]) =>
  departments.reduce((sum, department) => sum + graph.world.permits[department].filter((item) => item.cvr === cvr()).length, 0);

const companyView = () => graph.query(COMPANY_VIEW, { cvr: cvr() });

/** The whole company view, every department present and no error. */
async function expectCompleteView() {
  const response = await companyView();
  expect(response.errors).toBeUndefined();
  expect(response.data?.company.cases).toMatchObject({ totalCount: casesIn(DEPARTMENTS), incompleteDepartments: [] });
  expect(response.data?.company.permits).toMatchObject({ totalCount: permitsIn(DEPARTMENTS), incompleteDepartments: [] });
}

/** Everything but `missing`'s cases and permits, which are named as missing, with a coded error naming the department. */
function expectViewWithout(response: GraphQLResponse, missing: Department, codes: string[]) {
  const others = DEPARTMENTS.filter((department) => department !== missing);
  const company = response.data?.company;
  expect(company).toMatchObject({ cvr: cvr(), name: expect.any(String) });
  expect(company.cases).toMatchObject({ totalCount: casesIn(others), incompleteDepartments: [missing] });
  expect(company.cases.edges.length).toBeGreaterThan(0);
  for (const edge of company.cases.edges) expect(others).toContain(edge.node.department);
  expect(company.permits).toMatchObject({ totalCount: permitsIn(others), incompleteDepartments: [missing] });

  const errors = response.errors ?? [];
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(error.extensions?.department).toBe(missing);
    expect(codes).toContain(error.extensions?.code);
    expect(error.message).toMatch(new RegExp(missing, "i"));
  }
}

type Failure = "down" | "slower than the timeout" | "HTTP 500" | "malformed body" | "subgraph stopped";
const SOURCE_FAULTS: Record<Exclude<Failure, "subgraph stopped">, { faults: FaultSettings; code: string }> = {
  down: { faults: { connectionReset: true }, code: "SOURCE_UNAVAILABLE" },
  "slower than the timeout": { faults: { hang: true }, code: "SOURCE_TIMEOUT" },
  "HTTP 500": { faults: { status: 500 }, code: "SOURCE_UNAVAILABLE" },
  "malformed body": { faults: { malformedJson: true }, code: "SOURCE_BAD_RESPONSE" },
};
const FAILURES: Failure[] = ["down", "slower than the timeout", "HTTP 500", "malformed body", "subgraph stopped"];
const subgraphOf = (department: Department) => department.toLowerCase() as Lowercase<Department>;

describe("a failing department leaves the rest of the company view intact", () => {
  afterEach(async () => {
    for (const department of DEPARTMENTS) {
      graph.simulators[department].faults.clear();
      await graph.restartSubgraph(subgraphOf(department));
    }
    // The services keep serving: the next query brings everything again.
    await expectCompleteView();
  });

  it.each(DEPARTMENTS.flatMap((department) => FAILURES.map((failure) => [department, failure] as const)))(
    "%s: %s",
    async (department, failure) => {
      if (failure === "subgraph stopped") await graph.stopSubgraph(subgraphOf(department));
      else graph.simulators[department].faults.set(SOURCE_FAULTS[failure].faults);

      expectViewWithout(await companyView(), department, [
        failure === "subgraph stopped" ? "SUBGRAPH_UNAVAILABLE" : SOURCE_FAULTS[failure].code,
      ]);
    },
  );

  it("points a department's error at the public field it is missing from, never at an internal one", async () => {
    graph.simulators.TMF.faults.set({ status: 503 });
    const response = await companyView();
    expect(response.errors?.map((error) => error.path?.join("."))).toEqual(expect.arrayContaining(["company.cases", "company.permits"]));
    for (const error of response.errors ?? []) expect(error.path?.join(".")).not.toMatch(/Index/);
  });

  it("gives SUBGRAPH_TIMEOUT naming the department when its subgraph hangs, and the rest of the view", async () => {
    await graph.hangSubgraph("kff");
    const response = await companyView();
    expectViewWithout(response, "KFF", ["SUBGRAPH_TIMEOUT"]);
    expect(response.errors?.[0].extensions).toMatchObject({ subgraph: "kff" });
  });
});

describe("circuit breaker in front of a department system", () => {
  const circuitOf = async (subgraph: string) => {
    const ready = (await (await fetch(`${graph.gatewayBase}/ready`)).json()) as {
      ready: boolean;
      subgraphs: Record<string, { health?: { source?: { circuit: string } } }>;
    };
    return { ready: ready.ready, circuit: ready.subgraphs[subgraph]?.health?.source?.circuit };
  };

  afterEach(() => graph.simulators.OKF.faults.clear());

  it("opens after repeated failures, sends the system nothing while open, and closes after recovery and the cool-down", async () => {
    const okf = graph.simulators.OKF;
    okf.requestLog.reset();
    okf.faults.set({ status: 503 });
    expect(await circuitOf("okf")).toEqual({ ready: true, circuit: "closed" });

    // Each company view makes one call (its cases and permits together); four views are more than the threshold of three failed calls.
    for (let i = 0; i < 4; i++) expectViewWithout(await companyView(), "OKF", ["SOURCE_UNAVAILABLE"]);
    // Still ready: an open circuit means partial answers, not a dead gateway.
    expect(await circuitOf("okf")).toEqual({ ready: true, circuit: "open" });

    const reachedBeforeOpen = okf.requestLog.count();
    for (let i = 0; i < 2; i++) expectViewWithout(await companyView(), "OKF", ["SOURCE_UNAVAILABLE"]);
    okf.faults.clear();
    expectViewWithout(await companyView(), "OKF", ["SOURCE_UNAVAILABLE"]);
    expect(okf.requestLog.count()).toBe(reachedBeforeOpen);

    circuitClock += CIRCUIT.resetMs - 1;
    expect((await circuitOf("okf")).circuit).toBe("open");
    circuitClock += 1;
    expect((await circuitOf("okf")).circuit).toBe("half-open");
    // The first view after the cool-down sends a probe; it succeeds, so the circuit closes.
    await companyView();
    expect(okf.requestLog.count()).toBeGreaterThan(reachedBeforeOpen);
    expect(await circuitOf("okf")).toEqual({ ready: true, circuit: "closed" });
    await expectCompleteView();
  });

  it("shows every departmental subgraph's circuit in the gateway's /ready details", async () => {
    const response = await fetch(`${graph.gatewayBase}/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { subgraphs: Record<string, { ready: boolean; health?: unknown }> };
    for (const department of DEPARTMENTS) {
      expect(body.subgraphs[subgraphOf(department)]).toMatchObject({
        ready: true,
        health: { status: "ok", service: subgraphOf(department), source: { department, circuit: "closed" } },
      });
    }
  });
});

describe("CRM writes under a gateway timeout", () => {
  const REGISTER = `mutation($input: RegisterInquiryInput!) { registerInquiry(input: $input) { id topic } }`;
  const INQUIRIES = `query($cvr: ID!) { company(cvr: $cvr) { inquiries { id topic } } }`;

  let crmAnswers: ResponseHold | undefined;
  afterEach(() => crmAnswers?.release());

  it("commits a write whose answer timed out exactly once, and a retry with its idempotency key returns it without a duplicate", async () => {
    const front = graph.world.employees.find((employee) => employee.role === "front-office");
    const topic = "Timed-out registration";
    const input = { idempotencyKey: `resilience-${topic}`, cvr: cvr(), channel: "PHONE", topic, assigneeId: front!.id };
    const inquiriesWithTopic = async () => {
      const response = await graph.query(INQUIRIES, { cvr: cvr() });
      expect(response.errors).toBeUndefined();
      return response.data?.company.inquiries.filter((inquiry: { topic: string }) => inquiry.topic === topic);
    };

    // The CRM commits, then holds its answer until after the gateway has given up on it.
    crmAnswers = graph.holdSubgraphResponses("crm");
    const timedOut = await graph.query(REGISTER, { input });
    expect(timedOut.data?.registerInquiry ?? null).toBeNull();
    expect(timedOut.errors?.[0].extensions).toMatchObject({ code: "SUBGRAPH_TIMEOUT", subgraph: "crm" });
    await crmAnswers.held; // it had registered the inquiry: its answer is what was held back
    // The client does not know whether it was registered, so it retries with the same key, still too slow...
    const timedOutAgain = await graph.query(REGISTER, { input });
    expect(timedOutAgain.errors?.[0].extensions?.code).toBe("SUBGRAPH_TIMEOUT");

    // ...and once the CRM answers in time, the retry returns the one inquiry the first attempt registered.
    crmAnswers.release();
    const retried = await graph.query(REGISTER, { input });
    expect(retried.errors).toBeUndefined();
    const registered = await inquiriesWithTopic();
    expect(registered).toEqual([{ id: retried.data?.registerInquiry.id, topic }]);
    const retriedAgain = await graph.query(REGISTER, { input });
    expect(retriedAgain.data?.registerInquiry.id).toBe(retried.data?.registerInquiry.id);
    expect(await inquiriesWithTopic()).toHaveLength(1);
  });
});
