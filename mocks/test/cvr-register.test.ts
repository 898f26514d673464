import { setupServer } from "msw/node";
import { generateWorld } from "../generator/index";
import type { CompanySearchResponse, ProductionUnitSearchResponse } from "../cvr/register";
import { CvrRegister, MAX_RESULT_WINDOW } from "../cvr/register";
import type { Vrvirksomhed } from "../cvr/documents";

const world = generateWorld({ profile: "small" });
const BASE = "http://cvr.simulator.test";
let now = Date.parse("2026-11-02T10:00:00Z");
const register = new CvrRegister(world, { baseUrl: BASE, username: "kommune", password: "hemmeligt:kodeord", clock: () => now });
const server = setupServer(...register.handlers());
const AUTH = `Basic ${Buffer.from("kommune:hemmeligt:kodeord").toString("base64")}`;

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => register.setFaults({}));
afterAll(() => server.close());

async function post<T = CompanySearchResponse>(
  path: string,
  body: unknown,
  headers: Record<string, string> = { authorization: AUTH },
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}
const companies = () => world.companies;
const docs = () => companies().map((company) => register.company(company.cvr)!);
const current = <T extends { periode: { gyldigTil: string | null } }>(entries: T[]) =>
  entries.filter((entry) => entry.periode.gyldigTil === null);

