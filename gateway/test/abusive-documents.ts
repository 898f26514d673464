/** Documents that cost far more than they look: fragment fan-out, unbounded nested lists, large variable defaults, alias floods. Each must be refused by the limits. */

/** `count` fragments, each spreading the next twice: 2^count fields once expanded, under 1 KB written. */
export function fragmentFanOut(count: number): string {
  let document = `query FanOut { company(cvr: "36509120") { ...F0 } }\n`;
  for (let i = 0; i < count; i++)
    document += i < count - 1 ? `fragment F${i} on Company { name ...F${i + 1} ...F${i + 1} }\n` : `fragment F${i} on Company { name }\n`;
  return document;
}

/** Lists without `first`: units × employees × employees × employees. */
export const UNBOUNDED_LISTS = "{ units { employees { unit { employees { unit { employees { id } } } } } } }";

/** A variable whose default (100) is the page size of nested lists. */
export const VARIABLE_DEFAULT_PAGES =
  "query Pages($f: Int = 100) { companies(first: $f) { edges { node { cases(first: $f) { edges { node { id title } } } } } } }";

/** 500 aliases of one company's cases. */
export const FIVE_HUNDRED_ALIASES = `query Aliases { ${Array.from({ length: 500 }, (_, i) => `c${i}: company(cvr: "36509120") { cases { edges { node { id title } } } }`).join(" ")} }`;
