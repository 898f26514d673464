import { accessOf } from "@company-graph/kit/auth";
import type { Resolvers } from "../generated/graphql";
import { callerId } from "../actor";
import { requirePageSize } from "../pagination";
import { changeView } from "./change";
import { changesWhere, feedCursor, normalizeFilter, readChanges, readerScope, sequenceAfter } from "./feed";

export const changeFeedResolvers: Resolvers = {
  Query: {
    changes: async (_, args, context) => {
      callerId(context);
      const identity = accessOf(context)!.identity;
      const first = requirePageSize(args.first ?? 50);
      const filter = normalizeFilter(args.filter);
      const after = args.after ? sequenceAfter(filter, args.after) : undefined;
      const scope = readerScope(identity);
      // A partner without a changes scope follows nothing: an empty list, its cursor kept.
      const { rows, hasNextPage } = scope
        ? await readChanges(context.db, changesWhere(filter, scope), after, first)
        : { rows: [], hasNextPage: false };
      const edges = rows.map((row) => ({ cursor: feedCursor(filter, row.sequence), node: changeView(row, identity) }));
      // An empty page keeps the reader's place, so a poller can always send back endCursor.
      return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? args.after ?? null } };
    },
  },
  Change: {
    company: (change, _, context) => context.loaders.company.load(change.cvr),
  },
};
