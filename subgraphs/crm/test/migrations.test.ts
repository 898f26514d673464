import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import {
  createMigration,
  migrationDrift,
  MIGRATIONS_DIR,
  SCHEMA_PATH,
  withoutGeneratedColumnChanges,
  type MigrationPaths,
} from "../src/db/migrate";
import { DATABASES, freshDatabase } from "./support";

/**
 * PostgreSQL when the machine has one (CI must), PGlite otherwise. The schema engine diffs the
 * same way on either; on PostgreSQL its replay of every migration into a shadow database takes
 * ~3 s, on PGlite's wasm (an initdb per shadow database) ~15 s, three times in this file.
 */
const MIGRATION_DATABASE = DATABASES.includes("postgres") ? "postgres" : "pglite";

/** A database with the committed migrations applied, and a fresh shadow database beside it. */
async function withMigratedDatabase<T>(work: (factory: SqlMigrationAwareDriverAdapterFactory) => Promise<T>): Promise<T> {
  const db = await freshDatabase(MIGRATION_DATABASE, { migrated: true });
  try {
    return await work(db.migrationFactory());
  } finally {
    await db.destroy();
  }
}

describe("prisma/schema.prisma and the committed migrations", () => {
  it("agree: replaying the migrations builds exactly the schema", async () => {
    // On failure: create the missing migration with `npm run migrate:dev -w subgraphs/crm -- --name <what_changed>`.
    await expect(withMigratedDatabase((factory) => migrationDrift(factory))).resolves.toBe("");
  }, 120_000);

  it("overlooks only what Prisma cannot declare: a generated column's NOT NULL and expression", () => {
    const script = [
      '-- AlterTable\nALTER TABLE "Company" ALTER COLUMN "nameSearch" DROP NOT NULL,\nALTER COLUMN "nameSearch" DROP DEFAULT,\nALTER COLUMN "name" DROP NOT NULL;',
      '-- AlterTable\nALTER TABLE "Company" ALTER COLUMN "nameSortKey" DROP DEFAULT;',
      '-- CreateTable\nCREATE TABLE "Probe" (\n    "id" INTEGER NOT NULL,\n    "note" TEXT NOT NULL\n);',
    ].join("\n\n");
    expect(withoutGeneratedColumnChanges(script, new Set(["Company.nameSearch", "Company.nameSortKey"]))).toBe(
      '-- AlterTable\nALTER TABLE "Company" ALTER COLUMN "name" DROP NOT NULL;\n\n-- CreateTable\nCREATE TABLE "Probe" (\n    "id" INTEGER NOT NULL,\n    "note" TEXT NOT NULL\n);',
    );
  });
});

describe("the migration creator (npm run migrate:dev)", () => {
  let scratch: string;
  let paths: MigrationPaths;
  const migrationNames = () =>
    readdirSync(paths.migrationsDir)
      .filter((name) => name !== "migration_lock.toml")
      .sort();

  beforeEach(() => {
    // A copy of the real schema and migrations: the test changes the schema and writes a migration.
    scratch = mkdtempSync(join(tmpdir(), "crm-migrations-"));
    paths = { schemaPath: join(scratch, "schema.prisma"), migrationsDir: join(scratch, "migrations") };
    cpSync(SCHEMA_PATH, paths.schemaPath);
    cpSync(MIGRATIONS_DIR, paths.migrationsDir, { recursive: true });
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it("creates no migration while the schema is unchanged", async () => {
    const before = migrationNames();
    await expect(withMigratedDatabase((factory) => createMigration(factory, "nothing_changed", paths))).resolves.toBeNull();
    expect(migrationNames()).toEqual(before);
  }, 60_000);

  it("writes the next migration for a changed schema, after which schema and migrations agree again", async () => {
    appendFileSync(paths.schemaPath, "\nmodel MigrationProbe {\n  id   Int    @id\n  note String\n}\n");
    const before = migrationNames();
    const created = await withMigratedDatabase(async (factory) => {
      // The drift check notices the change before a migration exists...
      expect(await migrationDrift(factory, paths)).toMatch(/CREATE TABLE "MigrationProbe"/);
      const name = await createMigration(factory, "migration_probe", paths);
      // ...and is satisfied once it does.
      expect(await migrationDrift(factory, paths)).toBe("");
      return name;
    });

    expect(created).toMatch(/^\d{14}_migration_probe$/);
    expect(migrationNames()).toEqual([...before, created]);
    // Sorted last, so it applies after every committed migration.
    expect(created! > before[before.length - 1]).toBe(true);
    // Only the change: nothing about the columns the database generates.
    expect(readFileSync(join(paths.migrationsDir, created!, "migration.sql"), "utf8")).toMatch(
      /^-- CreateTable\nCREATE TABLE "MigrationProbe" \([^;]*\);\n$/,
    );
  }, 120_000);

  it("refuses a name that is not snake_case, before touching anything", async () => {
    const before = migrationNames();
    const untouchable = new Proxy({} as SqlMigrationAwareDriverAdapterFactory, {
      get: () => {
        throw new Error("the database was touched");
      },
    });
    await expect(createMigration(untouchable, "Add Probe", paths)).rejects.toThrow(/snake_case/);
    expect(migrationNames()).toEqual(before);
  });
});
