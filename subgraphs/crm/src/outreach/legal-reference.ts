import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";

/**
 * What shows nothing on screen: zero-width and direction marks, soft hyphen and tag characters
 * (Unicode Cf), controls (Cc), and the blank "letters" (Hangul fillers, the braille blank).
 * Removed, so "Lo\u200Bv" reads as the "Lov" it shows.
 */
const INVISIBLE = /[\p{Cf}\p{Cc}\u115F\u1160\u3164\uFFA0\u2800]/gu;
/** Whitespace of any script (no-break, ideographic, …). */
const SPACES = /[\s\p{Z}]+/gu;
/** A reference names its rule or case: a law and section, an executive order's number, a case number. */
const MIN_REFERENCE_LETTERS_AND_DIGITS = 5;

/** The text as a reader sees it: invisible characters removed, runs of whitespace one space, trimmed; null when nothing is left. */
export function visibleText(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(INVISIBLE, "").replace(SPACES, " ").trim() || null;
}

/**
 * A legal basis's reference, e.g. "Erhvervsfremmeloven § 10" or "Sag 2026-0142": at least five
 * letters or digits once invisible characters are gone, one of them a digit (the section, number
 * or case number that points at the rule). Stored as it reads.
 */
export function legalReference(value: string, field: string): string {
  const visible = visibleText(value) ?? "";
  const lettersAndDigits = visible.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (lettersAndDigits < MIN_REFERENCE_LETTERS_AND_DIGITS || !/\p{Nd}/u.test(visible))
    throw badUserInput(refusal.badUserInput.notALegalReference(field, MIN_REFERENCE_LETTERS_AND_DIGITS, value), field);
  return visible;
}
