import type { Resolvers } from "../generated/graphql";
import { requireValidCvr } from "@company-graph/kit/cvr";
import { isValidCvr } from "@company-graph/domain";
import type { Company, Prisma } from "../generated/prisma/client.js";
import type { CrmContext } from "../context";
import { searchCompanies, type CompanyCursor } from "./search";
import { gatherCases } from "../company-view/department-data";
import { lastContactAt } from "../company-view/contact";
import { timelineRecords } from "../company-view/records";
import { decodeCursor, encodeCursor, requirePageSize, type CursorScope } from "../pagination";
import { employeeBandText, segmentText } from "../i18n/messages";
import { languageOfContext } from "../i18n/context";

/** A company list's cursor: the company's place in the (nameSortKey, cvr) order of that list. */
export const companyCursor = (scope: CursorScope, company: Pick<Company, "nameSortKey" | "cvr">) =>
  encodeCursor(scope, [company.nameSortKey ?? "", company.cvr]);

export function companyAfter(scope: CursorScope, cursor: string): CompanyCursor {
  const [sortKey, cvr] = decodeCursor(scope, cursor, "after", 2);
  return { sortKey, cvr };
}

/** Every company in Danish alphabetical order, from the (nameSortKey, cvr) index. */
async function listCompanies(db: CrmContext["db"], after: CompanyCursor | null, take: number) {
  const where: Prisma.CompanyWhereInput = after
    ? { OR: [{ nameSortKey: { gt: after.sortKey } }, { nameSortKey: after.sortKey, cvr: { gt: after.cvr } }] }
    : {};
  const [rows, totalCount] = await Promise.all([
    db.company.findMany({ where, orderBy: [{ nameSortKey: "asc" }, { cvr: "asc" }], take }),
    db.company.count(),
  ]);
  return { rows, totalCount };
}

const address = (row: { street: string | null; postalCode: string | null; city: string | null }) =>
  row.street === null && row.postalCode === null && row.city === null
    ? null
    : { street: row.street, postalCode: row.postalCode, city: row.city };

export const companyResolvers: Resolvers = {
  Query: {
    company: (_, args, context) => context.loaders.company.load(requireValidCvr(args.cvr)),
    companies: async (_, args, context) => {
      const first = requirePageSize(args.first ?? 20);
      const term = args.search?.trim();
      const scope = { list: "companies", filter: { search: term || null } };
      const after = args.after ? companyAfter(scope, args.after) : null;
      // One row more than asked for tells whether another page follows.
      const { rows, totalCount } = term
        ? await searchCompanies(context.db, term, after, first + 1)
        : await listCompanies(context.db, after, first + 1);
      const page = rows.slice(0, first);
      for (const company of page) context.loaders.company.prime(company.cvr, company);
      const edges = page.map((node) => ({ cursor: companyCursor(scope, node), node }));
      return { edges, totalCount, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  },
  Company: {
    /** Batched: the gateway's representations for one `_entities` call become one query. */
    __resolveReference: async (reference, context) => {
      if (!isValidCvr(reference.cvr)) return null;
      const company = await context.loaders.company.load(reference.cvr);
      // Keep the representation's other fields: @requires fields arrive in it.
      return company ? { ...reference, ...company } : null;
    },
    industry: (company) =>
      company.industryCode === null && company.industryText === null
        ? null
        : { code: company.industryCode, text: company.industryText, codeSystem: company.industryCodeSystem },
    address: (company) => address(company),
    segmentText: (company, _, context) => segmentText(company.segment, languageOfContext(context)),
    sizeBandText: (company, _, context) => employeeBandText(company.sizeBand, languageOfContext(context)),
    productionUnits: (company, _, context) => context.loaders.productionUnitsByCvr.load(company.cvr),
    /** The latest contact moment by the one definition (company-view/contact.ts): department cases, inquiries, notes, surveys. */
    lastContactAt: async (company, _, context) =>
      lastContactAt(gatherCases(company).items, await timelineRecords(context, company.cvr), context.now()),
  },
  ProductionUnit: {
    address: (unit) => address(unit),
  },
};
