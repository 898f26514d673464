import { isPNumberFormat, isValidCvr } from "@company-graph/domain";
import type { CvrIndex } from "./cvr-client";
import {
  type CompanyDocument,
  type ProductionUnitDocument,
  companyDocumentSchema,
  productionUnitDocumentSchema,
} from "./register-contract";

/** Why a document was set aside; operators read these codes in /health and /metrics. */
export type QuarantineReason =
  | "too-large"
  | "too-deep"
  | "text-too-long"
  | "control-characters"
  | "malformed"
  | "invalid-cvr"
  | "invalid-p-number"
  | "missing-name"
  | "future-stamp";

/** Limits one document must keep to (docs/crm.md, "A register that cannot hurt the CRM"). */
const DOCUMENT_LIMITS = {
  /** Characters of the document as its JSON text roughly counts them: a filtered document is a few KB, an unfiltered real one up to ~100 KB. */
  bytes: 256 * 1024,
  /** Nesting of objects and arrays; the register's documents nest about 8 deep. */
  depth: 32,
  /** Characters of one text: a name or street fits, and a B-tree index row (≈2.7 KB) stays possible. */
  textLength: 500,
  /** How far a register stamp may run ahead of the CRM's clock. */
  clockSkewMs: 5 * 60_000,
} as const;

export type Inspected<I extends CvrIndex> =
  | { ok: true; document: I extends "virksomhed" ? CompanyDocument : ProductionUnitDocument; stamp: Date; position: Date }
  | { ok: false; reason: QuarantineReason };

// NUL and the C0/C1 controls other than tab, line feed and carriage return (a foreign address's
// free text has line breaks): PostgreSQL refuses NUL in text (22P05), the rest nobody types.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Half a surrogate pair: not text, and PostgreSQL's jsonb refuses it. */
const BROKEN_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Checks one `_source` document before anything else touches it: size and nesting (walked
 * iteratively, so a 20,000-deep array is measured, not recursed into — JSON.stringify,
 * structuredClone and the schema would overflow the stack), then the shape of the fields the CRM
 * reads, their texts, the CVR number (modulus 11) or P-number, the name and the stamps.
 */
export function inspectDocument<I extends CvrIndex>(index: I, source: unknown, now: Date): Inspected<I> {
  const problem = shapeProblem(source);
  if (problem) return { ok: false, reason: problem };
  if (index === "virksomhed") {
    const parsed = companyDocumentSchema.safeParse(source);
    if (!parsed.success) return { ok: false, reason: "malformed" };
    const document = parsed.data;
    const texts = textProblem(document);
    if (texts) return { ok: false, reason: texts };
    if (!isValidCvr(String(document.cvrNummer).padStart(8, "0"))) return { ok: false, reason: "invalid-cvr" };
    if (!companyName(document)) return { ok: false, reason: "missing-name" };
    return stamped(document, companyStamps(document), now) as Inspected<I>;
  }
  const parsed = productionUnitDocumentSchema.safeParse(source);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const document = parsed.data;
  const texts = textProblem(document);
  if (texts) return { ok: false, reason: texts };
  if (!isPNumberFormat(String(document.pNummer))) return { ok: false, reason: "invalid-p-number" };
  const cvr = unitCvr(document);
  if (cvr === null || !isValidCvr(cvr)) return { ok: false, reason: "invalid-cvr" };
  if (!unitName(document)) return { ok: false, reason: "missing-name" };
  return stamped(
    document,
    [
      document.sidstIndlaest,
      document.sidstOpdateret,
      document.produktionsEnhedMetadata?.nyesteBeliggenhedsadresse?.sidstOpdateret,
      document.produktionsEnhedMetadata?.nyesteNavn?.sidstOpdateret,
    ],
    now,
  ) as Inspected<I>;
}

/** The current name: the register's newest, else the open period's, else the latest. */
export function companyName(document: CompanyDocument): string | null {
  return document.virksomhedMetadata?.nyesteNavn?.navn ?? current(document.navne)?.navn ?? null;
}

