import { cvrDocuments } from "../cvr/documents";
import type { Company } from "./companies";

/** Copenhagen Municipality's kommunekode. */
const COPENHAGEN = 101;

/** The day a company stopped being Copenhagen's: it ceased, or moved to another municipality. */
export interface CompanyEnd {
  /** That day (YYYY-MM-DD): nothing of the municipality's starts on or after it. */
  on: string;
  reason: "ceased" | "moved-away";
}

/**
 * When each company that ceased or moved away did so, read from the documents the simulated CVR
 * register serves (mocks/cvr/documents.ts draws the histories), so the departments' cases and
 * permits can never contradict the register, whatever histories it draws.
 */
export function companyEnds(
  companies: readonly Company[],
  options: { seed: number; now: string; showcaseCvrs: ReadonlySet<string> },
): Record<string, CompanyEnd> {
  const ends: Record<string, CompanyEnd> = {};
  for (const document of cvrDocuments(companies, options).companies) {
    const cvr = String(document.cvrNummer).padStart(8, "0");
    const ceasedOn = document.livsforloeb.find((period) => period.periode.gyldigTil !== null)?.periode.gyldigTil;
    const current = document.beliggenhedsadresse.find((address) => address.periode.gyldigTil === null);
    // A foreign address has no kommune at all: away from Copenhagen too.
    const movedOn = current && current.kommune?.kommuneKode !== COPENHAGEN ? current.periode.gyldigFra : null;
    const day = [ceasedOn, movedOn].filter((date): date is string => Boolean(date)).sort()[0];
    if (day) ends[cvr] = { on: day.slice(0, 10), reason: ceasedOn && day === ceasedOn ? "ceased" : "moved-away" };
  }
  return ends;
}
