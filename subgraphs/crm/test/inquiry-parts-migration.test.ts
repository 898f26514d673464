/**
 * The inquiry-parts migration on a database holding old-shape rows: every inquiry becomes one
 * part with its service, owner, status, closing and referral, its handovers and survey invitation
 * move to that part, and the unit that closed it reaches the survey and its answer.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations, MIGRATIONS_DIR, readMigrationsList, SCHEMA_PATH } from "../src/db/migrate";
import { seedWorld } from "./fixture-seed";
import { DATABASES, freshDatabase } from "./support";
import { CVR, EMPLOYEE, FIXTURE_WORLD } from "./fixtures";

const MIGRATION = "20261202004737_inquiry_parts";
const before = readMigrationsList()
  .migrationDirectories.map((dir) => dir.path)
  .filter((name) => name < MIGRATION);

describe.each(DATABASES)("the inquiry-parts migration on %s", (kind) => {
  const dir = mkdtempSync(join(tmpdir(), "crm-migrations-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("makes every existing inquiry one part and loses nothing", async () => {
    for (const name of [...before, "migration_lock.toml"]) cpSync(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
    const db = await freshDatabase(kind);
    try {
      expect(await applyMigrations(db.migrationFactory(), { schemaPath: SCHEMA_PATH, migrationsDir: dir })).toEqual(before);
      await seedWorld(db.prisma, FIXTURE_WORLD, new Date(), { unitAddresses: false });
      const employees = await db.prisma.employee.findMany({ where: { id: { in: [EMPLOYEE.front, EMPLOYEE.startup] } } });
      const unitOf = (id: string) => employees.find((employee) => employee.id === id)!.unitId;
      // Old shape: the inquiry holds service, owner, status and closing; handovers and the survey point at it.
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "Inquiry" ("id", "cvr", "channel", "topic", "serviceId", "status", "registeredById", "assigneeId", "receivedAt", "closedAt", "closedById", "outcome", "referralPartner", "referralContact")
         VALUES ('closed-1', $1, 'PHONE', 'Accounts', 'kes-one-to-one-advice', 'CLOSED', $2, $3, '2026-11-01T09:00:00Z', '2026-11-10T09:00:00Z', $3, 'Advice given', 'Væksthus Hovedstaden', 'Vera Vækst'),
                ('open-1', $1, 'EMAIL', 'Outdoor serving', NULL, 'OPEN', $2, $2, '2026-11-20T09:00:00Z', NULL, NULL, NULL, NULL, NULL)`,
        CVR.architect,
        EMPLOYEE.front,
        EMPLOYEE.startup,
      );
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "InquiryHandover" ("id", "inquiryId", "fromEmployeeId", "toEmployeeId", "byEmployeeId", "note", "at") VALUES ('handover-1', 'closed-1', $1, $2, $1, 'Start-up team', '2026-11-02T09:00:00Z')`,
        EMPLOYEE.front,
        EMPLOYEE.startup,
      );
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "SurveyResponse" ("id", "cvr", "inquiryId", "serviceId", "processingSpeed", "competence", "fixedContactPerson", "ongoingUpdates", "overall", "respondedAt") VALUES ('response-1', $1, 'closed-1', 'kes-one-to-one-advice', 5, 4, 4, 4, 5, '2026-11-11T09:00:00Z')`,
        CVR.architect,
      );
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "SurveyInvitation" ("id", "cvr", "inquiryId", "serviceId", "issuedAt", "responseId") VALUES ('invitation-1', $1, 'closed-1', 'kes-one-to-one-advice', '2026-11-10T09:00:00Z', 'response-1')`,
        CVR.architect,
      );

      cpSync(join(MIGRATIONS_DIR, MIGRATION), join(dir, MIGRATION), { recursive: true });
      expect(await applyMigrations(db.migrationFactory(), { schemaPath: SCHEMA_PATH, migrationsDir: dir })).toEqual([MIGRATION]);

      const parts = await db.prisma.inquiryPart.findMany({
        orderBy: { inquiryId: "asc" },
        include: { handovers: true, surveyInvitation: true },
      });
      expect(parts).toHaveLength(2);
      const [closed, open] = parts;
      expect(closed).toMatchObject({
        inquiryId: "closed-1",
        position: 0,
        serviceId: "kes-one-to-one-advice",
        department: null,
        status: "CLOSED",
        ownerId: EMPLOYEE.startup,
        closedAt: new Date("2026-11-10T09:00:00Z"),
        closedById: EMPLOYEE.startup,
        outcome: "Advice given",
        referralPartner: "Væksthus Hovedstaden",
        referralContact: "Vera Vækst",
      });
      expect(closed.handovers).toEqual([
        expect.objectContaining({
          id: "handover-1",
          fromEmployeeId: EMPLOYEE.front,
          toEmployeeId: EMPLOYEE.startup,
          note: "Start-up team",
        }),
      ]);
      expect(closed.surveyInvitation).toMatchObject({ id: "invitation-1", inquiryId: "closed-1", unitId: unitOf(EMPLOYEE.startup) });
      expect(await db.prisma.surveyResponse.findUnique({ where: { id: "response-1" } })).toMatchObject({
        unitId: unitOf(EMPLOYEE.startup),
      });
      expect(open).toMatchObject({
        inquiryId: "open-1",
        position: 0,
        serviceId: null,
        status: "OPEN",
        ownerId: EMPLOYEE.front,
        closedAt: null,
        handovers: [],
        surveyInvitation: null,
      });
      expect(await db.prisma.inquiry.findMany({ orderBy: { id: "asc" } })).toEqual([
        expect.objectContaining({ id: "closed-1", topic: "Accounts", channel: "PHONE", registeredById: EMPLOYEE.front }),
        expect.objectContaining({ id: "open-1", topic: "Outdoor serving", channel: "EMAIL" }),
      ]);
      // The migrations after it still apply.
      for (const name of readMigrationsList()
        .migrationDirectories.map((entry) => entry.path)
        .filter((name) => name > MIGRATION))
        cpSync(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
      await applyMigrations(db.migrationFactory(), { schemaPath: SCHEMA_PATH, migrationsDir: dir });
    } finally {
      await db.destroy();
    }
  });
});