export function unitName(document: ProductionUnitDocument): string | null {
  return document.produktionsEnhedMetadata?.nyesteNavn?.navn ?? current(document.navne)?.navn ?? null;
}

export function unitCvr(document: ProductionUnitDocument): string | null {
  const cvr = document.produktionsEnhedMetadata?.nyesteCvrNummerRelation ?? current(document.virksomhedsrelation)?.cvrNummer ?? null;
  return cvr === null ? null : String(cvr).padStart(8, "0");
}

/** The entry whose period is open, else the last one. */
export function current<T extends { periode: { gyldigTil: string | null } }>(entries: readonly T[]): T | undefined {
  return entries.find((entry) => entry.periode.gyldigTil === null) ?? entries.at(-1);
}

/**
 * Every stamp the register moves when something the CRM reads changes: sidstIndlaest (moved by
 * every reload, e.g. new employment figures while sidstOpdateret stays) and the nested
 * sidstOpdateret of the values read.
 */
function companyStamps(document: CompanyDocument): (string | null | undefined)[] {
  const meta = document.virksomhedMetadata;
  return [
    document.sidstIndlaest,
    document.sidstOpdateret,
    ...[
      meta?.nyesteNavn,
      meta?.nyesteBeliggenhedsadresse,
      meta?.nyesteVirksomhedsform,
      meta?.nyesteHovedbranche,
      meta?.nyesteAarsbeskaeftigelse,
      meta?.nyesteKvartalsbeskaeftigelse,
      meta?.nyesteErstMaanedsbeskaeftigelse,
    ].map((value) => value?.sidstOpdateret),
  ];
}

/**
 * The document's change stamp (the latest of its stamps: a copy older than it is replaced) and
 * its scroll position (sidstIndlaest, the field the sync's range query and sort use; sidstOpdateret
 * where the register leaves it out). A stamp later than now plus the skew is refused, so no
 * document can move the position into the future.
 */
function stamped<D extends CompanyDocument | ProductionUnitDocument>(
  document: D,
  stamps: (string | null | undefined)[],
  now: Date,
): Inspected<CvrIndex> {
  const times = stamps.filter((value): value is string => typeof value === "string").map((value) => Date.parse(value));
  const positionText = document.sidstIndlaest ?? document.sidstOpdateret;
  if (positionText === null || times.length === 0) return { ok: false, reason: "malformed" };
  const latest = Math.max(...times);
  if (latest > now.getTime() + DOCUMENT_LIMITS.clockSkewMs) return { ok: false, reason: "future-stamp" };
  return { ok: true, document, stamp: new Date(latest), position: new Date(Date.parse(positionText)) } as Inspected<CvrIndex>;
}

/** Size and nesting of a parsed JSON value, walked without recursion. */
function shapeProblem(source: unknown): QuarantineReason | null {
  if (typeof source !== "object" || source === null || Array.isArray(source)) return "malformed";
  const stack: [unknown, number][] = [[source, 1]];
  let size = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === "string") size += value.length + 2;
    else if (typeof value === "object" && value !== null) {
      if (depth > DOCUMENT_LIMITS.depth) return "too-deep";
      const entries = Array.isArray(value) ? value.map((item) => ["", item] as const) : Object.entries(value);
      for (const [key, item] of entries) {
        size += key.length + 3;
        stack.push([item, depth + 1]);
      }
    } else size += 8;
    if (size > DOCUMENT_LIMITS.bytes) return "too-large";
  }
  return null;
}

/**
 * The texts the CRM keeps (the parsed document holds only those): short enough for an index row
 * and free of control characters and broken surrogates, which PostgreSQL refuses (NUL: 22P05).
 */
function textProblem(document: CompanyDocument | ProductionUnitDocument): QuarantineReason | null {
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (value.length > DOCUMENT_LIMITS.textLength) return "text-too-long";
      if (CONTROL.test(value) || BROKEN_SURROGATE.test(value)) return "control-characters";
    } else if (typeof value === "object" && value !== null) stack.push(...(Object.values(value) as unknown[]));
  }
  return null;
}
