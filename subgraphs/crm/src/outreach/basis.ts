import { badUserInput, ErrorCode } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import { GraphQLError } from "graphql";
import type { Company, OutreachBasisKind, PrismaClient } from "../generated/prisma/client.js";
import { messagesFor, type Language } from "../i18n/messages";
import { optionalText, pastOrNow } from "../validation";
import { legalReference, visibleText } from "./legal-reference";

export interface OutreachBasisInput {
  kind: OutreachBasisKind;
  consentGivenAt?: string | null;
  consentHow?: string | null;
  legalReference?: string | null;
}

/** The basis as stored on Outreach; all null when none was given. */
export interface RecordedBasis {
  basisKind: OutreachBasisKind | null;
  consentGivenAt: Date | null;
  consentHow: string | null;
  legalReference: string | null;
}

const NONE: RecordedBasis = { basisKind: null, consentGivenAt: null, consentHow: null, legalReference: null };

/** `extensions.reason` of the refusal, for clients that branch on it (the code stays BAD_USER_INPUT). */
const ADVERTISING_PROTECTED = "ADVERTISING_PROTECTED";

function required(value: string | null, field: string, kind: OutreachBasisKind): string {
  if (value === null) throw badUserInput(refusal.badUserInput.basisFieldRequired(field, kind), field);
  return value;
}

function absent(value: unknown, field: string, kind: OutreachBasisKind): void {
  if (value !== null && value !== undefined) throw badUserInput(refusal.badUserInput.basisFieldNotForKind(field, kind), field);
}

/**
 * A consent needs when and how (a consent nobody can date or describe proves nothing); another
 * legal basis needs its reference. Fields of the other kind are refused rather than dropped, so
 * what is stored is what the employee meant.
 */
export function recordedBasis(basis: OutreachBasisInput | null | undefined, now: Date): RecordedBasis {
  if (!basis) return NONE;
  if (basis.kind === "CONSENT") {
    absent(basis.legalReference, "basis.legalReference", basis.kind);
    if (basis.consentGivenAt === null || basis.consentGivenAt === undefined) required(null, "basis.consentGivenAt", basis.kind);
    return {
      basisKind: "CONSENT",
      consentGivenAt: pastOrNow(basis.consentGivenAt, "basis.consentGivenAt", now),
      consentHow: required(visibleText(optionalText(basis.consentHow, "basis.consentHow", 500)), "basis.consentHow", basis.kind),
      legalReference: null,
    };
  }
  absent(basis.consentGivenAt, "basis.consentGivenAt", basis.kind);
  absent(basis.consentHow, "basis.consentHow", basis.kind);
  return {
    basisKind: "LEGAL_BASIS",
    consentGivenAt: null,
    consentHow: null,
    legalReference: legalReference(
      required(optionalText(basis.legalReference, "basis.legalReference", 500), "basis.legalReference", basis.kind),
      "basis.legalReference",
    ),
  };
}

/** The rule of use of the CVR register: no outreach to a protected company without consent or a legal basis. */
export function requireBasisIfProtected(
  company: Pick<Company, "cvr" | "name" | "advertisingProtected">,
  basis: RecordedBasis,
  language: Language,
): void {
  if (!company.advertisingProtected || basis.basisKind !== null) return;
  throw advertisingProtected(
    messagesFor(language).outreachAdvertisingProtected(`${company.name} (CVR ${company.cvr})`),
    "basis",
    company.cvr,
  );
}

/**
 * The same rule where an inquiry says the municipality reached out (channel OUTREACH): the basis
 * lives with the outreach, so a protected company's outreach inquiry needs an outreach to it
 * recorded under a consent or a legal basis (recordOutreach) first.
 */
export async function requireRecordedBasisIfProtected(
  db: PrismaClient,
  company: Pick<Company, "cvr" | "name" | "advertisingProtected">,
  language: Language,
): Promise<void> {
  if (!company.advertisingProtected) return;
  if (await db.outreach.count({ where: { cvr: company.cvr, basisKind: { not: null } }, take: 1 })) return;
  throw advertisingProtected(
    messagesFor(language).outreachInquiryAdvertisingProtected(`${company.name} (CVR ${company.cvr})`),
    "channel",
    company.cvr,
  );
}

function advertisingProtected(message: string, field: string, cvr: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BadUserInput, reason: ADVERTISING_PROTECTED, field, cvr } });
}
