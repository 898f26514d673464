import { CvrRegister, generateWorld } from "@company-graph/mocks";
import { setupServer } from "msw/node";
import { CvrClient } from "../src/services/cvr/cvr-client";
import { CvrSync } from "../src/services/cvr/sync";
import { searchText } from "../src/danish-text";
import { DATABASES, startTestCrm, type TestCrm } from "./support";

const world = generateWorld({ profile: "small" });
const BASE = "http://cvr.simulator.test";
const server = setupServer();
const client = new CvrClient({ url: BASE, username: "kommune", password: "s3cret" });

const ADDRESS = "street floor door careOf postalCode city municipality { code name } period { from to }";
const REGISTER = `query Register($cvr: ID!) {
  company(cvr: $cvr) {
    cvr advertisingProtected
    register {
      name secondaryNames status foundedOn ceasedOn phone email
      address { ${ADDRESS} }
      companyForm { code text shortText }
      mainIndustry { code text }
      secondaryIndustries { code text }
      employment { band employees fullTimeEquivalents basis year quarter month }
      nameHistory { name period { from to } }
      addressHistory { ${ADDRESS} }
      productionUnits { pNumber name active address { street postalCode city municipality { code } } }
    }
  }
}`;

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe.each(DATABASES)("the CVR register's facts in the graph on %s", (kind) => {
  let clock = Date.parse("2026-11-02T08:00:00Z");
  let register: CvrRegister;
  let crm: TestCrm;
  let sync: CvrSync;
  beforeAll(async () => {
    // A register of its own per database: a test changes a company in it.
    register = new CvrRegister(world, { baseUrl: BASE, username: "kommune", password: "s3cret", clock: () => clock });
    server.resetHandlers(...register.handlers());
    crm = await startTestCrm(kind);
    sync = new CvrSync({ db: crm.db.prisma, client, now: () => new Date(clock), pageSize: 500 });
    await sync.runOnce();
  });
  afterAll(async () => {
    await crm?.close();
  });

  const registerOf = async (cvr: string) => (await crm.ok(REGISTER, { cvr })).company;

  it("answers a synced company with its register data, and null for one the register never sent", async () => {
    const cvr = world.showcase.restaurant;
    const document = register.company(cvr)!;
    const company = await registerOf(cvr);
    expect(company.advertisingProtected).toBe(document.reklamebeskyttet);
    expect(company.register).toMatchObject({
      name: document.virksomhedMetadata.nyesteNavn!.navn,
      status: "NORMAL",
      ceasedOn: null,
      address: { municipality: { code: "101" }, period: { to: null } },
      mainIndustry: { code: document.virksomhedMetadata.nyesteHovedbranche!.branchekode },
      companyForm: { code: String(document.virksomhedMetadata.nyesteVirksomhedsform!.virksomhedsformkode) },
    });
    expect(company.register.nameHistory.at(-1)).toMatchObject({ name: company.register.name, period: { to: null } });
    expect(company.register.productionUnits.map((unit: { pNumber: string }) => unit.pNumber).sort()).toEqual(
      document.penheder.map((unit) => String(unit.pNummer)).sort(),
    );
    // A company the CRM has but the register never sent.
    const unsynced = "12345674";
    expect(register.company(unsynced)).toBeUndefined();
    await crm.db.prisma.company.create({ data: { cvr: unsynced, name: "Kun i CRM ApS" } });
    expect((await registerOf(unsynced)).register).toBeNull();
  });

  it("never shows a secret phone number or e-mail address", async () => {
    const secret = world.companies
      .map((company) => ({
        cvr: company.cvr,
        entry: register.company(company.cvr)!.telefonNummer.find((entry) => entry.hemmelig && entry.periode.gyldigTil === null),
      }))
      .find((candidate) => candidate.entry !== undefined)!;
    expect(secret).toBeDefined();
    const company = await registerOf(secret.cvr);
    expect(company.register.phone).toBeNull();
    expect(JSON.stringify(company)).not.toContain(secret.entry!.kontaktoplysning);
  });

  it("shows a name, address and status change made in the register after one more sync run, the old name in the history", async () => {
    const cvr = world.showcase.manufacturer;
    const before = await registerOf(cvr);
    clock = Date.parse("2026-11-20T09:00:00Z");
    const response = await fetch(`${BASE}/__admin/companies/${cvr}/change`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "Fabrikken Nord ApS",
        address: {
          vejnavn: "Strandvejen",
          husnummerFra: 12,
          postnummer: 2900,
          postdistrikt: "Hellerup",
          kommuneKode: 157,
          kommuneNavn: "GENTOFTE",
        },
        status: "OPLØST EFTER FRIVILLIG LIKVIDATION",
      }),
    });
    expect(response.status).toBe(200);
    await sync.runOnce();
    const after = (await registerOf(cvr)).register;
    expect(after).toMatchObject({
      name: "Fabrikken Nord ApS",
      status: "OPHØRT",
      ceasedOn: "2026-11-20",
      address: {
        street: "Strandvejen 12",
        postalCode: "2900",
        city: "Hellerup",
        municipality: { code: "157", name: "GENTOFTE" },
        period: { from: "2026-11-20", to: null },
      },
    });
    expect(after.nameHistory.at(-2)).toEqual({
      name: before.register.name,
      period: { from: before.register.nameHistory.at(-1).period.from, to: "2026-11-19" },
    });
    expect(after.addressHistory.at(-2)).toMatchObject({ street: before.register.address.street, period: { to: "2026-11-19" } });
    expect(after.productionUnits.every((unit: { active: boolean }) => !unit.active)).toBe(true);
  });

  it("finds a company by one of its secondary names from the register (not in its name), in any case", async () => {
    const withSecondary = world.companies
      .map((company) => register.company(company.cvr)!)
      .find(
        (document) =>
          document.virksomhedMetadata.nyesteBinavne.length > 0 &&
          !searchText(document.virksomhedMetadata.nyesteNavn!.navn).includes(searchText(document.virksomhedMetadata.nyesteBinavne[0])),
      )!;
    expect(withSecondary).toBeDefined();
    const secondary = withSecondary.virksomhedMetadata.nyesteBinavne[0];
    const found = await crm.ok(`query Search($search: String) { companies(search: $search, first: 100) { edges { node { cvr } } } }`, {
      search: secondary.toUpperCase(),
    });
    expect(found.companies.edges.map((edge: { node: { cvr: string } }) => edge.node.cvr)).toContain(
      String(withSecondary.cvrNummer).padStart(8, "0"),
    );
  });
});
