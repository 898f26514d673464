import { http, HttpResponse, type HttpHandler } from "msw";
import type { World } from "../generator/index";
import { FaultSettingsError, Faults, validateFaults } from "../shared/faults";
import type { components } from "./generated/api";
import { type Vrvirksomhed, type VrproduktionsEnhed, addDays, cvrDocuments, isoDate, metadataOf, newest } from "./documents";
import { type Fields, QueryError, compileQuery } from "./query";
import { type SourceFilter, filterSource, sourceFilter } from "./source-filter";

type Schemas = components["schemas"];
export type CompanyChange = Schemas["CompanyChange"];
export type CompanySearchResponse = Schemas["CompanySearchResponse"];
export type ProductionUnitSearchResponse = Schemas["ProductionUnitSearchResponse"];
export type EsError = Schemas["EsError"];

/** Elasticsearch's index.max_result_window as the register has it: from + size never above 3,000. */
export const MAX_RESULT_WINDOW = 3000;
/** The index name the register's hits carry (the live alias cvr-permanent points at a dated index). */
export const CVR_INDEX = "cvr-v-20220630";

export interface CvrRegisterOptions {
  /** Origin the handlers answer on; "" answers on any origin (the real HTTP server). */
  baseUrl: string;
  /** The Basic auth credentials the register accepts. */
  username: string;
  password: string;
  /** Milliseconds since the epoch; scroll expiry and change stamps read it. Defaults to Date.now. */
  clock?: () => number;
}

/** One search or scroll call as the register saw it, for tests that check a client's paging. */
export interface CvrRequest {
  path: string;
  from: number;
  size: number;
  scroll: string | null;
}

type Index = "virksomhed" | "produktionsenhed";
type Document = Vrvirksomhed | VrproduktionsEnhed;
interface ScrollContext {
  index: Index;
  hits: Document[];
  source: SourceFilter;
  position: number;
  size: number;
  keepAliveMs: number;
  expiresAt: number;
}

const COMPANY_FIELDS: Fields<Vrvirksomhed> = {
  "Vrvirksomhed.cvrNummer": (d) => d.cvrNummer,
  "Vrvirksomhed.sidstOpdateret": (d) => d.sidstOpdateret,
  "Vrvirksomhed.sidstIndlaest": (d) => d.sidstIndlaest,
};
const UNIT_FIELDS: Fields<VrproduktionsEnhed> = {
  "VrproduktionsEnhed.pNummer": (d) => d.pNummer,
  "VrproduktionsEnhed.sidstOpdateret": (d) => d.sidstOpdateret,
  "VrproduktionsEnhed.sidstIndlaest": (d) => d.sidstIndlaest,
  "VrproduktionsEnhed.virksomhedsrelation.cvrNummer": (d) => d.produktionsEnhedMetadata.nyesteCvrNummerRelation ?? "",
};

/**
 * The simulated CVR register (openapi.yaml): the generated world's companies and production
 * units as Erhvervsstyrelsen's Elasticsearch serves them to system-to-system users.
 */
export class CvrRegister {
  readonly faults = new Faults();
  /** Every search and scroll call in order (faults and refused logins included). */
  readonly requests: CvrRequest[] = [];
  private refuse: 401 | 429 | undefined;
  private readonly companies = new Map<number, Vrvirksomhed>();
  private readonly units = new Map<number, VrproduktionsEnhed>();
  private readonly scrolls = new Map<string, ScrollContext>();
  private scrollSerial = 0;
  private readonly clock: () => number;
  private readonly baseUrl: string;

  constructor(
    world: World,
    private readonly options: CvrRegisterOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.baseUrl = options.baseUrl.replace(/\/$/, "");
    const documents = cvrDocuments(world.companies, {
      seed: world.seed,
      now: world.now,
      showcaseCvrs: new Set(Object.values(world.showcase)),
    });
    for (const company of documents.companies) this.companies.set(company.cvrNummer, company);
    for (const unit of documents.productionUnits) this.units.set(unit.pNummer, unit);
  }

  company(cvr: number | string): Vrvirksomhed | undefined {
    return this.companies.get(Number(cvr));
  }

  productionUnit(pNumber: number | string): VrproduktionsEnhed | undefined {
    return this.units.get(Number(pNumber));
  }

  get companyCount(): number {
    return this.companies.size;
  }

  get productionUnitCount(): number {
    return this.units.size;
  }

  /** The largest from + size any search asked for: a client must keep it at or under 3,000. */
  get largestWindow(): number {
    return this.requests.reduce((largest, request) => Math.max(largest, request.from + request.size), 0);
  }

