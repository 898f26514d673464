import { createHash } from "node:crypto";
import { stringify as canonicalJson } from "safe-stable-stringify";
import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";

/**
 * The list a cursor was given out by: its name (with the parent's key, e.g. the company whose
 * cases) and the arguments that choose its items (not `first` or `after`). A cursor continues
 * only the list and filter that gave it out; from another one it would skip to an arbitrary place.
 */
export interface CursorScope {
  list: string;
  filter: Record<string, unknown>;
}

/** The filter as canonical JSON (keys sorted), hashed: the same arguments give the same cursor scope. */
function filterDigest(filter: Record<string, unknown>): string {
  return createHash("sha256")
    .update(canonicalJson(filter) ?? "")
    .digest("base64url")
    .slice(0, 16);
}

/**
 * Opaque cursors: base64url of the list, its filter's digest and the sort key, so a page boundary
 * survives inserts elsewhere and a cursor of another list or filter is recognised.
 */
export function encodeCursor(scope: CursorScope, parts: readonly string[]): string {
  return Buffer.from(JSON.stringify({ list: scope.list, filter: filterDigest(scope.filter), key: parts })).toString("base64url");
}

/** Text a database can hold: no NUL byte, no lone surrogate (a cursor's JSON can spell both). */
const storable = (part: unknown): part is string => typeof part === "string" && !/[\p{Cs}\u0000]/u.test(part);

/**
 * The sort key a cursor holds, when it was given out by this list under this filter; `length`,
 * when given, is how many parts the list's key has. Anything else is BAD_USER_INPUT naming the argument.
 */
export function decodeCursor(scope: CursorScope, cursor: string, argumentName = "after", length?: number): string[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    // refused below
  }
  const { list, filter, key } = (decoded ?? {}) as { list?: unknown; filter?: unknown; key?: unknown };
  if (!Array.isArray(key) || !key.every(storable) || (length !== undefined && key.length !== length))
    throw badUserInput(refusal.badUserInput.notACursor(cursor), argumentName);
  if (list !== scope.list || filter !== filterDigest(scope.filter))
    throw badUserInput(refusal.badUserInput.cursorOfAnotherList(scope.list, argumentName), argumentName);
  return key;
}

/** The most items one page of any list holds (`first`). */
const MAX_PAGE_SIZE = 100;

export function requirePageSize(first: number, argumentName = "first"): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(refusal.badUserInput.pageSize(argumentName, MAX_PAGE_SIZE, first), argumentName);
  }
  return first;
}

export interface Page<Item> {
  edges: { cursor: string; node: Item }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/**
 * Slices an already sorted list after a cursor. `keyOf` gives the sort key whose order is the
 * list's order; `compare` orders two keys the same way the list is sorted.
 */
export function paginate<Item>(
  sorted: readonly Item[],
  options: {
    scope: CursorScope;
    first: number;
    after?: string | null;
    keyOf: (item: Item) => string[];
    compare: (a: string[], b: string[]) => number;
  },
): Page<Item> {
  const first = requirePageSize(options.first);
  let start = 0;
  if (options.after) {
    const afterKey = decodeCursor(options.scope, options.after);
    start = sorted.findIndex((item) => options.compare(options.keyOf(item), afterKey) > 0);
    if (start < 0) start = sorted.length;
  }
  const slice = sorted.slice(start, start + first);
  const edges = slice.map((node) => ({ cursor: encodeCursor(options.scope, options.keyOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: start + first < sorted.length, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: sorted.length,
  };
}
