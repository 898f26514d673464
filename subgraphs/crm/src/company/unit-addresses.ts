import { Prisma } from "../generated/prisma/client.js";

type Db = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

/**
 * Keeps Company.unitAddresses, the addresses of the company's active production units that the
 * search column folds in (migration *_unit_address_search), equal to the units: call it with the
 * companies whose units were written, before and after the write, so a unit that moved to another
 * company or ceased leaves its old company's text too. A column kept on the company rather than a
 * join at search time: the search stays one LIKE through one trigram index.
 */
export async function refreshUnitAddresses(db: Db, cvrs: Iterable<string>): Promise<void> {
  const companies = [...new Set(cvrs)];
  if (!companies.length) return;
  await db.$executeRaw`
    UPDATE "Company" AS company SET "unitAddresses" = units.addresses
    FROM (
      SELECT held."cvr", (SELECT string_agg(concat_ws(' ', unit."street", unit."postalCode", unit."city"), ' ' ORDER BY unit."pNumber")
        FROM "ProductionUnit" AS unit WHERE unit."cvr" = held."cvr" AND unit."active") AS addresses
      FROM "Company" AS held WHERE held."cvr" = ANY(${companies}::text[])
    ) AS units
    WHERE company."cvr" = units."cvr" AND company."unitAddresses" IS DISTINCT FROM units.addresses`;
}

/** The companies the given production units belong to now: read before a write, they are the units' old companies. */
export async function companiesOfUnits(db: Db, pNumbers: readonly string[]): Promise<string[]> {
  if (!pNumbers.length) return [];
  const rows = await db.$queryRaw<
    { cvr: string }[]
  >`SELECT DISTINCT "cvr" FROM "ProductionUnit" WHERE "pNumber" = ANY(${[...pNumbers]}::text[])`;
  return rows.map((row) => row.cvr);
}
