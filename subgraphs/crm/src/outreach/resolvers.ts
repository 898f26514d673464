import type { Resolvers } from "../generated/graphql";
import { required } from "../required";
import { outreachCandidates } from "./candidates";
import { recordOutreach } from "./record";
import { requirePageSize } from "../pagination";
import { companyAfter, companyCursor } from "../company/resolvers";
import { forgetCompany } from "../forget";

export const outreachResolvers: Resolvers = {
  Query: {
    outreachCandidates: async (_, args, context) => {
      const first = requirePageSize(args.first ?? 50);
      const scope = { list: "outreachCandidates", filter: { filter: args.filter ?? null } };
      const after = args.after ? companyAfter(scope, args.after) : null;
      // One row more than asked for tells whether another page follows.
      const { rows, ...counts } = await outreachCandidates(context.db, args.filter, after, first + 1);
      const page = rows.slice(0, first);
      for (const company of page) context.loaders.company.prime(company.cvr, company);
      const edges = page.map((node) => ({ cursor: companyCursor(scope, node), node }));
      return { edges, ...counts, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  },
  Mutation: {
    recordOutreach: async (_, { input }, context) => {
      const outreach = await recordOutreach(context, input);
      forgetCompany(context, outreach.cvr);
      context.loaders.outreachByCvr.clear(outreach.cvr);
      return outreach;
    },
  },
  Company: {
    outreach: (company, _, context) => context.loaders.outreachByCvr.load(company.cvr),
  },
  Outreach: {
    company: (outreach, _, context) => required(context.loaders.company.load(outreach.cvr), `company ${outreach.cvr}`),
    recordedBy: (outreach, _, context) =>
      required(context.loaders.employee.load(outreach.recordedById), `employee ${outreach.recordedById}`),
    basis: (outreach) =>
      outreach.basisKind
        ? {
            kind: outreach.basisKind,
            consentGivenAt: outreach.consentGivenAt,
            consentHow: outreach.consentHow,
            legalReference: outreach.legalReference,
          }
        : null,
  },
};