describe("CVR register documents", () => {
  it("documents every generated company and production unit with the departments' numbers", () => {
    expect(register.companyCount).toBe(world.companies.length);
    expect(register.productionUnitCount).toBe(world.companies.reduce((sum, company) => sum + company.productionUnits.length, 0));
    const cafe = register.company(world.showcase.restaurant)!;
    const company = world.companies.find((c) => c.cvr === world.showcase.restaurant)!;
    expect(cafe).toMatchObject({
      cvrNummer: Number(company.cvr),
      enhedstype: "VIRKSOMHED",
      reklamebeskyttet: company.advertisingProtected,
      fejlVedIndlaesning: false,
    });
    expect(cafe.virksomhedMetadata).toMatchObject({
      nyesteNavn: { navn: company.name },
      stiftelsesDato: company.foundedOn,
      sammensatStatus: "NORMAL",
      antalPenheder: company.productionUnits.length,
    });
    expect(cafe.virksomhedMetadata.nyesteBeliggenhedsadresse).toMatchObject({
      vejnavn: company.address.street,
      postnummer: Number(company.address.postalCode),
      kommune: { kommuneKode: 101, kommuneNavn: "KØBENHAVN" },
    });
    expect(cafe.virksomhedMetadata.nyesteHovedbranche!.branchekode).toMatch(/^\d{6}$/);
    expect(cafe.penheder.map((unit) => String(unit.pNummer))).toEqual(company.productionUnits.map((unit) => unit.pNumber));
    const unit = register.productionUnit(company.productionUnits[0].pNumber)!;
    expect(unit.produktionsEnhedMetadata).toMatchObject({ nyesteCvrNummerRelation: Number(company.cvr), sammensatStatus: "Aktiv" });
  });

  it("has real histories: name changes, moves (also out of Copenhagen), industry changes, ceased companies, secret contact data", () => {
    const all = docs();
    const share = (test: (doc: Vrvirksomhed) => boolean) => all.filter(test).length / all.length;
    expect(share((doc) => doc.navne.length > 1)).toBeGreaterThan(0.08);
    expect(share((doc) => doc.beliggenhedsadresse.length > 1)).toBeGreaterThan(0.1);
    expect(share((doc) => doc.virksomhedMetadata.nyesteBeliggenhedsadresse!.kommune?.kommuneKode !== 101)).toBeGreaterThan(0.005);
    expect(share((doc) => doc.hovedbranche.length > 1)).toBeGreaterThan(0.03);
    expect(share((doc) => doc.virksomhedMetadata.sammensatStatus === "Ophørt")).toBeGreaterThan(0.01);
    expect(share((doc) => doc.telefonNummer.some((phone) => phone.hemmelig))).toBeGreaterThan(0.03);
    const protectedShare = share((doc) => doc.reklamebeskyttet);
    expect(protectedShare).toBeGreaterThan(0.08);
    expect(protectedShare).toBeLessThan(0.25);
    for (const doc of all) {
      // Exactly one current value per array, periods in order and never overlapping.
      const arrays: { periode: { gyldigFra: string; gyldigTil: string | null } }[][] = [
        doc.navne,
        doc.beliggenhedsadresse,
        doc.hovedbranche,
        doc.virksomhedsstatus,
      ];
      for (const entries of arrays) {
        expect(current(entries)).toHaveLength(1);
        for (let i = 1; i < entries.length; i++) expect(entries[i].periode.gyldigFra > entries[i - 1].periode.gyldigTil!).toBe(true);
      }
      expect(doc.sidstOpdateret <= world.now).toBe(true);
      // The newest contact data never includes a secret one.
      for (const secret of [...doc.telefonNummer, ...doc.elektroniskPost].filter((entry) => entry.hemmelig))
        expect(doc.virksomhedMetadata.nyesteKontaktoplysninger).not.toContain(secret.kontaktoplysning);
    }
    const ceased = all.find((doc) => doc.virksomhedMetadata.sammensatStatus === "Ophørt")!;
    expect(ceased.livsforloeb[0].periode.gyldigTil).not.toBeNull();
    expect(register.productionUnit(ceased.penheder[0].pNummer)!.produktionsEnhedMetadata.sammensatStatus).toBe("Ophørt");
  });

  it("has the register's real shapes: foreign addresses, missing house numbers, sidstIndlaest ahead, dates, decimals and large participant lists", () => {
    const all = docs();
    const addresses = all.flatMap((doc) => doc.beliggenhedsadresse);
    const foreign = addresses.filter((address) => address.landekode !== "DK");
    expect(foreign.length).toBeGreaterThan(0);
    for (const address of foreign)
      expect(address).toMatchObject({
        kommune: null,
        husnummerFra: null,
        postnummer: null,
        vejnavn: null,
        adresseId: null,
        fritekst: expect.stringContaining("\n"),
      });
    expect(addresses.some((address) => address.landekode === "DK" && address.husnummerFra === null)).toBe(true);
    expect(all.every((doc) => doc.sidstIndlaest >= doc.sidstOpdateret && doc.sidstIndlaest <= world.now)).toBe(true);
    expect(all.some((doc) => doc.sidstIndlaest > doc.sidstOpdateret)).toBe(true);
    expect(all.every((doc) => /^\d{4}-\d{2}-\d{2}$/.test(doc.virksomhedMetadata.virkningsDato ?? ""))).toBe(true);
    expect(all.some((doc) => !Number.isInteger(doc.virksomhedMetadata.nyesteErstMaanedsbeskaeftigelse?.antalAarsvaerk))).toBe(true);
    const large = all.filter((doc) => (doc.deltagerRelation?.length ?? 0) > 0);
    expect(large.length).toBeGreaterThan(0);
    expect(Math.max(...large.map((doc) => JSON.stringify(doc).length))).toBeGreaterThan(20_000);
  });

  it("returns only the fields _source asks for, and sorts by sidstIndlaest when asked", async () => {
    const cafe = register.company(world.showcase.restaurant)!;
    const page = await post("/cvr-permanent/virksomhed/_search", {
      size: 3000,
      sort: [{ "Vrvirksomhed.sidstIndlaest": "asc" }],
      _source: [
        "Vrvirksomhed.cvrNummer",
        "Vrvirksomhed.sidstIndlaest",
        "Vrvirksomhed.virksomhedMetadata.nyesteNavn",
        "Vrvirksomhed.virksomhedMetadata.nyeste*beskaeftigelse",
      ],
    });
    expect(page.status).toBe(200);
    const hit = page.body.hits.hits.find((candidate) => candidate._source.Vrvirksomhed.cvrNummer === cafe.cvrNummer)!;
    expect(hit._source).toEqual({
      Vrvirksomhed: {
        cvrNummer: cafe.cvrNummer,
        sidstIndlaest: cafe.sidstIndlaest,
        virksomhedMetadata: {
          nyesteNavn: cafe.virksomhedMetadata.nyesteNavn,
          nyesteAarsbeskaeftigelse: cafe.virksomhedMetadata.nyesteAarsbeskaeftigelse,
          nyesteKvartalsbeskaeftigelse: cafe.virksomhedMetadata.nyesteKvartalsbeskaeftigelse,
          nyesteErstMaanedsbeskaeftigelse: cafe.virksomhedMetadata.nyesteErstMaanedsbeskaeftigelse,
        },
      },
    });
    const stamps = page.body.hits.hits.map((candidate) => candidate._source.Vrvirksomhed.sidstIndlaest);
    expect(stamps).toEqual([...stamps].sort());
    expect((await post("/cvr-permanent/virksomhed/_search", { _source: { includes: ["Vrvirksomhed.cvrNummer"], other: 1 } })).status).toBe(
      400,
    );
  });

  it("is the same for the same seed", () => {
    const again = new CvrRegister(world, { baseUrl: BASE, username: "a", password: "b" });
    expect(again.company(world.showcase.manufacturer)).toEqual(register.company(world.showcase.manufacturer));
  });
});

