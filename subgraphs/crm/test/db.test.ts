import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseConfig, openDatabase } from "../src/db/client";
import { applyMigrations, readMigrationsList } from "../src/db/migrate";
import { seedWorld } from "./fixture-seed";
import { DATABASES, freshDatabase } from "./support";
import { CVR, FIXTURE_WORLD } from "./fixtures";

const MIGRATIONS = readMigrationsList().migrationDirectories.map((dir) => dir.path);

describe.each(DATABASES)("migrations on %s", (kind) => {
  it("apply every committed migration once, then nothing (idempotent)", async () => {
    const db = await freshDatabase(kind);
    try {
      expect(await applyMigrations(db.migrationFactory())).toEqual(MIGRATIONS);
      expect(await applyMigrations(db.migrationFactory())).toEqual([]);
      const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; finished_at: Date | null }[]>(
        'SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(rows.map((row) => row.migration_name)).toEqual(MIGRATIONS);
      expect(rows.every((row) => row.finished_at !== null)).toBe(true);
      // The schema is usable through Prisma.
      const seeded = await seedWorld(db.prisma, FIXTURE_WORLD);
      expect(seeded).toMatchObject({ seeded: true, companies: FIXTURE_WORLD.companies.length });
      expect(await seedWorld(db.prisma, FIXTURE_WORLD)).toMatchObject({ seeded: false });
    } finally {
      await db.destroy();
    }
  });
});

describe("PGlite data directory", () => {
  const dir = mkdtempSync(join(tmpdir(), "crm-pglite-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps the data across a restart (close and reopen)", async () => {
    const config = databaseConfig({ CRM_DATA_DIR: dir });
    expect(config).toEqual({ kind: "pglite", dataDir: dir });
    const first = await openDatabase(config);
    try {
      expect(await applyMigrations(first.migrationFactory())).toEqual(MIGRATIONS);
      await seedWorld(first.prisma, FIXTURE_WORLD);
    } finally {
      await first.close();
    }
    const second = await openDatabase(config);
    try {
      expect(await applyMigrations(second.migrationFactory())).toEqual([]);
      expect(await second.prisma.company.count()).toBe(FIXTURE_WORLD.companies.length);
      expect(await second.prisma.company.findUnique({ where: { cvr: CVR.architect } })).toMatchObject({ name: "Arkitekt Anna Holm" });
    } finally {
      await second.close();
    }
  });
});

describe("databaseConfig", () => {
  it("chooses PostgreSQL with discrete fields when DATABASE_URL is set", () => {
    expect(databaseConfig({ DATABASE_URL: "postgresql://crm:s%40cret@db.local:6543/crm", CRM_DATA_DIR: "memory" })).toEqual({
      kind: "postgres",
      connection: { host: "db.local", port: 6543, user: "crm", password: "s@cret", database: "crm" },
    });
  });
  it("chooses in-memory PGlite for CRM_DATA_DIR=memory and .data/crm by default", () => {
    expect(databaseConfig({ CRM_DATA_DIR: "memory" })).toEqual({ kind: "pglite", dataDir: null });
    expect(databaseConfig({})).toEqual({ kind: "pglite", dataDir: join(__dirname, "..", ".data", "crm") });
  });
});
