import { QueryError } from "./query";

interface Pattern {
  text: string;
  whole: RegExp;
}
/** Which fields of a hit's _source to return: every one, none, or those whose dotted path a pattern names. */
export type SourceFilter = { includes: Pattern[]; excludes: Pattern[] } | "all" | "none";

/**
 * Elasticsearch's `_source` parameter as a search body gives it: false, a path, a list of paths,
 * or { includes, excludes }; a path names a field and everything under it and may hold `*`.
 * Hand-written for the same reason as query.ts: these few forms are what a client can send.
 */
export function sourceFilter(value: unknown): SourceFilter {
  if (value === undefined || value === true) return "all";
  if (value === false) return "none";
  if (typeof value === "string" || Array.isArray(value)) return { includes: patterns(value), excludes: [] };
  if (typeof value === "object" && value !== null) {
    const { includes, excludes, ...rest } = value as Record<string, unknown>;
    if (Object.keys(rest).length > 0) throw new QueryError(`[_source] does not support [${Object.keys(rest).join(", ")}]`);
    return {
      includes: includes === undefined ? patterns("*") : patterns(includes),
      excludes: excludes === undefined ? [] : patterns(excludes),
    };
  }
  throw new QueryError("[_source] must be a boolean, a path, a list of paths or { includes, excludes }");
}

function patterns(value: unknown): Pattern[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((text) => {
    if (typeof text !== "string" || text === "") throw new QueryError("[_source] paths must be non-empty strings");
    return {
      text,
      whole: new RegExp(
        `^${text
          .split("*")
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*")}$`,
      ),
    };
  });
}

/** The source with only the fields the filter keeps; arrays are looked through, as Elasticsearch does. */
export function filterSource<T extends object>(source: T, filter: SourceFilter): Partial<T> {
  if (filter === "all") return source;
  if (filter === "none") return {};
  return pick(source, "", filter) as Partial<T>;
}

function pick(value: unknown, path: string, filter: { includes: Pattern[]; excludes: Pattern[] }): unknown {
  if (Array.isArray(value)) return value.map((item) => pick(item, path, filter));
  if (typeof value !== "object" || value === null) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (filter.excludes.some((pattern) => pattern.whole.test(field))) continue;
    if (filter.includes.some((pattern) => pattern.whole.test(field)))
      kept[key] = pick(item, field, { includes: patterns("*"), excludes: filter.excludes });
    else if (typeof item === "object" && item !== null && filter.includes.some((pattern) => below(pattern, field))) {
      // Only what a pattern names below this field: an object left empty is no match.
      const inner = pick(item, field, filter);
      const found = Array.isArray(inner)
        ? inner.some((entry: unknown) => typeof entry === "object" && entry !== null && Object.keys(entry).length > 0)
        : Object.keys(inner as object).length > 0;
      if (found) kept[key] = inner;
    }
  }
  return kept;
}

/** Whether a pattern can name a field below this one. */
function below(pattern: Pattern, field: string): boolean {
  const literal = pattern.text.split("*")[0];
  return literal.startsWith(`${field}.`) || (pattern.text.includes("*") && `${field}.`.startsWith(literal));
}
