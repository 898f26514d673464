import type { Outreach } from "../generated/prisma/client.js";
import type { CrmContext } from "../context";
import { outreachCandidates, type OutreachCandidateFilter } from "../outreach/candidates";
import { recordOutreach, type RecordOutreachInput } from "../outreach/record";
import { requirePageSize } from "../company-view/cursor";
import { companyAfter, companyCursor } from "./company";
import { forgetCompany } from "./forget";

export const outreachResolvers = {
  Query: {
    outreachCandidates: async (_: unknown, args: { filter?: OutreachCandidateFilter | null; first?: number | null; after?: string | null }, context: CrmContext) => {
      const first = requirePageSize(args.first ?? 50);
      const after = args.after ? companyAfter(args.after) : null;
      // One row more than asked for tells whether another page follows.
      const { rows, ...counts } = await outreachCandidates(context.db, args.filter, after, first + 1);
      const page = rows.slice(0, first);
      for (const company of page) context.loaders.company.prime(company.cvr, company);
      const edges = page.map((node) => ({ cursor: companyCursor(node), node }));
      return { edges, ...counts, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  },
  Mutation: {
    recordOutreach: async (_: unknown, { input }: { input: RecordOutreachInput }, context: CrmContext) => {
      const outreach = await recordOutreach(context, input);
      forgetCompany(context, outreach.cvr);
      context.loaders.outreachByCvr.clear(outreach.cvr);
      return outreach;
    },
  },
  Company: {
    outreach: (company: { cvr: string }, _: unknown, context: CrmContext) => context.loaders.outreachByCvr.load(company.cvr),
  },
  Outreach: {
    company: (outreach: Outreach, _: unknown, context: CrmContext) => context.loaders.company.load(outreach.cvr),
    recordedBy: (outreach: Outreach, _: unknown, context: CrmContext) => context.loaders.employee.load(outreach.recordedById),
    basis: (outreach: Outreach) =>
      outreach.basisKind
        ? { kind: outreach.basisKind, consentGivenAt: outreach.consentGivenAt, consentHow: outreach.consentHow, legalReference: outreach.legalReference }
        : null,
  },
};
