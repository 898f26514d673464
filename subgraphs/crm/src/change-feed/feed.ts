import { cvrProblem, type Department } from "@company-graph/domain";
import type { RequestIdentity } from "@company-graph/kit/auth";
import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import type { ChangeKind } from "../generated/graphql";
import type { CompanyChange, Prisma, PrismaClient } from "../generated/prisma/client.js";
import { decodeCursor, encodeCursor, type CursorScope } from "../pagination";
import { changeKindOf, messageTypeOf } from "./change";

/** The most CVR numbers one filter (or one webhook subscription) names. */
const MAX_FILTER_CVRS = 100;
const MAX_SEQUENCE = 2n ** 63n - 1n;

/** A filter as the cursor is bound to it: members sorted and deduplicated, empty ones left out, so the same choice gives the same cursor. */
export interface ChangeFilter {
  cvr?: string[];
  departments?: Department[];
  kinds?: ChangeKind[];
}

/** The filter from the arguments, checked (`field` names the argument in a refusal). */
export function normalizeFilter(
  filter:
    { cvr?: readonly string[] | null; departments?: readonly Department[] | null; kinds?: readonly ChangeKind[] | null } | null | undefined,
  field = "filter",
): ChangeFilter {
  const sorted = <T extends string>(values: readonly T[] | null | undefined) => (values?.length ? [...new Set(values)].sort() : undefined);
  const cvr = sorted(filter?.cvr);
  if (cvr && cvr.length > MAX_FILTER_CVRS)
    throw badUserInput(refusal.badUserInput.tooManyValues(`${field}.cvr`, MAX_FILTER_CVRS), `${field}.cvr`);
  const invalid = cvr?.find((value) => cvrProblem(value));
  if (invalid !== undefined) throw badUserInput(refusal.badUserInput.invalidValue(`${field}.cvr`, invalid.slice(0, 20)), `${field}.cvr`);
  const departments = sorted(filter?.departments);
  const kinds = sorted(filter?.kinds);
  return { ...(cvr ? { cvr } : {}), ...(departments ? { departments } : {}), ...(kinds ? { kinds } : {}) };
}

const scopeOfFilter = (filter: ChangeFilter): CursorScope => ({ list: "changes", filter: { ...filter } });

/** The cursor of a change in the feed under this filter: what an edge and a webhook delivery carry. */
export function feedCursor(filter: ChangeFilter, sequence: bigint): string {
  return encodeCursor(scopeOfFilter(filter), [String(sequence)]);
}

/** The sequence a cursor of this list and filter stands after. */
export function sequenceAfter(filter: ChangeFilter, cursor: string): bigint {
  const [sequence] = decodeCursor(scopeOfFilter(filter), cursor, "after", 1);
  // A forged cursor may hold any text: only a sequence PostgreSQL's bigint can hold is one.
  if (!/^\d{1,19}$/.test(sequence) || BigInt(sequence) > MAX_SEQUENCE) throw badUserInput(refusal.badUserInput.notACursor(cursor), "after");
  return BigInt(sequence);
}

/**
 * The part of the history a reader may follow. The staff who serve companies follow all of it.
 * A partner follows what its grant's `changes` names (none without it), and never an
 * advertising-protected company: the CVR register's rules of use let a recipient of its data
 * pass it on neither in bulk nor in grouped lists, and a feed of companies' changes is such a list.
 */
export interface ReaderScope {
  departments?: readonly string[];
  kinds?: readonly string[];
  cvrs?: readonly string[];
  leaveOutProtected: boolean;
}

export function readerScope(identity: Pick<RequestIdentity, "role" | "grant">): ReaderScope | null {
  if (identity.role !== "PARTNER") return { leaveOutProtected: false };
  const changes = identity.grant?.changes;
  if (!changes) return null;
  return {
    departments: changes.departments,
    kinds: changes.kinds,
    ...(changes.cvrs ? { cvrs: changes.cvrs } : {}),
    leaveOutProtected: true,
  };
}

/** Both lists' common values; either undefined is no restriction. */
function both(a: readonly string[] | undefined, b: readonly string[] | undefined): string[] | undefined {
  if (!a) return b ? [...b] : undefined;
  return b ? a.filter((value) => b.includes(value)) : [...a];
}

/** The rows the filter chooses within the reader's scope, as a Prisma condition. */
export function changesWhere(filter: ChangeFilter, scope: ReaderScope): Prisma.CompanyChangeWhereInput {
  const kinds = both(filter.kinds?.map(messageTypeOf), scope.kinds);
  const departments = both(filter.departments, scope.departments);
  const cvrs = both(filter.cvr, scope.cvrs);
  return {
    ...(kinds ? { kind: { in: kinds } } : {}),
    ...(departments ? { department: { in: departments } } : {}),
    ...(cvrs ? { cvr: { in: cvrs } } : {}),
    ...(scope.leaveOutProtected ? { company: { advertisingProtected: false } } : {}),
  };
}

/** One page of the feed, oldest first: `first` changes after `after` and whether more follow. */
export async function readChanges(
  db: PrismaClient,
  where: Prisma.CompanyChangeWhereInput,
  after: bigint | undefined,
  first: number,
): Promise<{ rows: CompanyChange[]; hasNextPage: boolean }> {
  const rows = await db.companyChange.findMany({
    where: { ...where, ...(after === undefined ? {} : { sequence: { gt: after } }) },
    orderBy: { sequence: "asc" },
    take: first + 1,
  });
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** The filter a webhook subscription's deliveries are cursors of. */
export function subscriptionFilter(subscription: { kinds: string[]; departments: string[]; cvrs: string[] }): ChangeFilter {
  return normalizeFilter({
    kinds: subscription.kinds.map(changeKindOf),
    departments: subscription.departments as Department[],
    cvr: subscription.cvrs,
  });
}
