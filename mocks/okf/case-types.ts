import type { CatalogueService } from "@company-graph/domain";
import { type IndustryGroup, formatAddress, industryGroup } from "../generator/companies";
import { type CaseTypeSpec, type DepartmentCaseTypes, isoDate } from "../generator/cases";
import { DAY_MS } from "../generator/permits";
import type { ContractHolds } from "../shared/department-api";
import type { components, paths } from "./generated/api";

/** A case as ØKF's system returns it (generated from okf/openapi.yaml). */
export type OkfCase = components["schemas"]["Case"];
export type OkfPermit = components["schemas"]["Permit"];
type Spec = CaseTypeSpec<OkfCase>;

// Fails to compile when openapi.yaml and the shared handlers disagree.
const _okfContractHolds: ContractHolds<paths, OkfCase, OkfPermit> = true;

/** Use classes (anvendelseskategorier) of the building regulations, by what the company does. */
const OCCUPANCY: Record<IndustryGroup, string> = {
  hospitality: "Anvendelseskategori 3: restaurant og forsamlingslokale",
  retail: "Anvendelseskategori 3: butik",
  manufacturing: "Anvendelseskategori 1: industri og lager",
  construction: "Anvendelseskategori 1: værksted og lager",
  "real-estate": "Anvendelseskategori 4: hotel og udlejningsværelser",
  professional: "Anvendelseskategori 1: kontor",
  ict: "Anvendelseskategori 1: kontor",
  other: "Anvendelseskategori 1: kontor og klinik",
};

const FINDINGS = [
  "Flugtvejsdør aflåst med nøgle i åbningstiden",
  "Nødbelysning defekt i trappeopgang",
  "Håndslukker ikke efterset inden for 12 måneder",
  "Oplag af emballage i flugtvej",
  "Branddør holdt åben med kile",
  "Brandinstruks ikke opdateret",
  "Flere gæster end tilladt efter pladsfordelingsplanen",
] as const;

const fireInspection: Spec = {
  audience: "fire-safety",
  siteBound: true,
  generate: ({ rng, company, site, decidedAt }) => {
    const findings = rng.chance(0.45) ? [] : rng.sample(FINDINGS, rng.int(1, 3));
    // Assembly rooms and hotels are inspected every year, other premises less often.
    const group = industryGroup(company);
    const interval = group === "hospitality" || group === "real-estate" ? 365 : 730;
    return {
      caseType: "fire-inspection",
      details: {
        premisesAddress: formatAddress(site.address),
        occupancyClass: OCCUPANCY[group],
        findings,
        nextInspectionDue: isoDate(decidedAt + interval * DAY_MS),
      },
      title: `Brandsyn: ${site.address.street} ${site.address.houseNumber}`,
      deliveryDays: findings.length > 0 ? rng.int(14, 60) : 0,
    };
  },
};

const PREPAREDNESS_TOPICS = [
  "Beredskabsplan for større arrangement",
  "Evakueringsplan",
  "Etablering af virksomhedsberedskab",
  "Evakueringsøvelse",
  "Brandsikring af kemikalieoplag",
] as const;

const preparednessAdvice: Spec = {
  audience: "fire-safety",
  siteBound: true,
  generate: ({ rng }) => {
    const topic = rng.pick(PREPAREDNESS_TOPICS);
    return { caseType: "preparedness-advice", details: { topic }, title: `Beredskabsrådgivning: ${topic}`, deliveryDays: rng.int(0, 30) };
  },
};

const COURSES = [
  "Førstehjælp (12 timer)",
  "Brandbekæmpelse med håndslukkere",
  "Brandvagt ved arrangementer",
  "Evakueringsleder",
  "Hjertestarter og genoplivning",
] as const;

const course: Spec = {
  audience: "fire-safety",
  siteBound: true,
  generate: ({ rng }) => {
    const courseName = rng.pick(COURSES);
    return {
      caseType: "course",
      details: { courseName, participants: rng.int(4, 20) },
      title: `Kursus: ${courseName}`,
      deliveryDays: rng.int(1, 30),
    };
  },
};

function specFor(service: CatalogueService): Spec {
  if (service.id === "okf-fire-inspection" || service.id === "okf-fire-technical-building-reviews") return fireInspection;
  if (service.id === "okf-fire-first-aid-training") return course;
  return preparednessAdvice;
}

export const OKF_CASE_TYPES: DepartmentCaseTypes<OkfCase> = { department: "OKF", specFor };
