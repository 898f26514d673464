import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import type { Department, Resolvers } from "../generated/graphql";
import type { PrismaClient } from "../generated/prisma/client.js";
import { actingEmployee } from "../actor";
import { DEFAULT_LANGUAGE } from "../i18n/messages";
import { decodeCursor, encodeCursor, requirePageSize } from "../pagination";
import { required } from "../required";
import { notificationKind, notificationText } from "./text";

/** The most ids one markNotificationsRead takes. */
const MAX_IDS = 100;
const MAX_SEQUENCE = 2n ** 63n - 1n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unreadCount = (db: PrismaClient, employeeId: string) => db.notification.count({ where: { employeeId, readAt: null } });

export const notificationResolvers: Resolvers = {
  Me: {
    // Newest first by the order written (position, unique): a keyset that survives new notifications arriving.
    notifications: async (me, args, context) => {
      const first = requirePageSize(args.first ?? 20);
      const unreadOnly = args.unreadOnly ?? false;
      const scope = { list: "notifications", filter: { unreadOnly } };
      let before: bigint | undefined;
      if (args.after) {
        const [sequence] = decodeCursor(scope, args.after, "after", 1);
        // A forged cursor may hold any text: only a sequence PostgreSQL's bigint can hold is one.
        if (!/^\d{1,19}$/.test(sequence) || BigInt(sequence) > MAX_SEQUENCE)
          throw badUserInput(refusal.badUserInput.notACursor(args.after), "after");
        before = BigInt(sequence);
      }
      const where = { employeeId: me.id, ...(unreadOnly ? { readAt: null } : {}) };
      const [rows, totalCount, unread] = await Promise.all([
        context.db.notification.findMany({
          where: { ...where, ...(before === undefined ? {} : { position: { lt: before } }) },
          orderBy: { position: "desc" },
          take: first + 1,
        }),
        context.db.notification.count({ where }),
        unreadCount(context.db, me.id),
      ]);
      const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(scope, [String(node.position)]), node }));
      return {
        edges,
        pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        totalCount,
        unreadCount: unread,
      };
    },
    // Only the reader's own: another's id is no notification of theirs, and answers null like an unknown one.
    notification: async (me, { id }, context) =>
      UUID.test(id) ? context.db.notification.findFirst({ where: { id, employeeId: me.id } }) : null,
  },
  Mutation: {
    // Only the reader's own: another's id (or an unknown one) matches nothing and is not marked.
    markNotificationsRead: async (_, { ids }, context) => {
      const reader = await actingEmployee(context);
      if (ids.length > MAX_IDS) throw badUserInput(refusal.badUserInput.tooManyValues("ids", MAX_IDS), "ids");
      const { count } = await context.db.notification.updateMany({
        where: { id: { in: ids.filter((id) => UUID.test(id)) }, employeeId: reader.id, readAt: null },
        data: { readAt: context.now() },
      });
      return { marked: count, unreadCount: await unreadCount(context.db, reader.id) };
    },
    markAllNotificationsRead: async (_, __, context) => {
      const reader = await actingEmployee(context);
      const { count } = await context.db.notification.updateMany({
        where: { employeeId: reader.id, readAt: null },
        data: { readAt: context.now() },
      });
      return { marked: count, unreadCount: 0 };
    },
  },
  Notification: {
    kind: (row) => notificationKind(row),
    company: (row, _, context) => required(context.loaders.company.load(row.cvr), `company ${row.cvr}`),
    department: (row) => row.department as Department | null,
    text: (row, _, context) => notificationText(row, context.language ?? DEFAULT_LANGUAGE),
    read: (row) => row.readAt !== null,
  },
};
