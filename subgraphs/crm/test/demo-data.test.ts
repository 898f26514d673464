import { CvrRegister, generateWorld } from "@company-graph/mocks";
import { setupServer } from "msw/node";
import { demoDataOf, seedDemoData } from "../dev/demo-data";
import { CvrClient } from "../src/services/cvr/cvr-client";
import { CvrSync } from "../src/services/cvr/sync";
import { freshDatabase, type TestDatabase } from "./support";

// The development seed step (npm start, the e2e harness): the demo world's staff next to the
// companies the register delivered, never in production and never over what is already there.
const world = generateWorld({ profile: "small" });
const BASE = "http://cvr.simulator.test";
const register = new CvrRegister(world, { baseUrl: BASE, username: "kommune", password: "s3cret" });
const server = setupServer(...register.handlers());
const now = new Date(world.now);
const data = demoDataOf(world);
// dev/ is built against the CRM's dist (its own client class); these tests hold the src one, the same tables.
const seed = (db: TestDatabase, env: NodeJS.ProcessEnv) =>
  seedDemoData(db.prisma as unknown as Parameters<typeof seedDemoData>[0], data, { now, env });

let db: TestDatabase;
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(async () => {
  db = await freshDatabase("pglite", { migrated: true });
});
afterEach(() => db.destroy());
afterAll(() => server.close());

describe("the development seed step", () => {
  it("refuses NODE_ENV=production and writes nothing", async () => {
    await expect(seed(db, { NODE_ENV: "production" })).rejects.toThrow(/NODE_ENV=production/);
    expect(await db.prisma.employee.count()).toBe(0);
  });

  it("adds staff to an empty CRM, but key accounts and segments only for companies the register delivered", async () => {
    expect(await seed(db, {})).toEqual({
      companies: 0,
      units: world.units.length,
      employees: world.employees.length,
      keyAccounts: 0,
      segments: 0,
      contacts: 0,
      inquiries: 0,
    });
    expect(await db.prisma.company.count()).toBe(0);
  });

  it("after a sync: key account managers for the large companies, segments, and nothing twice or over the CRM's own data", async () => {
    await new CvrSync({
      db: db.prisma,
      client: new CvrClient({ url: BASE, username: "kommune", password: "s3cret" }),
      now: () => now,
    }).runOnce();
    const cvr = world.showcase.manufacturer;
    const manager = data.keyAccounts.find((account) => account.cvr === cvr)!.employeeId;
    await db.prisma.company.update({ where: { cvr: world.showcase.restaurant }, data: { segment: "frequent" } });

    const first = await seed(db, {});
    expect(first).toMatchObject({
      companies: world.companies.length,
      employees: world.employees.length,
      keyAccounts: data.keyAccounts.length,
      segments: world.companies.length - 1,
    });
    expect(await db.prisma.keyAccountAssignment.findMany({ where: { cvr }, select: { employeeId: true, until: true } })).toEqual([
      { employeeId: manager, until: null },
    ]);
    expect((await db.prisma.company.findUniqueOrThrow({ where: { cvr: world.showcase.restaurant } })).segment).toBe("frequent");

    expect(await seed(db, {})).toEqual({
      companies: world.companies.length,
      units: 0,
      employees: 0,
      keyAccounts: 0,
      segments: 0,
      contacts: 0,
      inquiries: 0,
    });
  });

  it("gives the showcase café and manufacturer a key account manager, contact persons and inquiries with notes and follow-ups, and nearly every company a contact person", async () => {
    await new CvrSync({
      db: db.prisma,
      client: new CvrClient({ url: BASE, username: "kommune", password: "s3cret" }),
      now: () => now,
    }).runOnce();
    const architect = world.showcase.architectStartup;
    await db.prisma.contactPerson.create({ data: { cvr: architect, name: "Freja Holm", role: "Ejer og arkitekt" } });
    const seeded = await seed(db, {});
    expect(seeded).toMatchObject({
      contacts: data.contacts.filter((contact) => contact.cvr !== architect).length,
      inquiries: data.inquiries.length,
    });

    for (const cvr of [world.showcase.restaurant, world.showcase.manufacturer]) {
      const company = await db.prisma.company.findUniqueOrThrow({
        where: { cvr },
        include: {
          kamAssignments: { where: { until: null } },
          contacts: true,
          inquiries: { include: { parts: true, notes: true, followUps: true } },
        },
      });
      expect(company.kamAssignments).toHaveLength(1);
      expect(company.contacts.length).toBeGreaterThanOrEqual(2);
      expect(company.inquiries.length).toBeGreaterThanOrEqual(1);
      for (const inquiry of company.inquiries) {
        expect(inquiry.parts).toHaveLength(1);
        expect(inquiry.notes.length).toBeGreaterThanOrEqual(1);
        expect(inquiry.followUps).toHaveLength(1);
      }
      // One still open, so the first look has something to act on.
      expect(company.inquiries.some((inquiry) => inquiry.parts[0].status === "OPEN")).toBe(true);
    }
    // The worked examples begin with the architect's and the bicycle retailer's first inquiry; the architect keeps the contact a user wrote.
    for (const cvr of [architect, world.showcase.bicycleRetailer]) expect(await db.prisma.inquiry.count({ where: { cvr } })).toBe(0);
    expect((await db.prisma.contactPerson.findMany({ where: { cvr: architect } })).map((contact) => contact.role)).toEqual([
      "Ejer og arkitekt",
    ]);
    expect(await db.prisma.keyAccountAssignment.count({ where: { cvr: world.showcase.bicycleRetailer } })).toBe(0);

    const withoutContact = await db.prisma.company.count({ where: { contacts: { none: {} } } });
    expect(withoutContact).toBeLessThan(world.companies.length * 0.1);
  });
});

describe.each([2014, 7311, 90210])("the CRM's demo records of the small world, seed %i", (seed) => {
  const seeded = generateWorld({ profile: "small", seed });
  const records = demoDataOf(seeded);
  const worldNow = Date.parse(seeded.now);

  it("are the same for the same world and differ for another seed", () => {
    expect(JSON.stringify(demoDataOf(generateWorld({ profile: "small", seed })))).toBe(JSON.stringify(records));
    expect(JSON.stringify(demoDataOf(generateWorld({ profile: "small", seed: seed + 1 })).contacts)).not.toBe(
      JSON.stringify(records.contacts),
    );
  });

  it("date nothing after now, nor after the company ceased or moved away, and close nothing before it was received", () => {
    expect(records.inquiries.length).toBeGreaterThan(20);
    for (const inquiry of records.inquiries) {
      const end = seeded.companyEnds[inquiry.cvr];
      const moments = [
        inquiry.receivedAt,
        inquiry.part.closedAt,
        inquiry.followUp.createdAt,
        inquiry.followUp.completedAt,
        ...inquiry.notes.map((note) => note.occurredAt),
      ].filter((at): at is Date => at !== null);
      for (const at of moments) {
        expect(at.getTime()).toBeLessThanOrEqual(worldNow);
        expect(at.getTime()).toBeGreaterThanOrEqual(inquiry.receivedAt.getTime());
        if (end) expect(at.toISOString().slice(0, 10) < end.on).toBe(true);
      }
      expect(inquiry.part.status === "CLOSED").toBe(inquiry.followUp.status === "DONE");
    }
  });

  it("give key account managers only to companies still in Copenhagen, and contact persons to nearly all", () => {
    for (const account of records.keyAccounts) expect(seeded.companyEnds[account.cvr]).toBeUndefined();
    expect(new Set(records.contacts.map((contact) => contact.cvr)).size).toBeGreaterThan(seeded.companies.length * 0.9);
  });
});