  /**
   * Registers a change as Erhvervsstyrelsen would: the current period of each changed array ends
   * yesterday, the new value is current from today, `sidstOpdateret` becomes the clock's now.
   * Documents are replaced, never mutated, so open scrolls keep reading their snapshot.
   */
  change(cvr: number | string, change: CompanyChange): Vrvirksomhed {
    const old = this.companies.get(Number(cvr));
    if (!old) throw new CompanyNotFound(String(cvr));
    const stamp = new Date(this.clock()).toISOString();
    const today = isoDate(new Date(this.clock()));
    const document: Vrvirksomhed = structuredClone(old);
    document.sidstOpdateret = stamp;
    document.sidstIndlaest = stamp;
    if (change.name !== undefined) replaceCurrent(document.navne, { navn: change.name }, today, stamp);
    if (change.address !== undefined) {
      const current = newest(document.beliggenhedsadresse)!;
      const { kommuneKode, kommuneNavn, bogstavFra, ...rest } = change.address;
      replaceCurrent(
        document.beliggenhedsadresse,
        { ...current, ...rest, bogstavFra: bogstavFra ?? null, kommune: { kommuneKode, kommuneNavn } },
        today,
        stamp,
      );
    }
    if (change.status !== undefined) {
      replaceCurrent(document.virksomhedsstatus, { status: change.status }, today, stamp);
      const ceases = change.status !== "NORMAL" && change.status !== "UNDER KONKURS";
      for (const period of [...document.livsforloeb, ...document.penheder])
        period.periode.gyldigTil = ceases ? (period.periode.gyldigTil ?? today) : null;
    }
    if (change.advertisingProtected !== undefined) document.reklamebeskyttet = change.advertisingProtected;
    document.virksomhedMetadata = { ...metadataOf(document, old.virksomhedMetadata.stiftelsesDato) };
    this.companies.set(document.cvrNummer, document);
    this.followUnits(old, document, stamp);
    return document;
  }

  /** The head office unit moves with the company; every unit ceases with it and follows its protection. */
  private followUnits(old: Vrvirksomhed, document: Vrvirksomhed, stamp: string): void {
    const moved = newest(old.beliggenhedsadresse) !== newest(document.beliggenhedsadresse);
    document.penheder.forEach((reference, i) => {
      const unit = this.units.get(reference.pNummer);
      if (!unit) return;
      const next: VrproduktionsEnhed = structuredClone(unit);
      next.sidstOpdateret = stamp;
      next.sidstIndlaest = stamp;
      next.reklamebeskyttet = document.reklamebeskyttet;
      if (moved && i === 0) next.beliggenhedsadresse = structuredClone(document.beliggenhedsadresse);
      next.livsforloeb[0].periode.gyldigTil = reference.periode.gyldigTil;
      next.produktionsEnhedMetadata = {
        ...next.produktionsEnhedMetadata,
        nyesteBeliggenhedsadresse: newest(next.beliggenhedsadresse)!,
        sammensatStatus: reference.periode.gyldigTil === null ? "Aktiv" : "Ophørt",
      };
      this.units.set(next.pNummer, next);
    });
  }

  /**
   * New employment figures as the register loads them: a monthly entry with its own
   * sidstOpdateret, and sidstIndlaest moved — the document's sidstOpdateret stays as it was.
   */
  updateEmployment(cvr: number | string, employees: number): Vrvirksomhed {
    const old = this.companies.get(Number(cvr));
    if (!old) throw new CompanyNotFound(String(cvr));
    const now = new Date(this.clock());
    const stamp = now.toISOString();
    const document: Vrvirksomhed = structuredClone(old);
    document.sidstIndlaest = stamp;
    const band =
      employees === 0
        ? "ANTAL_0_0"
        : employees === 1
          ? "ANTAL_1_1"
          : employees < 5
            ? "ANTAL_2_4"
            : employees < 10
              ? "ANTAL_5_9"
              : employees < 20
                ? "ANTAL_10_19"
                : employees < 50
                  ? "ANTAL_20_49"
                  : employees < 100
                    ? "ANTAL_50_99"
                    : "ANTAL_100_199";
    const fullTime = Math.round(employees * 0.86 * 10) / 10;
    document.erstMaanedsbeskaeftigelse.push({
      aar: now.getUTCFullYear(),
      maaned: now.getUTCMonth() + 1,
      antalAnsatte: employees,
      antalAarsvaerk: fullTime,
      antalInklusivEjere: null,
      intervalKodeAntalAnsatte: band,
      intervalKodeAntalAarsvaerk: band,
      sidstOpdateret: stamp,
    });
    document.virksomhedMetadata = { ...metadataOf(document, old.virksomhedMetadata.stiftelsesDato) };
    this.companies.set(document.cvrNummer, document);
    return document;
  }

