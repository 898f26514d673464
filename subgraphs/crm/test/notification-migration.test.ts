/**
 * The migration that lets a notification be about something other than a change, on a database
 * holding notifications of changes: each keeps its change, gets the key `change:<sequence>` and
 * a position in the changes' order, and a notification written after it comes after them.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations, MIGRATIONS_DIR, readMigrationsList, SCHEMA_PATH } from "../src/db/migrate";
import { seedWorld } from "./fixture-seed";
import { DATABASES, freshDatabase } from "./support";
import { CVR, EMPLOYEE, FIXTURE_WORLD } from "./fixtures";

const MIGRATION = "20261208025302_time_driven_notifications";
const before = readMigrationsList()
  .migrationDirectories.map((dir) => dir.path)
  .filter((name) => name < MIGRATION);

describe.each(DATABASES)("the time-driven notifications migration on %s", (kind) => {
  const dir = mkdtempSync(join(tmpdir(), "crm-migrations-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keys and orders existing notifications by their change", async () => {
    for (const name of [...before, "migration_lock.toml"]) cpSync(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
    const db = await freshDatabase(kind);
    try {
      expect(await applyMigrations(db.migrationFactory(), { schemaPath: SCHEMA_PATH, migrationsDir: dir })).toEqual(before);
      await seedWorld(db.prisma, FIXTURE_WORLD, new Date(), {});
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "CompanyChange" ("sequence", "messageId", "cvr", "department", "kind", "objectId", "occurredAt", "kle", "sensitivity", "summary", "payload")
         VALUES (7, gen_random_uuid(), $1, 'TMF', 'case.decided', 'TMF-1', '2026-11-01T09:00:00Z', '05.04.12', 'almindelig', 'Sag afgjort', '{}'),
                (9, gen_random_uuid(), $1, 'TMF', 'case.closed', 'TMF-1', '2026-11-02T09:00:00Z', '05.04.12', 'almindelig', 'Sag afsluttet', '{}')`,
        CVR.bikes,
      );
      // Written in another order than their changes'.
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "Notification" ("id", "employeeId", "changeSequence", "cvr", "department", "kind", "objectId", "subject", "occurredAt", "withheld")
         VALUES ('n-late', $1, 9, $2, 'TMF', 'case.closed', 'TMF-1', 'Udeservering', '2026-11-02T09:00:00Z', false),
                ('n-early', $1, 7, $2, 'TMF', 'case.decided', 'TMF-1', 'Udeservering', '2026-11-01T09:00:00Z', false),
                ('n-other', $3, 7, $2, 'TMF', 'case.decided', 'TMF-1', 'Udeservering', '2026-11-01T09:00:00Z', false)`,
        EMPLOYEE.kam,
        CVR.bikes,
        EMPLOYEE.front,
      );

      cpSync(join(MIGRATIONS_DIR, MIGRATION), join(dir, MIGRATION), { recursive: true });
      expect(await applyMigrations(db.migrationFactory(), { schemaPath: SCHEMA_PATH, migrationsDir: dir })).toEqual([MIGRATION]);

      const rows = await db.prisma.notification.findMany({ orderBy: { position: "asc" } });
      expect(rows.map((row) => [row.id, row.dedupeKey, row.changeSequence])).toEqual([
        ["n-early", "change:7", 7n],
        ["n-other", "change:7", 7n],
        ["n-late", "change:9", 9n],
      ]);
      const written = await db.prisma.notification.create({
        data: {
          employeeId: EMPLOYEE.kam,
          dedupeKey: "handover:h-1",
          cvr: CVR.bikes,
          department: null,
          kind: "inquiry.handed-over",
          objectId: "part-1",
          subject: "Emne",
          occurredAt: new Date(),
          withheld: false,
        },
      });
      expect(written.position).toBeGreaterThan(rows[2].position);
      await expect(
        db.prisma.notification.create({
          data: {
            employeeId: EMPLOYEE.kam,
            dedupeKey: "change:9",
            changeSequence: 9n,
            cvr: CVR.bikes,
            department: "TMF",
            kind: "case.closed",
            occurredAt: new Date(),
            withheld: false,
          },
        }),
      ).rejects.toThrow();
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
