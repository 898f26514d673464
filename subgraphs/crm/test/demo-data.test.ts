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
const seed = (db: TestDatabase, env: NodeJS.ProcessEnv) => seedDemoData(db.prisma as unknown as Parameters<typeof seedDemoData>[0], data, { now, env });

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
    expect(await seed(db, {})).toEqual({ companies: 0, units: world.units.length, employees: world.employees.length, keyAccounts: 0, segments: 0 });
    expect(await db.prisma.company.count()).toBe(0);
  });

  it("after a sync: key account managers for the large companies, segments, and nothing twice or over the CRM's own data", async () => {
    await new CvrSync({ db: db.prisma, client: new CvrClient({ url: BASE, username: "kommune", password: "s3cret" }), now: () => now }).runOnce();
    const cvr = world.showcase.manufacturer;
    const manager = data.keyAccounts.find((account) => account.cvr === cvr)!.employeeId;
    await db.prisma.company.update({ where: { cvr: world.showcase.restaurant }, data: { segment: "frequent" } });

    const first = await seed(db, {});
    expect(first).toMatchObject({ companies: world.companies.length, employees: world.employees.length, keyAccounts: data.keyAccounts.length, segments: world.companies.length - 1 });
    expect(await db.prisma.keyAccountAssignment.findMany({ where: { cvr }, select: { employeeId: true, until: true } })).toEqual([{ employeeId: manager, until: null }]);
    expect((await db.prisma.company.findUniqueOrThrow({ where: { cvr: world.showcase.restaurant } })).segment).toBe("frequent");

    expect(await seed(db, {})).toEqual({ companies: world.companies.length, units: 0, employees: 0, keyAccounts: 0, segments: 0 });
  });
});
