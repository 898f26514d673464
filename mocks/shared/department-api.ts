import { DEPARTMENTS, type Department, cvrProblem, describeCvrProblem, perDepartment } from "@company-graph/domain";
import { http, HttpResponse, type HttpHandler } from "msw";
import type { CommonCase, CommonPermit } from "../generator/cases";
import type { CaseOf, PermitOf, World } from "../generator/index";
import { FaultSettingsError, Faults, validateFaults } from "./faults";
import { RequestLog } from "./request-log";
import { DepartmentStore } from "./store";
import type { CaseEventPublisher } from "../broker/publishers";
import { CaseChangeRefused, CaseChanges } from "./case-changes";
import { CaseEventOutbox } from "./case-event-outbox";
import { parseServiceLevelQuery, ServiceLevelStatistics, StatisticsQueryError, type ServiceLevelReport } from "./statistics";

/** The most values one /cases, /permits or /company-records call may ask for. */
export const MAX_BATCH = 500;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}
export interface CaseList<C> {
  items: C[];
}
export interface PermitList<P> {
  items: P[];
}
interface CompanyRecords<C, P> {
  cases: C[];
  permits: P[];
}
export interface Health {
  status: "ok";
}

type Body<Paths, Path extends string, Status extends number, Media extends string> = Path extends keyof Paths
  ? Paths[Path] extends { get: { responses: infer Responses } }
    ? Status extends keyof Responses
      ? Responses[Status] extends { content: infer Content }
        ? Media extends keyof Content
          ? Content[Media]
          : never
        : never
      : never
    : never
  : never;
type PostBody<Paths, Path extends string, Status extends number, Media extends string> = Path extends keyof Paths
  ? Paths[Path] extends { post: { responses: infer Responses } }
    ? Status extends keyof Responses
      ? Responses[Status] extends { content: infer Content }
        ? Media extends keyof Content
          ? Content[Media]
          : never
        : never
      : never
    : never
  : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type All<Checks extends boolean[]> = Checks extends true[] ? true : false;

/**
 * `true` only when a department's generated OpenAPI types describe exactly the bodies the
 * shared handlers send. Each department asserts it, so a drifting openapi.yaml fails to compile.
 */
export type ContractHolds<Paths, C, P> = All<
  [
    Same<Body<Paths, "/cases", 200, "application/json">, CaseList<C>>,
    Same<Body<Paths, "/company-records", 200, "application/json">, CompanyRecords<C, P>>,
    Same<Body<Paths, "/cases", 400, "application/problem+json">, Problem>,
    Same<Body<Paths, "/cases/{id}", 200, "application/json">, C>,
    Same<Body<Paths, "/cases/{id}", 404, "application/problem+json">, Problem>,
    Same<Body<Paths, "/permits", 200, "application/json">, PermitList<P>>,
    Same<Body<Paths, "/permits", 400, "application/problem+json">, Problem>,
    Same<Body<Paths, "/health", 200, "application/json">, Health>,
    Same<PostBody<Paths, "/statistics/service-levels", 200, "application/json">, ServiceLevelReport>,
    Same<PostBody<Paths, "/statistics/service-levels", 400, "application/problem+json">, Problem>,
    [C] extends [CommonCase] ? true : false,
    [P] extends [CommonPermit] ? true : false,
  ]
>;

export interface DepartmentSimulator<D extends Department = Department> {
  department: D;
  /** Origin the handlers answer on; "" answers on any origin (used by the real HTTP servers). */
  baseUrl: string;
  handlers: HttpHandler[];
  requestLog: RequestLog;
  faults: Faults;
  /** What caseworkers do in the system (open, decide, close, grant, …), each announced through the outbox. */
  changes: CaseChanges<CaseOf<D>, PermitOf<D>>;
  /** The business events not yet confirmed by the broker. */
  outbox: CaseEventOutbox;
}

