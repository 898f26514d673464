import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import type { WebhookDeliveryStatus } from "../generated/graphql";
import type { PrismaClient, WebhookSubscription } from "../generated/prisma/client.js";
import { decodeCursor, encodeCursor, requirePageSize } from "../pagination";

const MAX_SEQUENCE = 2n ** 63n - 1n;

/** One page of a subscription's delivery log, newest change first (a keyset on the change's sequence, unique per subscription). */
export async function deliveryLog(
  db: PrismaClient,
  subscription: WebhookSubscription,
  args: { first?: number | null; after?: string | null; status?: WebhookDeliveryStatus | null },
) {
  const first = requirePageSize(args.first ?? 20);
  const scope = { list: `webhookDeliveries:${subscription.id}`, filter: { status: args.status ?? null } };
  let before: bigint | undefined;
  if (args.after) {
    const [sequence] = decodeCursor(scope, args.after, "after", 1);
    if (!/^\d{1,19}$/.test(sequence) || BigInt(sequence) > MAX_SEQUENCE)
      throw badUserInput(refusal.badUserInput.notACursor(args.after), "after");
    before = BigInt(sequence);
  }
  const rows = await db.webhookDelivery.findMany({
    where: {
      subscriptionId: subscription.id,
      ...(args.status ? { status: args.status } : {}),
      ...(before === undefined ? {} : { changeSequence: { lt: before } }),
    },
    include: { attempts: { orderBy: { number: "asc" } } },
    orderBy: { changeSequence: "desc" },
    take: first + 1,
  });
  const edges = rows
    .slice(0, first)
    .map((row) => ({ cursor: encodeCursor(scope, [String(row.changeSequence)]), node: { ...row, subscription } }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
