import type { Department } from "@company-graph/domain";
import { BIF_CASE_TYPES, type BifCase, type BifPermit } from "../bif/case-types";
import { KFF_CASE_TYPES, type KffCase, type KffPermit } from "../kff/case-types";
import { OKF_CASE_TYPES, type OkfCase, type OkfPermit } from "../okf/case-types";
import { TMF_CASE_TYPES, type TmfCase, type TmfPermit } from "../tmf/case-types";
import { generateCases } from "./cases";
import { type Company, NumberRegistry, generateCompanies } from "./companies";
import { type CompanyEnd, companyEnds } from "./fates";
import { type Employee, type Unit, generateStaff } from "./people";
import { DEFAULT_NOW, DEFAULT_SEED, PROFILES, type ProfileName } from "./profiles";
import { Random } from "./random";
import { SHOWCASE_CVRS, SHOWCASE_WITHOUT_RANDOM_CASES, type Showcase, showcaseCases, showcaseCompanies } from "./showcase";

export type CaseOf<D extends Department> = { BIF: BifCase; TMF: TmfCase; KFF: KffCase; OKF: OkfCase }[D];
export type PermitOf<D extends Department> = { BIF: BifPermit; TMF: TmfPermit; KFF: KffPermit; OKF: OkfPermit }[D];
/** A case of any department, as its system returns it. */
export type Case = CaseOf<Department>;
export type Permit = PermitOf<Department>;

export interface World {
  profile: ProfileName;
  seed: number;
  /** The moment the world is generated for (ISO 8601); all dates are relative to it. */
  now: string;
  companies: Company[];
  units: Unit[];
  employees: Employee[];
  cases: { [D in Department]: CaseOf<D>[] };
  permits: { [D in Department]: PermitOf<D>[] };
  /** CVR numbers of the hand-shaped companies (see generator/showcase.ts). */
  showcase: Showcase;
  /** By CVR: the companies the register has ceased or moved out of Copenhagen, and since when (see generator/fates.ts). */
  companyEnds: Record<string, CompanyEnd>;
}

export interface WorldOptions {
  profile: ProfileName;
  seed?: number;
  now?: Date | string;
}

/**
 * The whole simulated city: companies, municipal staff, and every department's cases and
 * permits. Pure: the same profile, seed and now give byte-identical JSON.
 */
export function generateWorld(options: WorldOptions): World {
  const profile = PROFILES[options.profile];
  if (!profile) throw new Error(`unknown profile "${String(options.profile)}"`);
  const seed = options.seed ?? DEFAULT_SEED;
  const now = new Date(options.now ?? DEFAULT_NOW);
  if (Number.isNaN(now.getTime())) throw new Error(`now is not a date: "${String(options.now)}"`);

  const root = new Random(seed, profile.name);
  const numbers = new NumberRegistry(root.fork("numbers"));
  const showcase = showcaseCompanies(numbers, now);
  const companies = [
    ...showcase,
    ...generateCompanies(root.fork("companies"), numbers, { count: profile.companies - showcase.length, now }),
  ];
  const staff = generateStaff(root.fork("staff"));
  const caseRng = root.fork("cases");
  const ends = companyEnds(companies, { seed, now: now.toISOString(), showcaseCvrs: new Set(Object.values(SHOWCASE_CVRS)) });
  const { cases, permits } = generateCases({
    rng: caseRng,
    profile,
    now,
    companies,
    staff,
    caseTypes: { BIF: BIF_CASE_TYPES, TMF: TMF_CASE_TYPES, KFF: KFF_CASE_TYPES, OKF: OKF_CASE_TYPES },
    excludedCvrs: SHOWCASE_WITHOUT_RANDOM_CASES,
    planned: showcaseCases(now),
    ends,
    reassign: root.fork("cases after a company ended"),
  });
  return {
    profile: profile.name,
    seed,
    now: now.toISOString(),
    companies,
    units: staff.units,
    employees: staff.employees,
    // The department's own generated types produced these objects (see <dept>/case-types.ts).
    cases: cases as unknown as World["cases"],
    permits: permits as unknown as World["permits"],
    showcase: { ...SHOWCASE_CVRS },
    companyEnds: ends,
  };
}