  /** Fault switch: the department simulators' settings, plus `refuse: 401 | 429` (every request refused). */
  setFaults(input: unknown): Record<string, unknown> {
    if (typeof input !== "object" || input === null || Array.isArray(input))
      throw new FaultSettingsError("fault settings must be a JSON object");
    const { refuse, ...shared } = input as Record<string, unknown>;
    if (refuse !== undefined && refuse !== 401 && refuse !== 429) throw new FaultSettingsError("refuse must be 401 or 429");
    this.faults.set(validateFaults(shared));
    this.refuse = refuse as 401 | 429 | undefined;
    return this.currentFaults();
  }

  currentFaults(): Record<string, unknown> {
    return { ...this.faults.current, ...(this.refuse ? { refuse: this.refuse } : {}) };
  }

  handlers(): HttpHandler[] {
    const base = this.baseUrl;
    return [
      http.get(`${base}/health`, () => HttpResponse.json({ status: "ok" as const })),
      http.post(`${base}/__admin/faults`, async ({ request }) => {
        const text = await request.text();
        try {
          return HttpResponse.json(this.setFaults(text.trim() === "" ? {} : JSON.parse(text)));
        } catch (error) {
          if (error instanceof FaultSettingsError || error instanceof SyntaxError)
            return esError(400, "illegal_argument_exception", error.message);
          throw error;
        }
      }),
      http.get(`${base}/__admin/faults`, () => HttpResponse.json(this.currentFaults())),
      http.post(`${base}/__admin/companies/:cvr/change`, async ({ request, params }) => {
        const text = await request.text();
        let body: unknown;
        try {
          body = text.trim() === "" ? {} : JSON.parse(text);
        } catch (error) {
          return esError(400, "parse_exception", (error as Error).message);
        }
        const problem = changeProblem(body);
        if (problem) return esError(400, "illegal_argument_exception", problem);
        try {
          return HttpResponse.json(this.change(String(params.cvr), body as CompanyChange));
        } catch (error) {
          if (error instanceof CompanyNotFound) return esError(404, "resource_not_found_exception", error.message);
          throw error;
        }
      }),
      this.endpoint(`${base}/cvr-permanent/virksomhed/_search`, (request) => this.search("virksomhed", request)),
      this.endpoint(`${base}/cvr-permanent/produktionsenhed/_search`, (request) => this.search("produktionsenhed", request)),
      this.endpoint(`${base}/_search/scroll`, (request) => this.continueScroll(request)),
      http.delete(`${base}/_search/scroll`, async ({ request }) => {
        const body = (await readJson(request)) as { scroll_id?: unknown } | undefined;
        const ids = Array.isArray(body?.scroll_id) ? body.scroll_id : [body?.scroll_id];
        let freed = 0;
        for (const id of ids) if (typeof id === "string" && this.scrolls.delete(id)) freed++;
        return HttpResponse.json({ succeeded: true, num_freed: freed });
      }),
    ];
  }

  /** A search endpoint: refused without the right Basic credentials, then the faults get their say. */
  private endpoint(path: string, answer: (request: Request) => Promise<Response>): HttpHandler {
    return http.post(path, async ({ request }) => {
      if (!this.authorized(request)) {
        this.requests.push({ path: new URL(request.url).pathname, from: 0, size: 0, scroll: null });
        return esError(401, "security_exception", "unable to authenticate user for REST request", {
          "www-authenticate": 'Basic realm="security" charset="UTF-8"',
        });
      }
      if (this.refuse === 401)
        return esError(401, "security_exception", "unable to authenticate user for REST request", {
          "www-authenticate": 'Basic realm="security" charset="UTF-8"',
        });
      if (this.refuse === 429)
        return esError(429, "es_rejected_execution_exception", "rejected execution: too many requests", { "retry-after": "1" });
      const fault = await this.faults.apply();
      if (fault) return fault;
      return answer(request);
    });
  }

  private authorized(request: Request): boolean {
    const header = request.headers.get("authorization") ?? "";
    const match = /^Basic\s+(.+)$/i.exec(header);
    if (!match) return false;
    const [username, ...password] = Buffer.from(match[1], "base64").toString("utf8").split(":");
    return username === this.options.username && password.join(":") === this.options.password;
  }