export interface DepartmentSimulatorOptions {
  baseUrl: string;
  /** Where this system's outbox publishes its business events (the message broker), if anywhere. */
  publisher?: CaseEventPublisher;
  /** The caseworkers' clock: when a change happens unless the admin call says (the wall clock unless given). */
  now?: () => string;
  /** How faults wait (latency, hang); msw's delay unless a test injects its own. */
  wait?: ConstructorParameters<typeof Faults>[0];
}

/** Base URLs for msw in tests: never resolvable, so nothing can leak to a real network. */
export function defaultBaseUrl(department: Department): string {
  return `http://${department.toLowerCase()}.simulator.test`;
}

/** One department's simulated case system. All four are this same code over different data. */
export function createDepartmentSimulator<D extends Department>(
  department: D,
  world: World,
  options: DepartmentSimulatorOptions,
): DepartmentSimulator<D> {
  const baseUrl = options.baseUrl.replace(/\/$/, "");
  const store = new DepartmentStore<CaseOf<D>, PermitOf<D>>(world.cases[department], world.permits[department]);
  const statistics = new ServiceLevelStatistics(department, world.cases[department]);
  const requestLog = new RequestLog();
  const faults = new Faults(options.wait);
  const outbox = new CaseEventOutbox(options.publisher);
  const changes = new CaseChanges<CaseOf<D>, PermitOf<D>>(department, store, outbox, options.now);
  return {
    department,
    baseUrl,
    handlers: [...changeHandlers(baseUrl, changes, outbox), ...departmentHandlers(baseUrl, store, statistics, requestLog, faults)],
    requestLog,
    faults,
    changes,
    outbox,
  };
}

/** All four simulators; in tests their handlers go into one msw setupServer. */
export function createSimulators(
  world: World,
  options: { baseUrlFor?: (department: Department) => string } & Omit<DepartmentSimulatorOptions, "baseUrl"> = {},
): { [D in Department]: DepartmentSimulator<D> } {
  const { baseUrlFor = defaultBaseUrl, ...shared } = options;
  // perDepartment cannot carry each department's own case type: the mapped type says it.
  return perDepartment((department) => createDepartmentSimulator(department, world, { baseUrl: baseUrlFor(department), ...shared })) as {
    [D in Department]: DepartmentSimulator<D>;
  };
}

/**
 * The caseworkers' side of the system, for demos and tests: each change answers the changed case
 * or permit and goes to the broker through the outbox. Times (`at`, `closedAt`) default to now.
 * `POST /__admin/outbox` `{ "publishing": false }` takes the system's link to the broker down
 * (events wait in the outbox) and `true` brings it back (what waited is published, in order).
 */
