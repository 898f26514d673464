/**
 * companies(search:) finds a company by the address of any of its active production units — a
 * shop's street or postal town, not only the head office's — from the company's own trigram index
 * (the units' addresses are written onto the company when units sync), the same on PGlite and
 * PostgreSQL, and the migration that adds it fills in the companies already stored.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CvrRegister, generateWorld } from "@company-graph/mocks";
import { setupServer } from "msw/node";
import { searchCompanies, searchCondition } from "../src/company/search";
import { applyMigrations, MIGRATIONS_DIR, readMigrationsList, SCHEMA_PATH } from "../src/db/migrate";
import { CvrClient } from "../src/services/cvr/cvr-client";
import { CvrSync } from "../src/services/cvr/sync";
import { DATABASES, freshDatabase, type TestDatabase } from "./support";

const world = generateWorld({ profile: "small" });
const BASE = "http://cvr.simulator.test";
const server = setupServer();
const client = new CvrClient({ url: BASE, username: "kommune", password: "s3cret" });
const BIKES = world.showcase.bicycleRetailer;

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe.each(DATABASES)("search by a production unit's address on %s", (kind) => {
  let clock = Date.parse("2026-11-02T08:00:00Z");
  let register: CvrRegister;
  let db: TestDatabase;
  beforeAll(async () => {
    register = new CvrRegister(world, { baseUrl: BASE, username: "kommune", password: "s3cret", clock: () => clock });
    server.resetHandlers(...register.handlers());
    db = await freshDatabase(kind, { migrated: true });
    await new CvrSync({ db: db.prisma, client, now: () => new Date(clock), pageSize: 500 }).runOnce();
  });
  afterAll(() => db?.destroy());

  const found = async (term: string) => (await searchCompanies(db.prisma, term, null, 500)).rows.map((company) => company.cvr);
  const osterbroUnit = () =>
    world.companies
      .find((company) => company.cvr === BIKES)!
      .productionUnits.find((unit) => unit.address?.street.startsWith("Østerbrogade"))!;

  it("finds Cykelhjørnet by its Østerbro shop's street, however æ, ø, å are typed, though its head office is elsewhere", async () => {
    const bikes = await db.prisma.company.findUniqueOrThrow({ where: { cvr: BIKES } });
    expect(bikes.street).not.toMatch(/Østerbrogade/);
    expect(await found("Østerbrogade 92")).toContain(BIKES);
    expect(await found("Osterbrogade 92")).toContain(BIKES);
    expect(await found("oesterbrogade 92")).toContain(BIKES);
    expect(await found("Amagerbrogade 57")).toContain(BIKES);
  });

  it("answers from the company's trigram index, with no sequential scan and no list of CVR numbers", async () => {
    const condition = await searchCondition(db.prisma, "Østerbrogade 92");
    expect(condition.values).toHaveLength(1);
    const plan = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return (await tx.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN SELECT "cvr" FROM "Company" WHERE ${condition}`)
        .map((row) => row["QUERY PLAN"])
        .join("\n");
    });
    expect(plan).toContain("Company_spellingSearch_trgm_idx");
    expect(plan).not.toContain("Seq Scan");
  });

  it("stops finding a company by a shop once the register says it has ceased", async () => {
    const unit = register.productionUnit(osterbroUnit().pNumber)!;
    clock += 86_400_000;
    unit.produktionsEnhedMetadata.sammensatStatus = "Ophørt";
    unit.sidstIndlaest = new Date(clock).toISOString();
    const run = await new CvrSync({ db: db.prisma, client, now: () => new Date(clock), pageSize: 500 }).runOnce();
    expect(run.productionUnits).toBe(1);
    expect(await found("Østerbrogade 92")).not.toContain(BIKES);
    expect(await found("Amagerbrogade 57")).toContain(BIKES);
  });
});

const MIGRATION = "20261208010000_unit_address_search";
const before = readMigrationsList()
  .migrationDirectories.map((dir) => dir.path)
  .filter((name) => name < MIGRATION);

describe.each(DATABASES)("the unit-address search migration on %s", (kind) => {
  const dir = mkdtempSync(join(tmpdir(), "crm-migrations-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the active units' addresses onto the companies already stored, so they are found by them", async () => {
    for (const name of [...before, "migration_lock.toml"]) cpSync(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
    const db = await freshDatabase(kind);
    try {
      expect(await applyMigrations(db.migrationFactory(), { schemaPath: SCHEMA_PATH, migrationsDir: dir })).toEqual(before);
      await db.prisma
        .$executeRaw`INSERT INTO "Company" ("cvr", "name", "street", "postalCode", "city", "updatedAt") VALUES ('29781648', 'Cykelhjørnet ApS', 'Nørrebrogade 118', '2200', 'København N', now())`;
      await db.prisma.$executeRaw`INSERT INTO "ProductionUnit" ("pNumber", "cvr", "name", "street", "postalCode", "city", "active") VALUES
        ('1020000001', '29781648', 'Cykelhjørnet Østerbro', 'Østerbrogade 92', '2100', 'København Ø', true),
        ('1020000002', '29781648', 'Cykelhjørnet Valby', 'Valby Langgade 3', '2500', 'Valby', false)`;
      cpSync(join(MIGRATIONS_DIR, MIGRATION), join(dir, MIGRATION), { recursive: true });
      expect(await applyMigrations(db.migrationFactory(), { schemaPath: SCHEMA_PATH, migrationsDir: dir })).toEqual([MIGRATION]);
      expect((await searchCompanies(db.prisma, "Osterbrogade", null, 10)).rows.map((company) => company.cvr)).toEqual(["29781648"]);
      expect((await searchCompanies(db.prisma, "Valby", null, 10)).rows).toEqual([]);
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
