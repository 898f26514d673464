import { z } from "zod";

/**
 * The part of the CVR register's documents the CRM reads, as the register really sends it
 * (test/fixtures/cvr-corpus/README.md cites the samples): nullable wherever a real document has
 * null or leaves the field out — a foreign address has no kommune, no house number and no postal
 * code, `nyesteNavn` and `nyesteBeliggenhedsadresse` are not guaranteed, `branchekode` is a
 * string, `antalAarsvaerk` a decimal, dates come as dates or date-times. Unknown fields are
 * dropped, so nothing the CRM does not read travels further.
 */
const FIRST_MOMENT = Date.parse("0001-01-01T00:00:00Z");

function isCalendarDay(value: string): boolean {
  const at = Date.parse(`${value}T00:00:00Z`);
  return at >= FIRST_MOMENT && new Date(at).toISOString().slice(0, 10) === value;
}

const text = z.string();
const optionalText = text.nullish().transform((value) => value ?? null);
const integer = z.number().int();
const optionalNumber = z
  .number()
  .nullish()
  .transform((value) => value ?? null);
/** A head count: what the CRM's integer column holds (a count of 10^12 failed its whole page). */
const optionalCount = z
  .number()
  .min(0)
  .max(2_147_483_647)
  .nullish()
  .transform((value) => value ?? null);
const optionalInteger = integer.nullish().transform((value) => value ?? null);
/**
 * A day as the register writes it: 2014-03-01, or a date-time whose date part is the day meant;
 * a day of the calendar from year 1 (PostgreSQL's date refuses "2024-13-45" and year 0, and one
 * such day failed its whole page).
 */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/)
  .refine((value) => isCalendarDay(value.slice(0, 10)), "not a day of the calendar");
const optionalDay = day.nullish().transform((value) => (value ? value.slice(0, 10) : null));
/** A moment from year 1 on: Date.parse reads "-000001-01-01T00:00:00Z", which no timestamptz holds. */
const stamp = z.string().refine((value) => Date.parse(value) >= FIRST_MOMENT, "not a date-time from year 1 on");
const optionalStamp = stamp.nullish().transform((value) => value ?? null);
const periode = z
  .object({ gyldigFra: optionalDay, gyldigTil: optionalDay })
  .nullish()
  .transform((value) => value ?? { gyldigFra: null, gyldigTil: null });
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((value) => value ?? []);

const orNull = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? null);

const name = z.object({ navn: text, periode, sidstOpdateret: optionalStamp });
const address = z.object({
  vejnavn: optionalText,
  husnummerFra: optionalInteger,
  bogstavFra: optionalText,
  etage: optionalText,
  sidedoer: optionalText,
  conavn: optionalText,
  postnummer: optionalInteger,
  postdistrikt: optionalText,
  bynavn: optionalText,
  landekode: optionalText,
  fritekst: optionalText,
  kommune: z
    .object({ kommuneKode: integer, kommuneNavn: optionalText })
    .nullish()
    .transform((value) => value ?? null),
  periode,
  sidstOpdateret: optionalStamp,
});
const industry = z.object({
  branchekode: z.union([text, integer]).transform(String),
  branchetekst: optionalText,
  sidstOpdateret: optionalStamp,
});
const employment = z.object({
  aar: optionalInteger,
  kvartal: optionalInteger,
  maaned: optionalInteger,
  antalAnsatte: optionalCount,
  antalAarsvaerk: optionalNumber,
  intervalKodeAntalAnsatte: optionalText,
  sidstOpdateret: optionalStamp,
});
// A contact whose secrecy the register does not state is treated as secret: never kept.
const contact = z.object({
  kontaktoplysning: text,
  hemmelig: z
    .boolean()
    .nullish()
    .transform((value) => value ?? true),
  periode,
});
const form = z.object({
  virksomhedsformkode: z.union([integer, text]).transform(String),
  kortBeskrivelse: optionalText,
  langBeskrivelse: optionalText,
  sidstOpdateret: optionalStamp,
});

const companyMetadata = z.object({
  nyesteNavn: orNull(name),
  nyesteBinavne: list(text),
  nyesteBeliggenhedsadresse: orNull(address),
  nyesteVirksomhedsform: orNull(form),
  nyesteHovedbranche: orNull(industry),
  nyesteBibranche1: orNull(industry),
  nyesteBibranche2: orNull(industry),
  nyesteBibranche3: orNull(industry),
  nyesteAarsbeskaeftigelse: orNull(employment),
  nyesteKvartalsbeskaeftigelse: orNull(employment),
  nyesteErstMaanedsbeskaeftigelse: orNull(employment),
  sammensatStatus: optionalText,
  stiftelsesDato: optionalDay,
});

export const companyDocumentSchema = z.object({
  cvrNummer: integer,
  reklamebeskyttet: z
    .boolean()
    .nullish()
    .transform((value) => value ?? false),
  sidstIndlaest: optionalStamp,
  sidstOpdateret: optionalStamp,
  navne: list(name),
  beliggenhedsadresse: list(address),
  livsforloeb: list(z.object({ periode })),
  telefonNummer: list(contact),
  elektroniskPost: list(contact),
  virksomhedMetadata: orNull(companyMetadata),
});

export const productionUnitDocumentSchema = z.object({
  pNummer: integer,
  sidstIndlaest: optionalStamp,
  sidstOpdateret: optionalStamp,
  navne: list(name),
  beliggenhedsadresse: list(address),
  livsforloeb: list(z.object({ periode })),
  virksomhedsrelation: list(z.object({ cvrNummer: optionalInteger, periode })),
  produktionsEnhedMetadata: orNull(
    z.object({
      nyesteCvrNummerRelation: optionalInteger,
      nyesteNavn: orNull(name),
      nyesteBeliggenhedsadresse: orNull(address),
      sammensatStatus: optionalText,
    }),
  ),
});

export type CompanyDocument = z.output<typeof companyDocumentSchema>;
export type ProductionUnitDocument = z.output<typeof productionUnitDocumentSchema>;
export type CvrAddress = z.output<typeof address>;

/**
 * The `_source` filter the sync sends: only the fields above, so a page of real documents
 * (21–101 KB each, mostly deltagerRelation) arrives as a few KB a document.
 */
export const SOURCE_FIELDS = {
  virksomhed: [
    ...Object.keys(companyDocumentSchema.shape)
      .filter((field) => field !== "virksomhedMetadata")
      .map((field) => `Vrvirksomhed.${field}`),
    ...Object.keys(companyMetadata.shape).map((field) => `Vrvirksomhed.virksomhedMetadata.${field}`),
  ],
  produktionsenhed: Object.keys(productionUnitDocumentSchema.shape).map((field) => `VrproduktionsEnhed.${field}`),
} as const;