  private async search(index: Index, request: Request): Promise<Response> {
    const url = new URL(request.url);
    const body = await readJson(request);
    if (body === INVALID) return esError(400, "parse_exception", "request body is not valid JSON");
    const search = (body ?? {}) as Record<string, unknown>;
    const from = search.from ?? 0;
    const size = search.size ?? 10;
    const scroll = url.searchParams.get("scroll");
    this.requests.push({
      path: url.pathname,
      from: typeof from === "number" ? from : 0,
      size: typeof size === "number" ? size : 0,
      scroll,
    });
    if (!isCount(from) || !isCount(size))
      return esError(400, "illegal_argument_exception", "[from] and [size] must be non-negative integers");
    if (from + size > MAX_RESULT_WINDOW) {
      return esError(
        500,
        "search_phase_execution_exception",
        `Result window is too large, from + size must be less than or equal to: [${MAX_RESULT_WINDOW}] but was [${from + size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`,
        {},
        "query_phase_execution_exception",
      );
    }
    const sortField = search.sort === undefined ? stampFieldOf(index, "sidstOpdateret") : supportedSort(search.sort, index);
    if (sortField === undefined)
      return esError(
        400,
        "illegal_argument_exception",
        `the simulated register sorts only by [${stampFieldOf(index, "sidstOpdateret")}] or [${stampFieldOf(index, "sidstIndlaest")}] ascending`,
      );
    let source: SourceFilter;
    try {
      source = sourceFilter(search._source);
    } catch (error) {
      if (error instanceof QueryError) return esError(400, "parsing_exception", error.message);
      throw error;
    }
    let keepAliveMs: number | undefined;
    if (scroll !== null) {
      keepAliveMs = parseKeepAlive(scroll);
      if (keepAliveMs === undefined)
        return esError(400, "illegal_argument_exception", `failed to parse setting [scroll] with value [${scroll}] as a time value`);
      if (from > 0)
        return esError(
          400,
          "action_request_validation_exception",
          "Validation Failed: 1: using [from] is not allowed in a scroll context;",
        );
    }
    let hits: Document[];
    try {
      hits = this.matching(index, search.query, sortField.endsWith("sidstIndlaest") ? "sidstIndlaest" : "sidstOpdateret");
    } catch (error) {
      if (error instanceof QueryError) return esError(400, "parsing_exception", error.message);
      throw error;
    }
    const page = hits.slice(from, from + size);
    if (keepAliveMs === undefined) return HttpResponse.json(response(index, hits.length, page, source));
    const id = Buffer.from(`cvr-scroll:${++this.scrollSerial}`).toString("base64url");
    this.scrolls.set(id, { index, hits, source, position: page.length, size, keepAliveMs, expiresAt: this.clock() + keepAliveMs });
    return HttpResponse.json(response(index, hits.length, page, source, id));
  }

  private async continueScroll(request: Request): Promise<Response> {
    const body = await readJson(request);
    const { scroll_id: id, scroll } = (body === INVALID ? {} : (body ?? {})) as { scroll_id?: unknown; scroll?: unknown };
    this.requests.push({ path: new URL(request.url).pathname, from: 0, size: 0, scroll: typeof scroll === "string" ? scroll : null });
    if (typeof id !== "string") return esError(400, "action_request_validation_exception", "Validation Failed: 1: scrollId is missing;");
    const context = this.scrolls.get(id);
    if (!context || this.clock() > context.expiresAt) {
      this.scrolls.delete(id);
      return esError(404, "search_context_missing_exception", `No search context found for id [${id}]`);
    }
    const keepAliveMs = typeof scroll === "string" ? parseKeepAlive(scroll) : context.keepAliveMs;
    if (keepAliveMs === undefined)
      return esError(400, "illegal_argument_exception", `failed to parse setting [scroll] with value [${String(scroll)}] as a time value`);
    this.requests[this.requests.length - 1].size = context.size;
    const page = context.hits.slice(context.position, context.position + context.size);
    context.position += page.length;
    context.keepAliveMs = keepAliveMs;
    context.expiresAt = this.clock() + keepAliveMs;
    return HttpResponse.json(response(context.index, context.hits.length, page, context.source, id));
  }

  /** Matching documents in the order asked for: by the stamp, then by enhedsNummer. */
  private matching(index: Index, query: unknown, by: "sidstOpdateret" | "sidstIndlaest"): Document[] {
    const documents: Document[] =
      index === "virksomhed"
        ? [...this.companies.values()].filter(compileQuery(query, COMPANY_FIELDS))
        : [...this.units.values()].filter(compileQuery(query, UNIT_FIELDS));
    const stamp = (document: Document) => Date.parse(document[by]);
    return documents.sort((a, b) => stamp(a) - stamp(b) || a.enhedsNummer - b.enhedsNummer);
  }
}