function changeHandlers<C extends CommonCase, P extends CommonPermit>(
  baseUrl: string,
  changes: CaseChanges<C, P>,
  outbox: CaseEventOutbox,
): HttpHandler[] {
  const admin = (path: string, change: (body: Record<string, unknown>, params: Record<string, string>) => object | Promise<object>) =>
    http.post(`${baseUrl}/__admin${path}`, async ({ request, params }) => {
      const text = await request.text();
      try {
        const body = text.trim() ? (JSON.parse(text) as unknown) : {};
        if (!body || typeof body !== "object" || Array.isArray(body)) throw new CaseChangeRefused(400, "the body must be a JSON object");
        const changed = await change(body as Record<string, unknown>, params as Record<string, string>);
        // Answered once the broker confirmed the event (or the outbox kept it), so a caller knows it is on its way.
        await outbox.flush().catch(() => undefined);
        return HttpResponse.json(changed);
      } catch (error) {
        if (error instanceof CaseChangeRefused)
          return problem(
            error.status,
            error.status === 404 ? "not-found" : error.status === 409 ? "conflict" : "invalid-body",
            error.status === 404 ? "Not Found" : error.status === 409 ? "Conflict" : "Bad Request",
            error.message,
          );
        if (error instanceof SyntaxError) return problem(400, "invalid-body", "Bad Request", error.message);
        throw error;
      }
    });
  return [
    admin("/cases", (body) => changes.open(text(body, "templateCaseId"), time(body, "at"))),
    admin("/cases/:id/progress", (body, { id }) => changes.progress(id, text(body, "progress"), time(body, "at"))),
    admin("/cases/:id/decide", (body, { id }) => changes.decide(id, time(body, "at"))),
    admin("/cases/:id/update-sent", (body, { id }) => changes.sendUpdate(id, time(body, "at"))),
    admin("/cases/:id/close", (body, { id }) => changes.close(id, time(body, "closedAt"))),
    admin("/cases/:id/reopen", (body, { id }) => changes.reopen(id, time(body, "at"))),
    admin("/permits", (body) =>
      changes.grantPermit(
        {
          caseId: text(body, "caseId"),
          kind: text(body, "kind"),
          validTo: body.validTo === null || body.validTo === undefined ? null : time(body, "validTo")!,
        },
        time(body, "at"),
      ),
    ),
    admin("/permits/:id/renew", (body, { id }) => changes.renewPermit(id, time(body, "validTo") ?? missing("validTo"), time(body, "at"))),
    admin("/permits/:id/revoke", (body, { id }) => changes.revokePermit(id, time(body, "at"))),
    admin("/outbox", async (body) => {
      if (typeof body.publishing !== "boolean") throw new CaseChangeRefused(400, "publishing must be true or false");
      await outbox.setPublishing(body.publishing).catch(() => undefined);
      return outbox.status;
    }),
    http.get(`${baseUrl}/__admin/outbox`, () => HttpResponse.json(outbox.status)),
  ];
}

function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== "string" || value.trim() === "" || value.length > 200) return missing(name);
  return value;
}

/** An ISO 8601 date-time in the body, normalised to UTC; undefined when absent. */
function time(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || Number.isNaN(Date.parse(value)))
    throw new CaseChangeRefused(400, `${name} must be an ISO 8601 date-time`);
  return new Date(value).toISOString();
}

function missing(name: string): never {
  throw new CaseChangeRefused(400, `${name} is required (a text of at most 200 characters)`);
}

export function allHandlers(simulators: { [D in Department]: DepartmentSimulator<D> }): HttpHandler[] {
  return DEPARTMENTS.flatMap((department) => simulators[department].handlers);
}

