import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";

/** Opaque cursors: base64url of the sort key, so a page boundary survives inserts elsewhere. */
export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

/** The sort key a cursor holds; `length`, when given, is how many parts the list's key has. */
export function decodeCursor(cursor: string, argumentName = "after", length?: number): string[] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parts) && parts.every((part) => typeof part === "string") && (length === undefined || parts.length === length)) return parts;
  } catch {
    // fall through to the error below
  }
  throw badUserInput(refusal.badUserInput.notACursor(cursor), argumentName);
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
  options: { first: number; after?: string | null; keyOf: (item: Item) => string[]; compare: (a: string[], b: string[]) => number },
): Page<Item> {
  const first = requirePageSize(options.first);
  let start = 0;
  if (options.after) {
    const afterKey = decodeCursor(options.after);
    start = sorted.findIndex((item) => options.compare(options.keyOf(item), afterKey) > 0);
    if (start < 0) start = sorted.length;
  }
  const slice = sorted.slice(start, start + first);
  const edges = slice.map((node) => ({ cursor: encodeCursor(options.keyOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: start + first < sorted.length, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: sorted.length,
  };
}
