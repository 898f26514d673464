/**
 * The development seed step: what the demo CRM holds that the CVR register does not give it —
 * the municipality's units and staff, key account managers for the larger companies and the
 * CRM's contact-frequency segments — taken from the generated world the simulators serve.
 * Companies and production units come only from the register (the CRM's CVR sync), so this runs
 * after a sync: `npm start` through dev/start.ts, the tests in test/harness/graph.ts.
 * Development only: NODE_ENV=production refuses it. The CRM's src/ never imports this folder.
 */
import type { CrmDatabase } from "@company-graph/crm";
import type { World } from "@company-graph/mocks";

type Db = CrmDatabase["prisma"];
type MocksEmployee = World["employees"][number];
type UnitKind = "FRONT_OFFICE" | "CONSULTANT_TEAM" | "DEVELOPMENT_UNIT" | "DEPARTMENT";
type EmployeeRole = "CASEWORKER" | "MANAGER" | "FRONT_OFFICE_AGENT" | "KEY_ACCOUNT_MANAGER" | "CONSULTANT" | "ANALYST";

export interface DemoData {
  units: { id: string; name: string; kind: UnitKind; department: string | null; packageId: string | null }[];
  employees: { id: string; name: string; unitId: string; email: string; phone: string | null; role: EmployeeRole }[];
  /** Companies (by CVR) and their key account manager. */
  keyAccounts: { cvr: string; employeeId: string }[];
  segments: { cvr: string; segment: string }[];
}

export interface DemoSeedResult {
  /** Companies the register has delivered so far (the seed step's reach). */
  companies: number;
  units: number;
  employees: number;
  keyAccounts: number;
  segments: number;
}

const ROLES: Record<MocksEmployee["role"], EmployeeRole> = {
  caseworker: "CASEWORKER",
  "unit-manager": "MANAGER",
  "front-office": "FRONT_OFFICE_AGENT",
  "key-account-manager": "KEY_ACCOUNT_MANAGER",
  "business-consultant": "CONSULTANT",
  analyst: "ANALYST",
};

const PACKAGE_OF_TEAM: Record<NonNullable<MocksEmployee["team"]>, string> = { hr: "hr", "startup-growth": "startup" };

/** HR-team key account managers look after the medium and large companies (the report's model). */
const KEY_ACCOUNT_MIN_EMPLOYEES = 50;

function unitKind(members: MocksEmployee[]): UnitKind {
  const roles = new Set(members.map((member) => member.role));
  if (roles.has("front-office")) return "FRONT_OFFICE";
  if (roles.has("key-account-manager") || roles.has("business-consultant")) return "CONSULTANT_TEAM";
  if (roles.has("analyst")) return "DEVELOPMENT_UNIT";
  return "DEPARTMENT";
}

/** The world's staff, and key account managers dealt out in the world's order (so the first one has companies). */
export function demoDataOf(world: World): DemoData {
  const keyAccountManagers = world.employees.filter((employee) => employee.role === "key-account-manager");
  const large = world.companies.filter((company) => company.employees >= KEY_ACCOUNT_MIN_EMPLOYEES);
  return {
    units: world.units.map((unit) => {
      const members = world.employees.filter((employee) => employee.unitId === unit.id);
      const team = members.find((member) => member.team)?.team;
      return { id: unit.id, name: unit.name, kind: unitKind(members), department: unit.department, packageId: team ? PACKAGE_OF_TEAM[team] : null };
    }),
    employees: world.employees.map((employee) => ({ id: employee.id, name: employee.name, unitId: employee.unitId, email: employee.email, phone: employee.phone, role: ROLES[employee.role] })),
    keyAccounts: keyAccountManagers.length ? large.map((company, i) => ({ cvr: company.cvr, employeeId: keyAccountManagers[i % keyAccountManagers.length].id })) : [],
    segments: world.companies.map((company) => ({ cvr: company.cvr, segment: company.segment })),
  };
}

/**
 * Writes the demo data next to the synced companies; idempotent (a second run adds nothing) and
 * never touches what the register or a user wrote: a company with a key account manager or a
 * segment keeps it, and companies the register has not delivered are left out.
 */
export async function seedDemoData(db: Db, data: DemoData, options: { now: Date; env?: NodeJS.ProcessEnv }): Promise<DemoSeedResult> {
  refuseInProduction(options.env);
  const units = await db.municipalUnit.createMany({ data: data.units, skipDuplicates: true });
  const employees = await db.employee.createMany({ data: data.employees, skipDuplicates: true });
  const synced = new Set((await db.company.findMany({ select: { cvr: true } })).map((company) => company.cvr));
  const managed = new Set((await db.keyAccountAssignment.findMany({ select: { cvr: true }, distinct: ["cvr"] })).map((assignment) => assignment.cvr));
  const keyAccounts = await db.keyAccountAssignment.createMany({
    data: data.keyAccounts.filter(({ cvr }) => synced.has(cvr) && !managed.has(cvr)).map(({ cvr, employeeId }) => ({ cvr, employeeId, from: options.now, reason: "Demo data (development seed)" })),
  });
  let segments = 0;
  for (const segment of new Set(data.segments.map((entry) => entry.segment))) {
    const cvrs = data.segments.filter((entry) => entry.segment === segment).map((entry) => entry.cvr);
    segments += (await db.company.updateMany({ where: { cvr: { in: cvrs }, segment: null }, data: { segment } })).count;
  }
  return { companies: synced.size, units: units.count, employees: employees.count, keyAccounts: keyAccounts.count, segments };
}

/** The demo world's staff and assignments must never reach a production database. */
export function refuseInProduction(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === "production") throw new Error("the demo data is for development and tests only: NODE_ENV=production refuses it");
}