export class CompanyNotFound extends Error {
  constructor(cvr: string) {
    super(`no company with CVR number [${cvr}]`);
  }
}

/** Ends the open period yesterday and opens the new value today (or replaces a value opened today). */
function replaceCurrent<T extends { periode: { gyldigFra: string; gyldigTil: string | null }; sidstOpdateret: string }>(
  entries: T[],
  value: Omit<T, "periode" | "sidstOpdateret">,
  today: string,
  stamp: string,
): void {
  const current = entries.find((entry) => entry.periode.gyldigTil === null);
  if (current && current.periode.gyldigFra >= today) entries.splice(entries.indexOf(current), 1);
  else if (current) {
    current.periode.gyldigTil = addDays(today, -1);
    current.sidstOpdateret = stamp;
  }
  entries.push({ ...value, periode: { gyldigFra: today, gyldigTil: null }, sidstOpdateret: stamp } as T);
}

function changeProblem(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "the change must be a JSON object";
  const change = body as Record<string, unknown>;
  for (const key of Object.keys(change))
    if (!["name", "address", "status", "advertisingProtected"].includes(key)) return `unknown field [${key}]`;
  if (change.name !== undefined && (typeof change.name !== "string" || change.name.trim() === "")) return "name must be a non-empty string";
  if (
    change.status !== undefined &&
    !["NORMAL", "UNDER KONKURS", "OPLØST EFTER KONKURS", "OPLØST EFTER FRIVILLIG LIKVIDATION", "OPHØRT"].includes(change.status as string)
  )
    return "status is not a CVR status";
  if (change.advertisingProtected !== undefined && typeof change.advertisingProtected !== "boolean")
    return "advertisingProtected must be true or false";
  if (change.address !== undefined) {
    const address = change.address as Record<string, unknown>;
    if (typeof address !== "object" || address === null) return "address must be an object";
    for (const key of ["vejnavn", "postdistrikt", "kommuneNavn"])
      if (typeof address[key] !== "string") return `address.${key} must be a string`;
    for (const key of ["husnummerFra", "postnummer", "kommuneKode"])
      if (!Number.isInteger(address[key])) return `address.${key} must be an integer`;
  }
  return undefined;
}

function response(
  index: Index,
  total: number,
  page: Document[],
  source: SourceFilter,
  scrollId?: string,
): CompanySearchResponse | ProductionUnitSearchResponse {
  const hits = page.map((document) => ({
    _index: CVR_INDEX,
    _type: "_doc",
    _id: String(document.enhedsNummer),
    _score: null,
    _source: filterSource(
      index === "virksomhed" ? { Vrvirksomhed: document as Vrvirksomhed } : { VrproduktionsEnhed: document as VrproduktionsEnhed },
      source,
    ),
  }));
  return { took: 1, timed_out: false, ...(scrollId ? { _scroll_id: scrollId } : {}), hits: { total, max_score: null, hits } } as
    CompanySearchResponse | ProductionUnitSearchResponse;
}

function esError(status: number, type: string, reason: string, headers: Record<string, string> = {}, rootCauseType = type): Response {
  const body: EsError = { error: { root_cause: [{ type: rootCauseType, reason }], type, reason }, status };
  return HttpResponse.json(body, { status, headers });
}

const INVALID = Symbol("invalid JSON");
async function readJson(request: Request): Promise<unknown> {
  // A clone: with two graphs in one test process, two msw servers see the same request.
  const text = await request.clone().text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function stampFieldOf(index: Index, stamp: "sidstOpdateret" | "sidstIndlaest"): string {
  return `${index === "virksomhed" ? "Vrvirksomhed" : "VrproduktionsEnhed"}.${stamp}`;
}

/** The stamp field a sort asks for (ascending), or undefined for a sort the simulator does not do. */
function supportedSort(sort: unknown, index: Index): string | undefined {
  const entries = Array.isArray(sort) ? sort : [sort];
  let field = stampFieldOf(index, "sidstOpdateret");
  for (const entry of entries) {
    if (entry === "_doc") continue;
    const named = [stampFieldOf(index, "sidstOpdateret"), stampFieldOf(index, "sidstIndlaest")].find(
      (candidate) =>
        entry === candidate ||
        (typeof entry === "object" && entry !== null && Object.keys(entry as object).length === 1 && candidate in entry),
    );
    if (!named || JSON.stringify(entry).includes("desc")) return undefined;
    field = named;
  }
  return field;
}

/** Elasticsearch time values as the scroll parameter takes them: 30s, 1m, 500ms, 1h. */
export function parseKeepAlive(value: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h)$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as "ms" | "s" | "m" | "h"];
}
