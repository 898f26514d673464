import { badUserInput, requireValidCvr } from "@company-graph/kit";
import { isValidCvr } from "@company-graph/domain";
import type { Company, Prisma } from "../generated/prisma/client.js";
import type { CrmContext } from "../context";

export const MAX_PAGE_SIZE = 100;

interface CompanyCursor {
  name: string;
  cvr: string;
}

export function encodeCursor(company: Pick<Company, "name" | "cvr">): string {
  return Buffer.from(JSON.stringify([company.name, company.cvr]), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): CompanyCursor {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === "string" && typeof decoded[1] === "string") {
      return { name: decoded[0], cvr: decoded[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw badUserInput("after is not a cursor this API returned", "after");
}

/** Name (part), industry text (part), or the start of a CVR number, P-number or industry code. */
function searchFilter(search: string | null | undefined): Prisma.CompanyWhereInput {
  const term = search?.trim();
  if (!term) return {};
  const or: Prisma.CompanyWhereInput[] = [
    { name: { contains: term, mode: "insensitive" } },
    { industryText: { contains: term, mode: "insensitive" } },
  ];
  if (/^\d+$/.test(term)) {
    or.push({ cvr: { startsWith: term } }, { industryCode: { startsWith: term } }, { productionUnits: { some: { pNumber: { startsWith: term } } } });
  }
  return { OR: or };
}

const address = (row: { street: string | null; postalCode: string | null; city: string | null }) =>
  row.street === null && row.postalCode === null && row.city === null ? null : { street: row.street, postalCode: row.postalCode, city: row.city };

export const companyResolvers = {
  Query: {
    company: (_: unknown, args: { cvr: string }, context: CrmContext) => context.loaders.company.load(requireValidCvr(args.cvr)),
    companies: async (_: unknown, args: { search?: string | null; first?: number | null; after?: string | null }, context: CrmContext) => {
      const first = args.first ?? 20;
      if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, "first");
      const where = searchFilter(args.search);
      const after = args.after ? decodeCursor(args.after) : null;
      const pageWhere: Prisma.CompanyWhereInput = after
        ? { AND: [where, { OR: [{ name: { gt: after.name } }, { name: after.name, cvr: { gt: after.cvr } }] }] }
        : where;
      const [rows, totalCount] = await Promise.all([
        // One row more than asked for tells whether another page follows.
        context.db.company.findMany({ where: pageWhere, orderBy: [{ name: "asc" }, { cvr: "asc" }], take: first + 1 }),
        context.db.company.count({ where }),
      ]);
      const page = rows.slice(0, first);
      for (const company of page) context.loaders.company.prime(company.cvr, company);
      const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
      return { edges, totalCount, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  },
  Company: {
    /** Batched: the gateway's representations for one `_entities` call become one query. */
    __resolveReference: async (reference: { cvr: string }, context: CrmContext) => {
      if (!isValidCvr(reference.cvr)) return null;
      const company = await context.loaders.company.load(reference.cvr);
      // Keep the representation's other fields: @requires fields arrive in it.
      return company ? { ...reference, ...company } : null;
    },
    industry: (company: Company) =>
      company.industryCode === null && company.industryText === null ? null : { code: company.industryCode, text: company.industryText, codeSystem: company.industryCodeSystem },
    address: (company: Company) => address(company),
    productionUnits: (company: Company, _: unknown, context: CrmContext) => context.loaders.productionUnitsByCvr.load(company.cvr),
    lastContactAt: async (company: Company, _: unknown, context: CrmContext) => {
      const [inquiries, notes] = await Promise.all([context.loaders.inquiriesByCvr.load(company.cvr), context.loaders.notesByCvr.load(company.cvr)]);
      const times = [...inquiries.map((i) => i.receivedAt.getTime()), ...notes.map((n) => n.occurredAt.getTime())];
      return times.length ? new Date(Math.max(...times)) : null;
    },
  },
  ProductionUnit: {
    address: (unit: { street: string | null; postalCode: string | null; city: string | null }) => address(unit),
  },
};
