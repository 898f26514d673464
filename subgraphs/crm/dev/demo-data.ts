/**
 * The development seed step: what the demo CRM holds that the CVR register does not give it —
 * the municipality's units and staff, key account managers, the CRM's contact-frequency segments
 * (taken from the generated world the simulators serve), and the CRM's own records: the companies'
 * contact persons and a year of inquiries with notes and follow-ups (crm-activity.ts).
 * Companies and production units come only from the register (the CRM's CVR sync), so this runs
 * after a sync: `npm start` through dev/start.ts, the tests in test/harness/graph.ts.
 * Development only: NODE_ENV=production refuses it. The CRM's src/ never imports this folder.
 */
import type { CrmDatabase } from "@company-graph/crm";
import type { World } from "@company-graph/mocks";
import { crmActivityOf, type DemoContact, type DemoInquiry } from "./crm-activity";

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
  contacts: DemoContact[];
  inquiries: DemoInquiry[];
}

export interface DemoSeedResult {
  /** Companies the register has delivered so far (the seed step's reach). */
  companies: number;
  units: number;
  employees: number;
  keyAccounts: number;
  segments: number;
  contacts: number;
  inquiries: number;
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

/** HR-team key account managers look after the medium and large companies (the report's model)… */
const KEY_ACCOUNT_MIN_EMPLOYEES = 50;
/** …and the companies often in contact that employ this many; start-up consultants their young ones. */
const FREQUENT_KEY_ACCOUNT_MIN_EMPLOYEES = 10;
const START_UP_MAX_YEARS = 3;

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
  const startUpConsultants = world.employees.filter(
    (employee) => employee.role === "business-consultant" && employee.team === "startup-growth",
  );
  const nowYear = new Date(world.now).getUTCFullYear();
  const stillHere = world.companies.filter((company) => !world.companyEnds[company.cvr]);
  const large = stillHere.filter(
    (company) =>
      company.employees >= KEY_ACCOUNT_MIN_EMPLOYEES ||
      (company.segment === "frequent" && company.employees >= FREQUENT_KEY_ACCOUNT_MIN_EMPLOYEES),
  );
  const startUps = stillHere.filter(
    (company) =>
      company.segment !== "infrequent" && company.employees < 10 && nowYear - Number(company.foundedOn.slice(0, 4)) <= START_UP_MAX_YEARS,
  );
  const dealt = (companies: typeof world.companies, managers: typeof world.employees) =>
    managers.length ? companies.map((company, i) => ({ cvr: company.cvr, employeeId: managers[i % managers.length].id })) : [];
  const activity = crmActivityOf(world);
  return {
    units: world.units.map((unit) => {
      const members = world.employees.filter((employee) => employee.unitId === unit.id);
      const team = members.find((member) => member.team)?.team;
      return {
        id: unit.id,
        name: unit.name,
        kind: unitKind(members),
        department: unit.department,
        packageId: team ? PACKAGE_OF_TEAM[team] : null,
      };
    }),
    employees: world.employees.map((employee) => ({
      id: employee.id,
      name: employee.name,
      unitId: employee.unitId,
      email: employee.email,
      phone: employee.phone,
      role: ROLES[employee.role],
    })),
    keyAccounts: [...dealt(large, keyAccountManagers), ...dealt(startUps, startUpConsultants)],
    segments: world.companies.map((company) => ({ cvr: company.cvr, segment: company.segment })),
    contacts: activity.contacts,
    inquiries: activity.inquiries,
  };
}

/**
 * Writes the demo data next to the synced companies; idempotent (a second run adds nothing) and
 * never touches what the register or a user wrote: a company with a key account manager, a
 * segment, contact persons or inquiries keeps them, and companies the register has not delivered
 * are left out.
 */
export async function seedDemoData(db: Db, data: DemoData, options: { now: Date; env?: NodeJS.ProcessEnv }): Promise<DemoSeedResult> {
  refuseInProduction(options.env);
  const units = await db.municipalUnit.createMany({ data: data.units, skipDuplicates: true });
  const employees = await db.employee.createMany({ data: data.employees, skipDuplicates: true });
  const synced = new Set((await db.company.findMany({ select: { cvr: true } })).map((company) => company.cvr));
  const managed = new Set(
    (await db.keyAccountAssignment.findMany({ select: { cvr: true }, distinct: ["cvr"] })).map((assignment) => assignment.cvr),
  );
  const keyAccounts = await db.keyAccountAssignment.createMany({
    data: data.keyAccounts
      .filter(({ cvr }) => synced.has(cvr) && !managed.has(cvr))
      .map(({ cvr, employeeId }) => ({ cvr, employeeId, from: options.now, reason: "Demo data (development seed)" })),
  });
  let segments = 0;
  for (const segment of new Set(data.segments.map((entry) => entry.segment))) {
    const cvrs = data.segments.filter((entry) => entry.segment === segment).map((entry) => entry.cvr);
    segments += (await db.company.updateMany({ where: { cvr: { in: cvrs }, segment: null }, data: { segment } })).count;
  }
  const contacts = await seedContacts(db, data.contacts, synced);
  const inquiries = await seedInquiries(db, data.inquiries, synced);
  return {
    companies: synced.size,
    units: units.count,
    employees: employees.count,
    keyAccounts: keyAccounts.count,
    segments,
    contacts,
    inquiries,
  };
}

/** The CVR numbers of the rows read. */
async function withRows(rows: Promise<{ cvr: string }[]>): Promise<Set<string>> {
  return new Set((await rows).map((row) => row.cvr));
}

async function seedContacts(db: Db, contacts: DemoContact[], synced: ReadonlySet<string>): Promise<number> {
  const known = await withRows(db.contactPerson.findMany({ select: { cvr: true }, distinct: ["cvr"] }));
  return (
    await db.contactPerson.createMany({ data: contacts.filter(({ cvr }) => synced.has(cvr) && !known.has(cvr)), skipDuplicates: true })
  ).count;
}

async function seedInquiries(db: Db, all: DemoInquiry[], synced: ReadonlySet<string>): Promise<number> {
  const known = await withRows(db.inquiry.findMany({ select: { cvr: true }, distinct: ["cvr"] }));
  const inquiries = all.filter(({ cvr }) => synced.has(cvr) && !known.has(cvr));
  return db.$transaction(async (tx) => {
    const created = await tx.inquiry.createMany({
      data: inquiries.map(({ part: _part, notes: _notes, followUp: _followUp, ...inquiry }) => inquiry),
      skipDuplicates: true,
    });
    await tx.inquiryPart.createMany({
      data: inquiries.map(({ id, part }) => ({ ...part, inquiryId: id, position: 0 })),
      skipDuplicates: true,
    });
    await tx.note.createMany({
      data: inquiries.flatMap(({ id, cvr, notes }) => notes.map((note) => ({ ...note, cvr, inquiryId: id, createdAt: note.occurredAt }))),
      skipDuplicates: true,
    });
    await tx.followUp.createMany({
      data: inquiries.map(({ id, cvr, followUp }) => ({ ...followUp, cvr, inquiryId: id })),
      skipDuplicates: true,
    });
    return created.count;
  });
}

/** The demo world's staff and assignments must never reach a production database. */
export function refuseInProduction(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === "production") throw new Error("the demo data is for development and tests only: NODE_ENV=production refuses it");
}
