import { Prisma, type Company, type PrismaClient } from "../generated/prisma/client.js";
import { spellingKey, spellingSearchText } from "../danish-text";

/** A P-number prefix shorter than this names no one in particular (every P-number starts with 1). */
const MIN_P_NUMBER_PREFIX = 4;

/** Where a page ends: the company's Danish sort key (Company.nameSortKey) and CVR number. */
export interface CompanyCursor {
  sortKey: string;
  cvr: string;
}

/** LIKE's wildcards in what the user typed match themselves. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/**
 * The industries companies are registered with (a few dozen texts across 30,000 companies), read
 * at most once a minute. Matching the term against this list and then selecting by industry code
 * (a B-tree) beats asking the database: its trigram index on so few, so repeated texts is
 * estimated dearer than a sequential scan, which then also drags the name branch along.
 */
const INDUSTRIES_MAX_AGE_MS = 60_000;
const industries = new WeakMap<PrismaClient, { at: number; pairs: Promise<{ code: string; text: string }[]> }>();

function registeredIndustries(db: PrismaClient): Promise<{ code: string; text: string }[]> {
  const cached = industries.get(db);
  if (cached && Date.now() - cached.at < INDUSTRIES_MAX_AGE_MS) return cached.pairs;
  const pairs = db.company
    .findMany({
      where: { industryCode: { not: null }, industryText: { not: null } },
      distinct: ["industryCode", "industryText"],
      select: { industryCode: true, industryText: true },
    })
    .then((rows) => rows.map((row) => ({ code: row.industryCode!, text: row.industryText! })));
  industries.set(db, { at: Date.now(), pairs });
  pairs.catch(() => industries.delete(db));
  return pairs;
}

/**
 * Name, secondary name (binavn), address (street, postal code, postal town) or industry text
 * containing the term (any case, any accents: "Cafe" finds "Café"; æ, ø, å as typed without a
 * Danish keyboard: "boelge" and "bolge" find "Bølge", "Århus" finds "Aarhus"), or CVR number,
 * industry code or the P-number of one of the company's production units (from 4 digits) starting
 * with it. Each branch has an index (trigram or
 * B-tree), on PGlite as on PostgreSQL, so the database answers with one bitmap OR.
 */
export async function searchCondition(db: PrismaClient, term: string): Promise<Prisma.Sql> {
  const spelled = spellingKey(term);
  // Name, the register's secondary names (binavne) and address in one generated column, folded so
  // the term's spelling key is found in it (see src/danish-text.ts): one LIKE, one trigram index.
  const branches = [Prisma.sql`"spellingSearch" LIKE ${`%${escapeLike(spelled)}%`}`];
  const industryCodes = [
    ...new Set(
      (await registeredIndustries(db))
        .filter((industry) => spellingSearchText(industry.text).includes(spelled))
        .map((industry) => industry.code),
    ),
  ];
  if (industryCodes.length) branches.push(Prisma.sql`"industryCode" IN (${Prisma.join(industryCodes)})`);
  if (/^\d+$/.test(term)) {
    const prefix = `${term}%`;
    branches.push(Prisma.sql`"cvr" LIKE ${prefix}`, Prisma.sql`"industryCode" LIKE ${prefix}`);
    // Any production unit of the company, active or ceased. Looked up first (the P-number's trigram
    // index) and passed as a list: a sub-select here would turn the OR into a filter over every company.
    if (term.length >= MIN_P_NUMBER_PREFIX) {
      const units = await db.productionUnit.findMany({
        where: { pNumber: { startsWith: term } },
        select: { cvr: true },
        distinct: ["cvr"],
      });
      if (units.length) branches.push(Prisma.sql`"cvr" IN (${Prisma.join(units.map((unit) => unit.cvr))})`);
    }
  }
  return Prisma.sql`(${Prisma.join(branches, " OR ")})`;
}

/**
 * One page of the companies matching a search, in Danish alphabetical order (the sort key's
 * column is COLLATE "C", so byte order is that order on every server), and how many match in all. The matches
 * are collected first (MATERIALIZED) and then sorted: left to itself, the planner walks the
 * (name, cvr) index hoping to meet `first` matches early and reads every company when there are
 * few (≈100 ms at 30,000 companies, against ≈5 ms this way).
 */
export async function searchCompanies(
  db: PrismaClient,
  term: string,
  after: CompanyCursor | null,
  take: number,
): Promise<{ rows: Company[]; totalCount: number }> {
  const condition = await searchCondition(db, term);
  const afterCursor = after ? Prisma.sql`WHERE ("nameSortKey", "cvr") > (${after.sortKey}, ${after.cvr})` : Prisma.empty;
  const [page, counted] = await Promise.all([
    db.$queryRaw<{ cvr: string }[]>`WITH hits AS MATERIALIZED (SELECT "cvr", "nameSortKey" FROM "Company" WHERE ${condition})
      SELECT "cvr" FROM hits ${afterCursor} ORDER BY "nameSortKey", "cvr" LIMIT ${take}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM "Company" WHERE ${condition}`,
  ]);
  const byCvr = new Map(
    (await db.company.findMany({ where: { cvr: { in: page.map((hit) => hit.cvr) } } })).map((company) => [company.cvr, company]),
  );
  return {
    rows: page.map((hit) => byCvr.get(hit.cvr)).filter((company): company is Company => company !== undefined),
    totalCount: counted[0]?.total ?? 0,
  };
}
