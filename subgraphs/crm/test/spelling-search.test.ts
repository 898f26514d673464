/**
 * companies(search:) as people type: æ, ø and å written ae, oe, aa or as plain a, o, a (and the
 * other way round), street names, postal codes and postal towns, the same on PGlite and
 * PostgreSQL, from a trigram index, and the migration computes the key for companies already
 * stored.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Prisma } from "../src/generated/prisma/client.js";
import { searchCondition } from "../src/company/search";
import { spellingSearchText } from "../src/danish-text";
import { applyMigrations, MIGRATIONS_DIR, readMigrationsList, SCHEMA_PATH } from "../src/db/migrate";
import { DATABASES, freshDatabase, startTestCrm, type TestCrm } from "./support";

const COMPANIES = [
  { cvr: "91000001", name: "Bølge Software ApS", street: "Vesterbrogade 12", postalCode: "1620", city: "København V" },
  { cvr: "91000002", name: "Salon Bølge", street: "Nørrebrogade 118", postalCode: "2200", city: "København N" },
  { cvr: "91000003", name: "Annes Frisør", street: "Århusgade 4", postalCode: "2100", city: "København Ø" },
  { cvr: "91000004", name: "Aarhus Vinhandel ApS", street: "Værnedamsvej 3", postalCode: "1619", city: "København V" },
  { cvr: "91000005", name: "Københavns Kaffebar", street: "Sandkaj 12", postalCode: "2150", city: "Nordhavn" },
  { cvr: "91000006", name: "Boelge Consult", street: "Gammel Kongevej 5", postalCode: "2000", city: "Frederiksberg" },
  { cvr: "91000007", name: "Frisoer Kaare", street: "Strandvejen 40", postalCode: "2900", city: "Hellerup" },
  { cvr: "91000008", name: "Poesiens Hus", street: null, postalCode: null, city: null },
  { cvr: "91000010", name: "Joensen Transport", street: null, postalCode: null, city: null },
  // Digraphs next to each other and to the letters: replaced left to right without overlaps, as replace() does.
  { cvr: "91000009", name: "Aaae Ååe Øoe Ææ Aeae", street: "Aaboulevarden", postalCode: null, city: null },
] as const;

const SEARCH = `query Search($search: String) { companies(search: $search, first: 100) { totalCount edges { node { cvr name } } } }`;

describe.each(DATABASES)("company search as people type on %s", (kind) => {
  let crm: TestCrm;
  beforeAll(async () => {
    crm = await startTestCrm(kind);
    await crm.db.prisma.company.createMany({ data: COMPANIES.map((company) => ({ ...company })) });
  });
  afterAll(() => crm?.close());

  const ours = new Set<string>(COMPANIES.map((company) => company.cvr));
  const found = async (search: string) =>
    (await crm.ok(SEARCH, { search })).companies.edges
      .filter((edge: { node: { cvr: string } }) => ours.has(edge.node.cvr))
      .map((edge: { node: { name: string } }) => edge.node.name);

  it("finds æ, ø and å typed as ae, oe, aa or without the accent, and the other way round", async () => {
    const bolge = ["Boelge Consult", "Bølge Software ApS", "Salon Bølge"];
    expect(await found("boelge")).toEqual(bolge);
    expect(await found("Bolge")).toEqual(bolge);
    expect(await found("bølge")).toEqual(bolge);
    expect(await found("Frisoer")).toEqual(["Annes Frisør", "Frisoer Kaare"]);
    expect(await found("frisor")).toEqual(["Annes Frisør", "Frisoer Kaare"]);
    expect(await found("Frisør")).toEqual(["Annes Frisør", "Frisoer Kaare"]);
    expect(await found("Kobenhavns")).toEqual(["Københavns Kaffebar"]);
    expect(await found("Koebenhavns")).toEqual(["Københavns Kaffebar"]);
    // Århusgade is Annes Frisør's street; Aarhus Vinhandel's name.
    // Danish order: Aarhus (an old "aa") after z.
    expect(await found("Aarhus")).toEqual(["Annes Frisør", "Aarhus Vinhandel ApS"]);
    expect(await found("Arhus")).toEqual(["Annes Frisør", "Aarhus Vinhandel ApS"]);
    expect(await found("Århus")).toEqual(["Annes Frisør", "Aarhus Vinhandel ApS"]);
    expect(await found("kåre")).toEqual(["Frisoer Kaare"]);
  });

  it("finds a company by street, postal code and postal town, accents typed or not", async () => {
    expect(await found("Vaernedamsvej")).toEqual(["Aarhus Vinhandel ApS"]);
    expect(await found("nørrebrogade")).toEqual(["Salon Bølge"]);
    expect(await found("Norrebrogade 118")).toEqual(["Salon Bølge"]);
    expect(await found("2150")).toEqual(["Københavns Kaffebar"]);
    expect(await found("Hellerup")).toEqual(["Frisoer Kaare"]);
    expect(await found("København Ø")).toEqual(["Annes Frisør"]);
    expect(await found("Kobenhavn V")).toEqual(["Bølge Software ApS", "Aarhus Vinhandel ApS"]);
  });

  it("still finds a term that starts inside a pair the folding merges", async () => {
    expect(await found("esien")).toEqual(["Poesiens Hus"]);
    expect(await found("ensen tr")).toEqual(["Joensen Transport"]);
  });

  it("keeps the generated column equal to the TypeScript folding for every company", async () => {
    const rows = await crm.db.prisma.$queryRaw<{ spellingSearch: string; source: string }[]>`
      SELECT "spellingSearch", "name" || ' ' || coalesce("registerRecord"->>'secondaryNames', '') || ' ' || coalesce("street", '') || ' ' || coalesce("postalCode", '') || ' ' || coalesce("city", '') || ' ' || coalesce("unitAddresses", '') AS source FROM "Company"`;
    expect(rows.length).toBeGreaterThan(COMPANIES.length);
    for (const row of rows)
      expect({ source: row.source, key: row.spellingSearch }).toEqual({ source: row.source, key: spellingSearchText(row.source) });
  });

  it("answers from the spelling key's trigram index, with no sequential scan", async () => {
    const condition = await searchCondition(crm.db.prisma, "Koebenhavn");
    expect(condition.values).toHaveLength(1);
    const plan = await crm.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return (await tx.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN SELECT "cvr" FROM "Company" WHERE ${condition}`)
        .map((row) => row["QUERY PLAN"])
        .join("\n");
    });
    expect(plan).toContain("Company_spellingSearch_trgm_idx");
    expect(plan).not.toContain("Seq Scan");
  });
});

const MIGRATION = "20261208000000_spelling_search";
const before = readMigrationsList()
  .migrationDirectories.map((dir) => dir.path)
  .filter((name) => name < MIGRATION);

describe.each(DATABASES)("the spelling-search migration on %s", (kind) => {
  const dir = mkdtempSync(join(tmpdir(), "crm-migrations-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("computes the spelling key for the companies already stored", async () => {
    for (const name of [...before, "migration_lock.toml"]) cpSync(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
    const db = await freshDatabase(kind);
    try {
      expect(await applyMigrations(db.migrationFactory(), { schemaPath: SCHEMA_PATH, migrationsDir: dir })).toEqual(before);
      await db.prisma.$executeRaw`INSERT INTO "Company" ("cvr", "name", "street", "postalCode", "city", "registerRecord", "updatedAt")
        VALUES ('91000001', 'Bølge Software ApS', 'Vesterbrogade 12', '1620', 'København V', ${Prisma.sql`'{"secondaryNames": ["Havblik Kaffe"]}'::jsonb`}, now())`;
      cpSync(join(MIGRATIONS_DIR, MIGRATION), join(dir, MIGRATION), { recursive: true });
      expect(await applyMigrations(db.migrationFactory(), { schemaPath: SCHEMA_PATH, migrationsDir: dir })).toEqual([MIGRATION]);
      const [row] = await db.prisma.$queryRaw<
        { spellingSearch: string }[]
      >`SELECT "spellingSearch" FROM "Company" WHERE "cvr" = '91000001'`;
      const source = 'Bølge Software ApS ["Havblik Kaffe"] Vesterbrogade 12 1620 København V';
      expect(row.spellingSearch).toBe(spellingSearchText(source));
      expect(row.spellingSearch).toContain("bolge software aps");
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
