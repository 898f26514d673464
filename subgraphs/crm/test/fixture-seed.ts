import type { Prisma, PrismaClient } from "../src/generated/prisma/client.js";
import { refreshUnitAddresses } from "../src/company/unit-addresses";

/**
 * The CRM tests' fixture world, written straight into the tables. Only tests do this: the CRM
 * itself gets companies only from the CVR register (src/services/cvr/sync.ts), and `npm start`'s demo staff
 * come from dev/demo-data.ts.
 */

interface SeedAddress {
  street: string | null;
  postalCode: string | null;
  city: string | null;
}

/** A fixture: companies as the register would have given them, and the municipality's staff. */
export interface SeedWorld {
  companies: {
    cvr: string;
    name: string;
    companyForm: string | null;
    industry: { code: string | null; text: string | null; codeSystem?: string } | null;
    sizeBand: string | null;
    employees: number | null;
    address: SeedAddress | null;
    productionUnits: { pNumber: string; name: string; address: SeedAddress | null }[];
    advertisingProtected: boolean;
    segment: string | null;
    keyAccountManagerId?: string | null;
  }[];
  units: {
    id: string;
    name: string;
    kind: Prisma.MunicipalUnitCreateManyInput["kind"];
    department: string | null;
    packageId: string | null;
  }[];
  employees: {
    id: string;
    name: string;
    unitId: string;
    email: string;
    phone: string | null;
    role: Prisma.EmployeeCreateManyInput["role"];
  }[];
}

export interface SeedResult {
  seeded: boolean;
  companies: number;
  employees: number;
}

const BATCH = 1_000;

async function inBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/**
 * Inserts the world into an empty database; does nothing when any company exists.
 * `unitAddresses: false` for a database migrated only to a schema older than the units' search column.
 */
export async function seedWorld(
  db: PrismaClient,
  world: SeedWorld,
  now: Date = new Date(),
  { unitAddresses = true } = {},
): Promise<SeedResult> {
  if ((await db.company.count()) > 0) return { seeded: false, companies: 0, employees: 0 };
  const addressColumns = (address: SeedAddress | null) => ({
    street: address?.street ?? null,
    postalCode: address?.postalCode ?? null,
    city: address?.city ?? null,
  });
  await db.municipalUnit.createMany({ data: world.units, skipDuplicates: true });
  await inBatches(world.employees, (data) => db.employee.createMany({ data, skipDuplicates: true }));
  await inBatches(world.companies, (batch) =>
    db.company.createMany({
      data: batch.map((company) => ({
        cvr: company.cvr,
        name: company.name,
        companyForm: company.companyForm,
        industryCode: company.industry?.code ?? null,
        industryText: company.industry?.text ?? null,
        industryCodeSystem: company.industry?.codeSystem ?? "DB07",
        sizeBand: company.sizeBand,
        employees: company.employees,
        ...addressColumns(company.address),
        advertisingProtected: company.advertisingProtected,
        segment: company.segment,
      })),
    }),
  );
  const productionUnits = world.companies.flatMap((company) =>
    company.productionUnits.map((unit) => ({ pNumber: unit.pNumber, cvr: company.cvr, name: unit.name, ...addressColumns(unit.address) })),
  );
  await inBatches(productionUnits, (data) => db.productionUnit.createMany({ data, skipDuplicates: true }));
  if (unitAddresses) await refreshUnitAddresses(db, new Set(productionUnits.map((unit) => unit.cvr)));
  const employeeIds = new Set(world.employees.map((employee) => employee.id));
  const assignments = world.companies
    .filter((company) => company.keyAccountManagerId && employeeIds.has(company.keyAccountManagerId))
    .map((company) => ({ cvr: company.cvr, employeeId: company.keyAccountManagerId as string, from: now, reason: "Test fixture" }));
  await inBatches(assignments, (data) => db.keyAccountAssignment.createMany({ data }));
  return { seeded: true, companies: world.companies.length, employees: world.employees.length };
}
