import { setupServer } from "msw/node";
import { CvrClient } from "../src/services/cvr/cvr-client";
import { SOURCE_FIELDS } from "../src/services/cvr/register-contract";
import { normaliseStatus, type RegisterRecord } from "../src/services/cvr/register-record";
import { CvrSync } from "../src/services/cvr/sync";
import { type AnsweredSearch, corpusDocuments, fixedRegister } from "./cvr-answers";
import { DATABASES, startTestCrm, type TestCrm } from "./support";

const BASE = "http://cvr.corpus.test";
const server = setupServer();
const client = new CvrClient({ url: BASE, username: "kommune", password: "s3cret" });
const NOW = Date.parse("2024-03-01T08:00:00Z");

const large = corpusDocuments("virksomhed-large-with-participants.json")[0];
const abroad = corpusDocuments("virksomhed-foreign-address.json")[0];
const withoutNewest = corpusDocuments("virksomhed-without-newest-values.json")[0];
const employmentBefore = corpusDocuments("virksomhed-employment-before.json")[0];
const employmentAfter = corpusDocuments("virksomhed-employment-after.json")[0];
const units = corpusDocuments("produktionsenhed-municipality-named.json");
const cvrOf = (document: Record<string, any>) => String(document.cvrNummer).padStart(8, "0");

const REGISTER = `query Register($cvr: ID!) {
  company(cvr: $cvr) {
    name address { street postalCode city }
    register {
      name status foundedOn
      address { street postalCode city municipality { code name } }
      addressHistory { street municipality { code } period { from to } }
      employment { band employees fullTimeEquivalents basis }
      mainIndustry { code text }
      productionUnits { pNumber active address { municipality { code name } } }
    }
  }
}`;

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));

it("writes the register's composite status one way, however development or production spells it", () => {
  expect(["NORMAL", "Normal", "normal"].map(normaliseStatus)).toEqual(["NORMAL", "NORMAL", "NORMAL"]);
  expect(["UNDERKONKURS", "UnderKonkurs", "UNDER KONKURS"].map(normaliseStatus)).toEqual(["UNDERKONKURS", "UNDERKONKURS", "UNDERKONKURS"]);
  expect(["Ophørt", "OPHØRT"].map(normaliseStatus)).toEqual(["OPHØRT", "OPHØRT"]);
  expect([null, " "].map(normaliseStatus)).toEqual([null, null]);
});
afterAll(() => server.close());

describe.each(DATABASES)("real-shaped CVR documents through the sync on %s", (kind) => {
  let crm: TestCrm;
  let searches: AnsweredSearch[];
  const serve = (companies: Record<string, any>[]) => {
    const register = fixedRegister(BASE, { virksomhed: companies, produktionsenhed: units });
    searches = register.searches;
    server.resetHandlers(...register.handlers);
  };
  const syncOf = () => new CvrSync({ db: crm.db.prisma, client, now: () => new Date(NOW), pageSize: 100 });
  beforeEach(async () => {
    crm = await startTestCrm(kind);
  });
  afterEach(async () => {
    await crm.close();
  });

  it("applies every document: a foreign address, a missing house number, no newest name or address, NORMAL, dates, decimals, a large participant list", async () => {
    serve([large, abroad, withoutNewest, employmentBefore]);
    const run = await syncOf().runOnce();
    expect(run).toMatchObject({ companies: 4, productionUnits: 2, quarantined: 0, skipped: 0 });

    // Asked only for the fields read: the large document arrives without its participants.
    expect(searches[0].body._source).toEqual(SOURCE_FIELDS.virksomhed);
    expect(searches[0].bytes).toBeLessThan(JSON.stringify([large, abroad, withoutNewest, employmentBefore]).length / 3);

    const foreign = (await crm.ok(REGISTER, { cvr: cvrOf(abroad) })).company;
    expect(foreign).toMatchObject({
      name: "Nordlys Shipping ApS",
      address: { street: "Östra Förstadsgatan 17, 211 31 Malmö, Sverige", postalCode: null, city: null },
    });
    expect(foreign.register.address).toEqual({
      street: "Östra Förstadsgatan 17, 211 31 Malmö, Sverige",
      postalCode: null,
      city: null,
      municipality: null,
    });
    expect(foreign.register.addressHistory.map((address: any) => address.municipality?.code ?? null)).toEqual(["101", null]);
    const row = await crm.db.prisma.company.findUniqueOrThrow({ where: { cvr: cvrOf(abroad) } });
    expect(row).toMatchObject({ municipalityCode: null, registerStatus: "NORMAL" });

    const company = (await crm.ok(REGISTER, { cvr: cvrOf(large) })).company;
    expect(company).toMatchObject({
      name: "BØLGELAND RÅDGIVNING A/S",
      address: { street: "Gammel Strandsti 16", postalCode: "2100", city: "København Ø" },
    });
    expect(company.register).toMatchObject({
      status: "NORMAL",
      foundedOn: "2014-03-01",
      employment: { band: "ANTAL_20_49", employees: 28, fullTimeEquivalents: 23.17, basis: "MONTHLY" },
      mainIndustry: { code: "692000", text: "Bogføring og revision: skatterådgivning" },
    });
    // An address without a house number is the street alone, never "… null".
    expect(company.register.addressHistory.map((address: any) => address.street)).toEqual([
      "Ved Skrænten 7",
      "Vartovgade 2",
      "Gammel Strandsti",
      "Gammel Strandsti 16",
    ]);
    expect(company.register.productionUnits).toEqual([
      { pNumber: "1019207540", active: true, address: { municipality: { code: "101", name: "KØBENHAVN" } } },
      { pNumber: "1019207559", active: false, address: { municipality: { code: "147", name: "FREDERIKSBERG" } } },
    ]);

    const fallback = (await crm.ok(REGISTER, { cvr: cvrOf(withoutNewest) })).company;
    expect(fallback).toMatchObject({
      name: "Frisør Krølle ApS",
      address: { street: "Istedgade 72A" },
      register: { name: "Frisør Krølle ApS", address: { street: "Istedgade 72A", municipality: { code: "101" } } },
    });
  });

  it("catches new employment figures that move only sidstIndlaest, not sidstOpdateret", async () => {
    expect(employmentAfter.sidstOpdateret).toBe(employmentBefore.sidstOpdateret);
    serve([employmentBefore]);
    const sync = syncOf();
    await sync.runOnce();
    serve([employmentAfter]);
    const run = await sync.runOnce();
    expect(run).toMatchObject({ companies: 1, unchanged: 0 });
    const company = await crm.db.prisma.company.findUniqueOrThrow({ where: { cvr: cvrOf(employmentAfter) } });
    expect(company).toMatchObject({ employees: 12, sizeBand: "ANTAL_10_19" });
    expect((company.registerRecord as unknown as RegisterRecord).employment.monthly).toMatchObject({
      employees: 12,
      fullTimeEquivalents: 10.6,
      year: 2023,
      month: 12,
    });
    // Read again, nothing changed: left alone.
    expect(await sync.runOnce()).toMatchObject({ companies: 0, unchanged: 1 });
  });
});