function departmentHandlers<C extends CommonCase, P extends CommonPermit>(
  baseUrl: string,
  store: DepartmentStore<C, P>,
  statistics: ServiceLevelStatistics,
  requestLog: RequestLog,
  faults: Faults,
): HttpHandler[] {
  /** An API endpoint: the request is counted on arrival, then faults get their say. */
  const endpoint = (route: string, pattern: string, answer: (url: URL, params: Record<string, string>) => Response) =>
    http.get(baseUrl + pattern, async ({ request, params }) => {
      const url = new URL(request.url);
      requestLog.record(request.method, url, route);
      const fault = await faults.apply();
      return fault ?? answer(url, params as Record<string, string>);
    });

  return [
    // Admin endpoints come first and are not counted: they are the test's, not the client's.
    http.post(`${baseUrl}/__admin/faults`, async ({ request }) => {
      const text = await request.text();
      try {
        faults.set(validateFaults(text.trim() === "" ? {} : JSON.parse(text)));
      } catch (error) {
        if (error instanceof FaultSettingsError || error instanceof SyntaxError)
          return problem(400, "invalid-fault-settings", "Bad Request", error.message);
        throw error;
      }
      return HttpResponse.json(faults.current);
    }),
    http.get(`${baseUrl}/__admin/faults`, () => HttpResponse.json(faults.current)),
    http.get(`${baseUrl}/__admin/requests`, () => HttpResponse.json({ total: requestLog.count(), byPath: requestLog.byPath() })),
    http.post(`${baseUrl}/__admin/requests/reset`, () => {
      requestLog.reset();
      return HttpResponse.json({ total: 0, byPath: {} });
    }),

    endpoint("/health", "/health", () => HttpResponse.json<Health>({ status: "ok" })),
    endpoint("/cases", "/cases", (url) => {
      const cvrs = listParameter(url, "cvr");
      const ids = listParameter(url, "id");
      if ((cvrs === null) === (ids === null)) return invalid("give exactly one of the query parameters cvr and id");
      const values = (cvrs ?? ids)!;
      const error = batchProblem(cvrs ? "cvr" : "id", values);
      if (error) return invalid(error);
      return HttpResponse.json<CaseList<C>>({ items: cvrs ? store.casesOfCompanies(cvrs) : store.casesWithIds(ids!) });
    }),
    endpoint("/cases/{id}", "/cases/:id", (_url, params) => {
      const found = store.caseById(params.id);
      return found ? HttpResponse.json<C>(found) : problem(404, "not-found", "Not Found", `no case with id "${params.id}"`);
    }),
    endpoint("/permits", "/permits", (url) => {
      if (url.searchParams.has("id")) return invalid("permits are looked up by cvr only");
      const cvrs = listParameter(url, "cvr");
      if (cvrs === null) return invalid("the query parameter cvr is required");
      const error = batchProblem("cvr", cvrs);
      if (error) return invalid(error);
      return HttpResponse.json<PermitList<P>>({ items: store.permitsOfCompanies(cvrs) });
    }),
    endpoint("/company-records", "/company-records", (url) => {
      const cvrs = listParameter(url, "cvr");
      if (cvrs === null) return invalid("the query parameter cvr is required");
      const error = batchProblem("cvr", cvrs);
      if (error) return invalid(error);
      return HttpResponse.json<CompanyRecords<C, P>>({ cases: store.casesOfCompanies(cvrs), permits: store.permitsOfCompanies(cvrs) });
    }),
    // A POST, because the key account companies to count can be more than a URL holds.
    http.post(`${baseUrl}/statistics/service-levels`, async ({ request }) => {
      const url = new URL(request.url);
      requestLog.record(request.method, url, "/statistics/service-levels");
      const fault = await faults.apply();
      if (fault) return fault;
      try {
        return HttpResponse.json<ServiceLevelReport>(statistics.report(parseServiceLevelQuery(await request.json())));
      } catch (error) {
        if (error instanceof StatisticsQueryError || error instanceof SyntaxError) return invalid(error.message);
        throw error;
      }
    }),
    // Anything else on this system's origin is a 404 in the contract's problem format.
    endpoint("*", "/*", (url) => problem(404, "not-found", "Not Found", `no endpoint ${url.pathname}`)),
  ];
}

/** Comma-separated values, also accepted as repeated parameters; null when the parameter is absent. */
function listParameter(url: URL, name: string): string[] | null {
  const raw = url.searchParams.getAll(name);
  if (raw.length === 0) return null;
  // Duplicates are dropped so a batch never answers the same case twice.
  return [...new Set(raw.flatMap((value) => value.split(",")).map((value) => value.trim()))];
}

function batchProblem(name: "cvr" | "id", values: readonly string[]): string | null {
  if (values.some((value) => value === "")) return `the query parameter ${name} has an empty value`;
  if (values.length > MAX_BATCH) return `at most ${MAX_BATCH} values of ${name} per call, got ${values.length}`;
  if (name === "cvr") {
    for (const value of values) {
      const reason = cvrProblem(value);
      if (reason) return describeCvrProblem(value, reason);
    }
  }
  return null;
}

function invalid(detail: string): Response {
  return problem(400, "invalid-parameter", "Bad Request", detail);
}

function problem(status: number, kind: string, title: string, detail: string): Response {
  return HttpResponse.json<Problem>(
    { type: `urn:company-graph:problem:${kind}`, title, status, detail },
    { status, headers: { "content-type": "application/problem+json" } },
  );
}
