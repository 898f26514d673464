import type { CatalogueService } from "@company-graph/domain";
import { formatAddress } from "../generator/companies";
import type { CaseContext, CaseTypeSpec, DepartmentCaseTypes } from "../generator/cases";
import { person } from "../generator/people";
import { DAY_MS, permitTerms } from "../generator/permits";
import type { ContractHolds } from "../shared/department-api";
import type { components, paths } from "./generated/api";

/** A case as KFF's system returns it (generated from kff/openapi.yaml). */
export type KffCase = components["schemas"]["Case"];
export type KffPermit = components["schemas"]["Permit"];
type Spec = CaseTypeSpec<KffCase>;

// Fails to compile when openapi.yaml and the shared handlers disagree.
const _kffContractHolds: ContractHolds<paths, KffCase, KffPermit> = true;

const OPENING_HOURS = [
  "Man–tors 11–24, fre–lør 11–02, søn 12–22",
  "Alle dage 10–24",
  "Man–lør 16–02",
  "Tirs–lør 17–24",
  "Fre–lør 22–05 (nattilladelse)",
] as const;
const CONVICTIONS = [
  "Overtrædelse af restaurationsloven § 10 (2021), bøde",
  "Færdselslovsovertrædelse (2019), ikke relevant for bevillingen",
  "Overtrædelse af røgloven (2022), bøde",
  "Momsunddragelse (2018), betinget dom",
] as const;

/**
 * Alcohol licences are vetted with the police: public debt of 50,000 kr. or more, or a relevant
 * conviction (straffeloven § 78), leads to refusal.
 */
const alcoholLicence: Spec = {
  audience: "hospitality",
  siteBound: true,
  generate: (context: CaseContext) => {
    const { rng, site, decidedAt } = context;
    const licenceType = rng.weighted([
      ["Alkoholbevilling", 55],
      ["Fornyelse af alkoholbevilling", 30],
      ["Lejlighedsbevilling", 15],
    ]);
    const publicDebtDkk = rng.weighted([
      [0, 85],
      [Math.round(rng.int(1_000, 45_000) / 100) * 100, 12],
      [Math.round(rng.int(50_000, 250_000) / 100) * 100, 3],
    ]);
    const convictions = rng.chance(0.07) ? [rng.pick(CONVICTIONS)] : [];
    const refused = publicDebtDkk >= 50_000 || convictions.some((conviction) => conviction.includes("betinget dom"));
    const policeStatement = refused
      ? "Politiet kan ikke anbefale bevillingen på grund af forhold omfattet af straffeloven § 78 og gæld til det offentlige."
      : rng.pick([
          "Politiet har ingen bemærkninger til ansøgningen.",
          "Politiet anbefaler, at bevillingen begrænses til kl. 02.00 pga. ordensforstyrrelser i området.",
          "Politiet har ingen indvendinger; der er ikke registreret forhold af betydning.",
        ]);
    // Occasional licences cover a single event; a first licence runs 2 years, renewals up to 8.
    const occasional = licenceType === "Lejlighedsbevilling";
    const from = decidedAt + rng.int(1, 21) * DAY_MS;
    return {
      caseType: "alcohol-licence",
      details: {
        licenceType,
        premisesAddress: formatAddress(site.address),
        openingHours: rng.pick(OPENING_HOURS),
        manager: person(rng, [1960, 2000]),
        vetting: { policeStatement, publicDebtDkk, convictions },
      },
      title: `${licenceType}: ${site.name}`,
      refused,
      permit: occasional
        ? permitTerms(rng, "alcohol-licence", decidedAt, { from, to: from + rng.int(0, 2) * DAY_MS })
        : permitTerms(rng, "alcohol-licence", decidedAt, { from, to: from + (licenceType === "Alkoholbevilling" ? 730 : 2922) * DAY_MS }),
    };
  },
};

const INTERNATIONAL_TOPICS = [
  "Opholds- og arbejdstilladelse for udenlandsk medarbejder",
  "Fast track-ordningen",
  "Medfølgende ægtefælle – jobsøgning",
  "Skattekort og CPR for nye medarbejdere",
  "ICS-rejsehold: besøg i virksomheden",
] as const;

const internationalHouse: Spec = {
  audience: "international",
  siteBound: false,
  generate: ({ rng }) => {
    const topic = rng.pick(INTERNATIONAL_TOPICS);
    return {
      caseType: "international-house",
      details: {
        topic,
        employeesRelocated: rng.weighted([
          [0, 30],
          [rng.int(1, 3), 50],
          [rng.int(4, 15), 20],
        ]),
      },
      title: `International House: ${topic}`,
      deliveryDays: rng.int(0, 30),
    };
  },
};

const CONTACT_TOPICS: Record<string, readonly string[]> = {
  "kff-contact-centre-jobcentre": [
    "Spørgsmål om løntilskud",
    "Status på refusion af sygedagpenge",
    "Hjælp til jobopslag",
    "Sygemelding af medarbejder",
    "Spørgsmål om virksomhedspraktik",
    "Kontakt til jobkonsulent",
  ],
  "kff-contact-centre-waste-parking": [
    "Manglende tømning af erhvervsaffald",
    "Spørgsmål om erhvervsparkeringslicens",
    "Klage over p-afgift",
    "Affaldsgebyr for erhverv",
    "Bestilling af afhentning af storskrald",
    "Placering af affaldscontainere",
  ],
};

function contactCentre(service: CatalogueService): Spec {
  const topics = CONTACT_TOPICS[service.id] ?? ["Generel henvendelse"];
  return {
    audience: "everyone",
    siteBound: false,
    generate: ({ rng }) => {
      const topic = rng.pick(topics);
      const channel = rng.weighted([
        ["phone", 70],
        ["email", 18],
        ["web-form", 10],
        ["chat", 2],
      ] as const);
      return {
        caseType: "contact-centre",
        details: { channel, topic, resolvedAtFirstContact: rng.chance(0.78) },
        title: `Henvendelse: ${topic}`,
      };
    },
  };
}

function specFor(service: CatalogueService): Spec {
  if (service.id === "kff-alcohol-licence") return alcoholLicence;
  if (service.id.startsWith("kff-contact-centre")) return contactCentre(service);
  return internationalHouse;
}

export const KFF_CASE_TYPES: DepartmentCaseTypes<KffCase> = { department: "KFF", specFor };
