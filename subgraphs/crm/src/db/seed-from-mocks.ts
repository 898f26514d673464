import { generateWorld, type World } from "@company-graph/mocks";
import type { PrismaClient } from "../generated/prisma/client.js";
import { seedWorld, type SeedAddress, type SeedResult, type SeedWorld } from "./seed";

/** Seeds from @company-graph/mocks' generateWorld when the database has no companies yet. */
export async function seedFromMocks(db: PrismaClient, options: { profile: "small" | "city"; seed?: number; now?: string }): Promise<SeedResult> {
  if ((await db.company.count()) > 0) return { seeded: false, companies: 0, employees: 0 };
  const world = generateWorld(options);
  return seedWorld(db, toSeedWorld(world), new Date(world.now));
}

type MocksEmployee = World["employees"][number];
type MocksRole = MocksEmployee["role"];

const ROLES: Record<MocksRole, SeedWorld["employees"][number]["role"]> = {
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

function unitKind(members: MocksEmployee[]): SeedWorld["units"][number]["kind"] {
  const roles = new Set(members.map((member) => member.role));
  if (roles.has("front-office")) return "FRONT_OFFICE";
  if (roles.has("key-account-manager") || roles.has("business-consultant")) return "CONSULTANT_TEAM";
  if (roles.has("analyst")) return "DEVELOPMENT_UNIT";
  return "DEPARTMENT";
}

/** Maps the generated world onto what the CRM stores, assigning key account managers deterministically. */
export function toSeedWorld(world: World): SeedWorld {
  const address = (value: { street: string; houseNumber: string; postalCode: string; city: string }): SeedAddress => ({
    street: `${value.street} ${value.houseNumber}`,
    postalCode: value.postalCode,
    city: value.city,
  });
  const keyAccountManagers = world.employees.filter((employee) => employee.role === "key-account-manager");
  let next = 0;
  return {
    units: world.units.map((unit) => {
      const members = world.employees.filter((employee) => employee.unitId === unit.id);
      const team = members.find((member) => member.team)?.team;
      return { id: unit.id, name: unit.name, kind: unitKind(members), department: unit.department, packageId: team ? PACKAGE_OF_TEAM[team] : null };
    }),
    employees: world.employees.map((employee) => ({ id: employee.id, name: employee.name, unitId: employee.unitId, email: employee.email, phone: employee.phone, role: ROLES[employee.role] })),
    companies: world.companies.map((company) => ({
      cvr: company.cvr,
      name: company.name,
      companyForm: company.companyForm.text,
      industry: company.industry,
      sizeBand: company.sizeBand,
      employees: company.employees,
      address: address(company.address),
      productionUnits: company.productionUnits.map((unit) => ({ pNumber: unit.pNumber, name: unit.name, address: address(unit.address) })),
      advertisingProtected: company.advertisingProtected,
      segment: company.segment,
      keyAccountManagerId:
        keyAccountManagers.length && company.employees >= KEY_ACCOUNT_MIN_EMPLOYEES ? keyAccountManagers[next++ % keyAccountManagers.length].id : null,
    })),
  };
}
