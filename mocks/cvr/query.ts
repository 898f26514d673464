/**
 * The part of the Elasticsearch query DSL the CVR register's clients use (notes/real-world.md:
 * only plain bool/term/terms/range are safe across the register's versions). Hand-written because
 * an in-memory Elasticsearch would be far larger than these few clauses; anything else is refused
 * as Elasticsearch refuses an unknown query, so a client cannot come to rely on more.
 */
export type Predicate<D> = (document: D) => boolean;

export class QueryError extends Error {}

/** Field paths a query may name, with how to read them from a document. */
export type Fields<D> = Record<string, (document: D) => number | string>;

export function compileQuery<D>(query: unknown, fields: Fields<D>): Predicate<D> {
  if (query === undefined) return () => true;
  const clause = singleKey(query, "query");
  const [kind, body] = clause;
  switch (kind) {
    case "match_all":
      return () => true;
    case "term": {
      const [field, raw] = singleKey(body, "term");
      const read = field_(fields, field);
      const value = typeof raw === "object" && raw !== null && "value" in raw ? (raw as { value: unknown }).value : raw;
      const wanted = scalar(value, "term");
      return (document) => String(read(document)) === String(wanted);
    }
    case "terms": {
      const [field, raw] = singleKey(body, "terms");
      const read = field_(fields, field);
      if (!Array.isArray(raw)) throw new QueryError(`[terms] query for [${field}] requires an array of values`);
      const wanted = new Set(raw.map((value) => String(scalar(value, "terms"))));
      return (document) => wanted.has(String(read(document)));
    }
    case "range": {
      const [field, raw] = singleKey(body, "range");
      const read = field_(fields, field);
      if (typeof raw !== "object" || raw === null) throw new QueryError(`[range] query malformed, no start_object after query name`);
      const bounds = raw as Record<string, unknown>;
      const checks: Predicate<D>[] = [];
      for (const [operator, bound] of Object.entries(bounds)) {
        if (operator === "format" || operator === "time_zone") continue;
        const limit = comparable(scalar(bound, "range"));
        const compare = (document: D) => compareValues(comparable(read(document)), limit);
        if (operator === "gte") checks.push((document) => compare(document) >= 0);
        else if (operator === "gt") checks.push((document) => compare(document) > 0);
        else if (operator === "lte") checks.push((document) => compare(document) <= 0);
        else if (operator === "lt") checks.push((document) => compare(document) < 0);
        else throw new QueryError(`[range] query does not support [${operator}]`);
      }
      return (document) => checks.every((check) => check(document));
    }
    case "bool": {
      if (typeof body !== "object" || body === null || Array.isArray(body)) throw new QueryError("[bool] query malformed");
      const parts: Predicate<D>[] = [];
      for (const [occur, clauses] of Object.entries(body as Record<string, unknown>)) {
        if (occur !== "filter" && occur !== "must") throw new QueryError(`[bool] query does not support [${occur}]`);
        for (const sub of Array.isArray(clauses) ? clauses : [clauses]) parts.push(compileQuery(sub, fields));
      }
      return (document) => parts.every((part) => part(document));
    }
    default:
      throw new QueryError(`no [query] registered for [${kind}]`);
  }
}

function singleKey(value: unknown, context: string): [string, unknown] {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new QueryError(`[${context}] malformed query, expected [START_OBJECT]`);
  const entries = Object.entries(value);
  if (entries.length !== 1) throw new QueryError(`[${context}] malformed query, expected exactly one field but found ${entries.length}`);
  return entries[0];
}

function field_<D>(fields: Fields<D>, field: string): (document: D) => number | string {
  const read = fields[field];
  if (!read) throw new QueryError(`the simulated register searches only [${Object.keys(fields).join(", ")}], not [${field}]`);
  return read;
}

function scalar(value: unknown, context: string): number | string {
  if (typeof value === "number" || typeof value === "string") return value;
  throw new QueryError(`[${context}] values must be numbers or strings`);
}

/** Dates compare as instants (so "2026-01-01" and "2026-01-01T00:00:00Z" agree), numbers as numbers. */
function comparable(value: number | string): number | string {
  if (typeof value === "number") return value;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const instant = Date.parse(value);
    if (!Number.isNaN(instant)) return instant;
  }
  const number = Number(value);
  return value.trim() !== "" && Number.isFinite(number) ? number : value;
}

function compareValues(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
