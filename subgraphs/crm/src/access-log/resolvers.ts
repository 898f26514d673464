import type { Resolvers } from "../generated/graphql";
import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import type { Prisma } from "../generated/prisma/client.js";
import { decodeCursor, encodeCursor, requirePageSize } from "../pagination";

/** The auditor's view of the access log, newest first; only AUDITOR may call it (src/policy.ts). */
export const accessLogResolvers: Resolvers = {
  Query: {
    accessLog: async (_, args, context) => {
      const first = requirePageSize(args.first);
      if (args.subjectCpr && !/^\d{6}-\d{4}$/.test(args.subjectCpr)) throw badUserInput(refusal.badUserInput.cprFormat, "subjectCpr");
      const where: Prisma.AccessLogEntryWhereInput = {
        ...(args.subjectCvr ? { subjectCvr: args.subjectCvr } : {}),
        ...(args.subjectCpr ? { subjectCpr: args.subjectCpr } : {}),
        ...(args.from || args.to
          ? { at: { ...(args.from ? { gte: new Date(args.from) } : {}), ...(args.to ? { lt: new Date(args.to) } : {}) } }
          : {}),
      };
      const scope = {
        list: "accessLog",
        filter: { subjectCvr: args.subjectCvr ?? null, subjectCpr: args.subjectCpr ?? null, from: args.from ?? null, to: args.to ?? null },
      };
      let page: Prisma.AccessLogEntryWhereInput = where;
      if (args.after) {
        const [at, id] = decodeCursor(scope, args.after, "after", 2);
        const after = new Date(at);
        if (!id || Number.isNaN(after.getTime())) throw badUserInput(refusal.badUserInput.notACursor(args.after), "after");
        page = { AND: [where, { OR: [{ at: { lt: after } }, { at: after, id: { gt: id } }] }] };
      }
      const [totalCount, rows] = await Promise.all([
        context.db.accessLogEntry.count({ where }),
        context.db.accessLogEntry.findMany({ where: page, orderBy: [{ at: "desc" }, { id: "asc" }], take: first + 1 }),
      ]);
      const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(scope, [node.at.toISOString(), node.id]), node }));
      return { totalCount, edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  },
};