describe("CVR register search (msw)", () => {
  it("finds companies by term and terms on cvrNummer, production units by pNummer", async () => {
    const [a, b] = companies();
    const one = await post("/cvr-permanent/virksomhed/_search", { query: { term: { "Vrvirksomhed.cvrNummer": Number(a.cvr) } } });
    expect(one.status).toBe(200);
    expect(one.body.hits.total).toBe(1);
    expect(one.body.hits.hits[0]._source.Vrvirksomhed.cvrNummer).toBe(Number(a.cvr));
    const two = await post("/cvr-permanent/virksomhed/_search", {
      query: { bool: { filter: [{ terms: { "Vrvirksomhed.cvrNummer": [a.cvr, b.cvr] } }] } },
    });
    expect(two.body.hits.hits.map((hit) => String(hit._source.Vrvirksomhed.cvrNummer)).sort()).toEqual([a.cvr, b.cvr].sort());
    const unit = await post<ProductionUnitSearchResponse>("/cvr-permanent/produktionsenhed/_search", {
      query: { term: { "VrproduktionsEnhed.pNummer": a.productionUnits[0].pNumber } },
    });
    expect(unit.body.hits.hits[0]._source.VrproduktionsEnhed.virksomhedsrelation[0].cvrNummer).toBe(Number(a.cvr));
  });

  it("filters by a range on sidstOpdateret, in the order of sidstOpdateret", async () => {
    const since = "2026-06-01T00:00:00.000Z";
    const expected = docs().filter((doc) => doc.sidstOpdateret >= since).length;
    const page = await post("/cvr-permanent/virksomhed/_search", {
      size: 3000,
      query: { bool: { filter: [{ range: { "Vrvirksomhed.sidstOpdateret": { gte: since } } }] } },
      sort: [{ "Vrvirksomhed.sidstOpdateret": "asc" }],
    });
    expect(page.body.hits.total).toBe(expected);
    const stamps = page.body.hits.hits.map((hit) => hit._source.Vrvirksomhed.sidstOpdateret);
    expect(stamps).toEqual([...stamps].sort());
    expect(stamps.every((stamp) => stamp >= since)).toBe(true);
  });

  it("enforces the 3,000 result window as Elasticsearch does", async () => {
    const tooFar = await post<{ error: { type: string; reason: string; root_cause: { type: string }[] }; status: number }>(
      "/cvr-permanent/virksomhed/_search",
      { from: 2990, size: 20 },
    );
    expect(tooFar.status).toBe(500);
    expect(tooFar.body.error.root_cause[0].type).toBe("query_phase_execution_exception");
    expect(tooFar.body.error.reason).toMatch(
      /Result window is too large, from \+ size must be less than or equal to: \[3000\] but was \[3010\]/,
    );
    expect((await post("/cvr-permanent/virksomhed/_search", { from: 0, size: MAX_RESULT_WINDOW })).status).toBe(200);
    expect((await post("/cvr-permanent/virksomhed/_search?scroll=1m", { size: 3001 })).status).toBe(500);
  });

  it("refuses queries outside the supported subset with a parsing error", async () => {
    const unknown = await post<{ error: { type: string } }>("/cvr-permanent/virksomhed/_search", {
      query: { match: { "Vrvirksomhed.navne.navn": "Café" } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.type).toBe("parsing_exception");
    expect((await post("/cvr-permanent/virksomhed/_search", { query: { term: { "Vrvirksomhed.navne.navn": "x" } } })).status).toBe(400);
  });

  it("scrolls through every document exactly once, and the id expires after its keep-alive", async () => {
    const first = await post("/cvr-permanent/virksomhed/_search?scroll=1m", { size: 40 });
    expect(first.body._scroll_id).toEqual(expect.any(String));
    const seen = first.body.hits.hits.map((hit) => hit._id);
    let id = first.body._scroll_id!;
    for (;;) {
      now += 50_000; // less than the keep-alive each time: every call renews it
      const next = await post("/_search/scroll", { scroll: "1m", scroll_id: id });
      expect(next.status).toBe(200);
      if (next.body.hits.hits.length === 0) break;
      seen.push(...next.body.hits.hits.map((hit) => hit._id));
      id = next.body._scroll_id!;
    }
    expect(seen).toHaveLength(world.companies.length);
    expect(new Set(seen).size).toBe(seen.length);
    now += 60_001;
    const expired = await post<{ error: { type: string; reason: string } }>("/_search/scroll", { scroll: "1m", scroll_id: id });
    expect(expired.status).toBe(404);
    expect(expired.body.error.type).toBe("search_context_missing_exception");
    expect((await post("/cvr-permanent/virksomhed/_search?scroll=1m", { from: 10, size: 10 })).status).toBe(400);
  });

  it("asks for HTTP Basic credentials", async () => {
    const missing = await post("/cvr-permanent/virksomhed/_search", {}, {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Basic/);
    const wrong = await post(
      "/cvr-permanent/virksomhed/_search",
      {},
      { authorization: `Basic ${Buffer.from("kommune:forkert").toString("base64")}` },
    );
    expect(wrong.status).toBe(401);
    expect((await post("/_search/scroll", { scroll_id: "x" }, {})).status).toBe(401);
  });

  it("shows the faults of the other simulators, plus refusing with 401 or 429", async () => {
    register.setFaults({ refuse: 429 });
    const limited = await post("/cvr-permanent/virksomhed/_search", {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    register.setFaults({ refuse: 401 });
    expect((await post("/cvr-permanent/virksomhed/_search", {})).status).toBe(401);
    register.setFaults({ status: 503 });
    expect((await post("/cvr-permanent/produktionsenhed/_search", {})).status).toBe(503);
    register.setFaults({ malformedJson: true });
    const malformed = await fetch(`${BASE}/cvr-permanent/virksomhed/_search`, {
      method: "POST",
      headers: { authorization: AUTH },
      body: "{}",
    });
    await expect(malformed.json()).rejects.toThrow();
    const settings = await fetch(`${BASE}/__admin/faults`, { method: "POST", body: JSON.stringify({ refuse: 418 }) });
    expect(settings.status).toBe(400);
    const healthy = await fetch(`${BASE}/__admin/faults`, { method: "POST", body: JSON.stringify({ latencyMs: 0 }) });
    expect(await healthy.json()).toEqual({ latencyMs: 0 });
  });
});

describe("CVR register admin changes", () => {
  it("changes a company as the register would and an incremental query finds it", async () => {
    const company = world.companies.find((c) => c.cvr === world.showcase.manufacturer)!;
    const before = register.company(company.cvr)!;
    now = Date.parse("2026-11-20T09:15:00Z");
    const response = await fetch(`${BASE}/__admin/companies/${company.cvr}/change`, {
      method: "POST",
      body: JSON.stringify({
        name: "Nyt Navn ApS",
        address: {
          vejnavn: "Gammel Kongevej",
          husnummerFra: 10,
          postnummer: 1610,
          postdistrikt: "København V",
          kommuneKode: 101,
          kommuneNavn: "KØBENHAVN",
        },
        status: "OPLØST EFTER FRIVILLIG LIKVIDATION",
      }),
    });
    expect(response.status).toBe(200);
    const changed = (await response.json()) as Vrvirksomhed;
    expect(changed.sidstOpdateret).toBe("2026-11-20T09:15:00.000Z");
    expect(changed.navne.at(-2)).toMatchObject({ navn: company.name, periode: { gyldigTil: "2026-11-19" } });
    expect(changed.virksomhedMetadata).toMatchObject({
      nyesteNavn: { navn: "Nyt Navn ApS", periode: { gyldigFra: "2026-11-20", gyldigTil: null } },
      sammensatStatus: "Ophørt",
      nyesteBeliggenhedsadresse: { vejnavn: "Gammel Kongevej", husnummerFra: 10 },
    });
    expect(changed.beliggenhedsadresse).toHaveLength(before.beliggenhedsadresse.length + 1);
    expect(before.virksomhedMetadata.nyesteNavn!.navn).toBe(company.name); // the old document is a snapshot, not mutated
    const unit = register.productionUnit(company.productionUnits[0].pNumber)!;
    expect(unit).toMatchObject({
      sidstOpdateret: "2026-11-20T09:15:00.000Z",
      produktionsEnhedMetadata: { sammensatStatus: "Ophørt", nyesteBeliggenhedsadresse: { vejnavn: "Gammel Kongevej" } },
    });
    const incremental = await post("/cvr-permanent/virksomhed/_search", {
      query: { range: { "Vrvirksomhed.sidstOpdateret": { gt: world.now } } },
    });
    // New employment figures move sidstIndlaest and the entry's own stamp only, as in the register.
    now = Date.parse("2026-11-21T06:00:00Z");
    const counting = register.company(world.showcase.manufacturer)!;
    const counted = register.updateEmployment(world.showcase.manufacturer, 37);
    expect(counted).toMatchObject({ sidstOpdateret: counting.sidstOpdateret, sidstIndlaest: "2026-11-21T06:00:00.000Z" });
    expect(counted.virksomhedMetadata.nyesteErstMaanedsbeskaeftigelse).toMatchObject({
      antalAnsatte: 37,
      intervalKodeAntalAnsatte: "ANTAL_20_49",
      sidstOpdateret: "2026-11-21T06:00:00.000Z",
    });
    expect(incremental.body.hits.hits.map((hit) => String(hit._source.Vrvirksomhed.cvrNummer))).toEqual([company.cvr]);
    expect((await fetch(`${BASE}/__admin/companies/12345678/change`, { method: "POST", body: "{}" })).status).toBe(404);
    expect(
      (await fetch(`${BASE}/__admin/companies/${company.cvr}/change`, { method: "POST", body: JSON.stringify({ status: "VÆK" }) })).status,
    ).toBe(400);
  });
});
