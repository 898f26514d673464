import { renderMetrics } from "@company-graph/kit/observability";
import { CvrRegister, generateWorld } from "@company-graph/mocks";
import { setupServer } from "msw/node";
import { CvrClient, CvrRegisterError } from "../src/services/cvr/cvr-client";
import { CvrSync } from "../src/services/cvr/sync";
import type { RegisterRecord } from "../src/services/cvr/register-record";
import { DATABASES, freshDatabase, type TestDatabase } from "./support";

const world = generateWorld({ profile: "small" });
const BASE = "http://cvr.simulator.test";
const START = Date.parse("2026-11-02T08:00:00Z");
const server = setupServer();
const client = new CvrClient({ url: BASE, username: "kommune", password: "s3cret" });
const unitCount = world.companies.reduce((sum, company) => sum + company.productionUnits.length, 0);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe.each(DATABASES)("CVR sync on %s", (kind) => {
  let clock = START;
  let register: CvrRegister;
  let db: TestDatabase;
  // A register of its own per database: the tests change companies in it.
  beforeAll(() => {
    register = new CvrRegister(world, { baseUrl: BASE, username: "kommune", password: "s3cret", clock: () => clock });
    server.resetHandlers(...register.handlers());
  });
  beforeEach(async () => {
    db = await freshDatabase(kind, { migrated: true });
  });
  afterEach(async () => {
    register.setFaults({});
    await db.destroy();
  });

  const syncOf = (options: Partial<ConstructorParameters<typeof CvrSync>[0]> = {}) =>
    new CvrSync({ db: db.prisma, client, now: () => new Date(clock), pageSize: 100, ...options });

  it("loads every company and production unit by scroll, never past the 3,000 window, without secret contact data", async () => {
    const run = await syncOf({ pageSize: 3000 }).runOnce();
    expect(run).toMatchObject({ companies: world.companies.length, productionUnits: unitCount, skipped: 0 });
    expect(await db.prisma.company.count()).toBe(world.companies.length);
    expect(await db.prisma.productionUnit.count()).toBe(unitCount);
    expect(register.largestWindow).toBeLessThanOrEqual(3000);
    const cafe = await db.prisma.company.findUniqueOrThrow({ where: { cvr: world.showcase.restaurant } });
    const record = cafe.registerRecord as unknown as RegisterRecord;
    expect(cafe).toMatchObject({
      name: world.companies.find((c) => c.cvr === cafe.cvr)!.name,
      municipalityCode: "101",
      registerStatus: "NORMAL",
      ceasedOn: null,
    });
    expect(record.addresses.at(-1)).toMatchObject({ municipalityCode: "101", period: { to: null } });
    // The change stamp: the latest of the document's stamps, here sidstIndlaest (every reload moves it).
    expect(cafe.registerUpdatedAt?.toISOString()).toBe(new Date(register.company(cafe.cvr)!.sidstIndlaest).toISOString());
    // A secret phone number or e-mail is never stored, so no answer can show it.
    const secrets = world.companies
      .flatMap((c) => [...register.company(c.cvr)!.telefonNummer, ...register.company(c.cvr)!.elektroniskPost])
      .filter((entry) => entry.hemmelig)
      .map((entry) => entry.kontaktoplysning);
    expect(secrets.length).toBeGreaterThan(0);
    const stored = JSON.stringify(await db.prisma.company.findMany());
    expect(secrets.filter((secret) => stored.includes(secret))).toEqual([]);
    // Moved-away and ceased companies are there, marked.
    expect(await db.prisma.company.count({ where: { NOT: { municipalityCode: "101" } } })).toBeGreaterThan(0);
    expect(await db.prisma.company.count({ where: { registerStatus: "OPHØRT", NOT: { ceasedOn: null } } })).toBeGreaterThan(0);
  });

  it("applies a name, address and status change in the next incremental run and leaves the CRM's own data alone", async () => {
    const sync = syncOf();
    await sync.runOnce();
    // Nothing changed: the documents at the stored position are read again and left alone.
    const idle = await sync.runOnce();
    expect(idle).toMatchObject({ companies: 0, productionUnits: 0 });
    expect(idle.unchanged).toBeGreaterThan(0);
    const cvr = world.showcase.manufacturer;
    await db.prisma.company.update({ where: { cvr }, data: { description: "Vores vigtigste kunde", segment: "frequent" } });
    await db.prisma.contactPerson.create({ data: { cvr, name: "Mette Hansen", role: "Direktør" } });
    clock = Date.parse("2026-11-20T09:00:00Z");
    register.change(cvr, {
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
    });
    const searchesBefore = register.requests.length;
    const run = await sync.runOnce();
    // Only what changed since the stored position is read and written (the documents at the position itself are read, unchanged).
    expect(run).toMatchObject({ companies: 1, productionUnits: register.company(cvr)!.penheder.length });
    expect(register.requests.slice(searchesBefore).every((request) => request.size <= 100)).toBe(true);
    const company = await db.prisma.company.findUniqueOrThrow({ where: { cvr }, include: { contacts: true, productionUnits: true } });
    expect(company).toMatchObject({
      name: "Fabrikken Nord ApS",
      street: "Strandvejen 12",
      city: "Hellerup",
      municipalityCode: "157",
      registerStatus: "OPHØRT",
      description: "Vores vigtigste kunde",
      segment: "frequent",
    });
    expect(company.ceasedOn?.toISOString().slice(0, 10)).toBe("2026-11-20");
    expect(company.contacts.map((contact) => contact.name)).toEqual(["Mette Hansen"]);
    expect(company.productionUnits.every((unit) => !unit.active)).toBe(true);
    const record = company.registerRecord as unknown as RegisterRecord;
    expect(record.names.map((name) => name.name).at(-1)).toBe("Fabrikken Nord ApS");
    expect(record.names.at(-2)?.period.to).toBe("2026-11-19");
  });

  it("resumes after a crash in the middle of a scroll with nothing lost and nothing duplicated", async () => {
    let pages = 0;
    const crashing = syncOf({
      afterPage: () => {
        if (++pages === 2) throw new Error("the process died");
      },
    });
    await expect(crashing.runOnce()).rejects.toThrow("the process died");
    const afterCrash = await db.prisma.company.count();
    expect(afterCrash).toBe(200);
    const state = await db.prisma.cvrSyncState.findUniqueOrThrow({ where: { index: "virksomhed" } });
    expect(state.position).not.toBeNull();
    const resumed = await syncOf().runOnce();
    // The resumed run starts at the stored position, not from the beginning, and writes exactly what the crash left out.
    expect(resumed.companies).toBe(world.companies.length - afterCrash);
    expect(await db.prisma.company.count()).toBe(world.companies.length);
    expect(await db.prisma.productionUnit.count()).toBe(unitCount);
    const cvrs = (await db.prisma.company.findMany({ select: { cvr: true } })).map((company) => company.cvr);
    expect(new Set(cvrs).size).toBe(world.companies.length);
    expect(new Set(cvrs)).toEqual(new Set(world.companies.map((company) => company.cvr)));
  });

  it("restarts from the stored position when the register has let the scroll id expire", async () => {
    let pages = 0;
    const sync = syncOf({
      keepAlive: "1m",
      afterPage: (index) => {
        // A slow database: by the time a later page is asked for, the scroll's keep-alive has run out.
        if (index === "virksomhed" && ++pages === 1) clock += 61_000;
      },
    });
    const run = await sync.runOnce();
    expect(run.scrollRestarts).toBe(1);
    expect(await db.prisma.company.count()).toBe(world.companies.length);
    expect(await db.prisma.productionUnit.count()).toBe(unitCount);
  });

  it.each([
    [{ refuse: 401 }, "unauthorized"],
    [{ refuse: 429 }, "rate-limited"],
    [{ status: 503 }, "unavailable"],
    [{ malformedJson: true }, "bad-response"],
  ] as const)("keeps the last synced data when the register fails (%j) and says so in /metrics", async (faults, failure) => {
    const sync = syncOf();
    await sync.runOnce();
    register.setFaults(faults);
    const error = await sync.runOnce().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CvrRegisterError);
    expect((error as CvrRegisterError).failure).toBe(failure);
    expect(sync.status).toMatchObject({ failing: true });
    expect(await db.prisma.company.count()).toBe(world.companies.length);
    const { body } = await renderMetrics();
    expect(body).toContain(`cvr_sync_runs_total{outcome="${failure}"}`);
    expect(body).toMatch(/cvr_sync_lag_seconds\{index="virksomhed"\} \d/);
    expect(body).toMatch(/cvr_sync_documents_total\{index="virksomhed",outcome="applied"\} \d+/);
  });
});
