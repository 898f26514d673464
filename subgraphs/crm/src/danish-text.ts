/**
 * Danish alphabetical order and accent-insensitive search that behave the same on PGlite and
 * PostgreSQL. Neither a Danish ICU collation nor unaccent can be relied on: PGlite (checked,
 * 0.3) has only the root ICU collations ("und-x-icu", "unicode"), no "da-x-icu", and unaccent only
 * as a separately loaded extension (CREATE EXTENSION fails by default); a PostgreSQL server's libc
 * collations and lower() on non-ASCII letters differ by installation. So the folding is one
 * character table, applied by PostgreSQL's translate() in generated columns at write time
 * (migration 20261201230000_danish_name_keys, which holds
 * the same table: a test compares the two on every company) and here to the user's search term:
 * - search text: lower case, accents dropped (é → e, ü → u), æ, ø and å kept;
 * - sort key: the search text with æ, ø, å (and ä, ö, the old "aa") as '{', '|', '}', the three
 *   ASCII characters after z, so byte order (COLLATE "C") is Danish order: …, z, æ, ø, å.
 * - spelling key: the search text with the digraphs people type for æ, ø and å (ae, oe, aa) and
 *   the letters themselves all folded to a, o, a, so "boelge", "bolge" and "bølge" meet, and
 *   "Aarhus", "Arhus" and "Århus" (migration 20261208000000_spelling_search holds its steps).
 * A test checks the sort key's order against Intl.Collator("da") over the demo world's names.
 */
const FOLD_FROM = "ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÀÁÂÃÄÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäçèéêëìíîïñòóôõöùúûüýÿ";
const FOLD_TO = "abcdefghijklmnopqrstuvwxyzæøåaaaaaceeeeiiiinooooouuuuyaaaaaceeeeiiiinooooouuuuyy";
/** After folding, for the sort key: the Danish letters after z. */
const SORT_FROM = "æøå";
const SORT_TO = "{|}";

const foldTable = new Map([...FOLD_FROM].map((character, index) => [character, FOLD_TO[index]]));

/** Lower case without accents, æ, ø and å kept: what the search column holds and a term is matched as. */
export function searchText(text: string): string {
  return [...text.normalize("NFC")].map((character) => foldTable.get(character) ?? character).join("");
}

/** Before folding, for the sort key only: ä and ö sort as æ and ø, ü as y (ICU's Danish order). */
const SORT_PRE_FROM = "ÄäÖöÜü";
const SORT_PRE_TO = "ææøøyy";

const translate = (text: string, from: string, to: string) =>
  [...text].map((character) => (from.includes(character) ? to[from.indexOf(character)] : character)).join("");

/** The string whose byte order is Danish alphabetical order; the generated column computes it in the same four steps. */
export function danishSortKey(text: string): string {
  return translate(searchText(translate(text.normalize("NFC"), SORT_PRE_FROM, SORT_PRE_TO)).replaceAll("aa", "å"), SORT_FROM, SORT_TO);
}

/** After the digraphs, for the spelling key: æ, ø and å as the letter people type without them. */
const SPELLING_FROM = "æøå";
const SPELLING_TO = "aoa";

/**
 * The search text with æ/ae, ø/oe and å/aa each folded to one letter (a, o, a): what a person
 * types without a Danish keyboard and what the register wrote meet, either way round. Replaced
 * left to right without overlaps, as PostgreSQL's replace() in the generated column does.
 */
export function spellingKey(text: string): string {
  return translate(searchText(text).replaceAll("aa", "a").replaceAll("ae", "a").replaceAll("oe", "o"), SPELLING_FROM, SPELLING_TO);
}

/**
 * What the search column holds for a company's searchable text: its spelling key, and then the
 * text with only the letters æ, ø, å folded, so a term that starts inside a pair the key merges
 * ("esi" in "Poesi", "ensen" in "Joensen") still meets it.
 */
export function spellingSearchText(text: string): string {
  return `${spellingKey(text)} ${translate(searchText(text), SPELLING_FROM, SPELLING_TO)}`;
}
