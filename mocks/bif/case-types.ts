import type { CatalogueService } from "@company-graph/domain";
import { type IndustryGroup, industryGroup } from "../generator/companies";
import { type CaseContent, type CaseContext, type CaseTypeSpec, type DepartmentCaseTypes, isoDate } from "../generator/cases";
import { person } from "../generator/people";
import { DAY_MS } from "../generator/permits";
import type { ContractHolds } from "../shared/department-api";
import type { components, paths } from "./generated/api";

/** A case as BIF's system returns it (generated from bif/openapi.yaml). */
export type BifCase = components["schemas"]["Case"];
export type BifPermit = components["schemas"]["Permit"];
type Content = CaseContent<BifCase>;
type Spec = CaseTypeSpec<BifCase>;

// Fails to compile when openapi.yaml and the shared handlers disagree.
const _bifContractHolds: ContractHolds<paths, BifCase, BifPermit> = true;

const JOB_TITLES: Record<IndustryGroup, readonly string[]> = {
  professional: ["Bogholder", "Receptionist", "Projektkoordinator", "Advokatsekretær", "Kontorassistent"],
  retail: ["Butiksassistent", "Lagermedarbejder", "Salgsassistent", "Kassemedarbejder"],
  "real-estate": ["Ejendomsservicetekniker", "Administrationsmedarbejder", "Udlejningskonsulent"],
  hospitality: ["Tjener", "Kok", "Opvasker", "Bartender", "Receptionist", "Køkkenmedhjælper"],
  ict: ["Softwareudvikler", "Supportmedarbejder", "Testspecialist", "IT-konsulent"],
  construction: ["Tømrer", "Murerarbejdsmand", "Elektriker", "Maler", "VVS-montør", "Byggepladsmedhjælper"],
  manufacturing: ["Produktionsmedarbejder", "Maskinarbejder", "Lagermedarbejder", "Smed", "Bagermedhjælper"],
  other: ["Rengøringsassistent", "Chauffør", "Frisør", "Klinikassistent", "Servicemedarbejder"],
};

const HEALTH_NOTES = [
  "Sygemeldt med stress; lægen forventer gradvis tilbagevenden over 6 uger",
  "Knæoperation (menisk); fuldt sygemeldt i 4–6 uger",
  "Rygproblemer (diskusprolaps); delvis raskmelding med 20 timer om ugen aftalt",
  "Brækket håndled efter cykeluheld; kan ikke udføre sit arbejde i 5 uger",
  "Depression; i behandling hos psykiater, mulighedserklæring indhentet",
  "Lungebetændelse med efterfølgende træthed",
  "Kræftbehandling (kemoterapi); fuldt sygemeldt, § 56-aftale ansøgt",
  "Skulderskade; genoptræning hos fysioterapeut to gange ugentligt",
] as const;

const WORK_CAPACITY_NOTES = [
  "Varigt nedsat arbejdsevne pga. kroniske rygsmerter; kan arbejde 12 timer fordelt på 4 dage",
  "Nedsat arbejdsevne efter hjerneskade; behov for faste rammer og pauser",
  "Fibromyalgi; arbejdsevne svarende til ca. 15 timer om ugen",
  "Angst og depression; skånehensyn til kundekontakt og tidspres",
  "Slidgigt i hofter; kan ikke løfte over 5 kg eller stå i længere tid",
] as const;

const KES_TOPICS = [
  "Forretningsplan",
  "Budget og likviditet",
  "Moms og skat",
  "Ansættelse af første medarbejder",
  "Finansiering",
  "Tilladelser og regler",
  "Markedsføring",
  "Eksport",
  "Henvisning til Væksthus Hovedstaden",
] as const;
const KES_COURSES = [
  "Fra idé til virksomhed",
  "Bogføring og moms for iværksættere",
  "Markedsføring på sociale medier",
  "Salg og kundepleje",
  "Start a business in Denmark",
  "Vækstakademiker – forløb",
] as const;

/** Generic employer services: the topic a consultant records, by service. */
const EMPLOYER_TOPICS: Record<string, readonly string[]> = {
  "bif-placement-follow-up": ["Opfølgning på virksomhedspraktik", "Opfølgning på løntilskudsansættelse", "Midtvejsmøde om praktikforløb"],
  "bif-mentor-support": ["Mentorstøtte til nyansat i løntilskud", "Mentorfunktion for elev", "Mentortimer til medarbejder i fleksjob"],
  "bif-reverse-placement": ["Kandidater præsenteret uden opslået stilling"],
  "bif-danish-language-training": ["Arbejdsmarkedsdansk for medarbejdere", "Læse- og skrivekursus på arbejdspladsen"],
  "bif-jobnet-advertising-help": ["Hjælp til jobopslag på Jobnet", "Gennemlæsning af stillingsopslag"],
  "bif-sick-leave-retention-advice": [
    "Fastholdelse af sygemeldt medarbejder – arbejdspladsindretning",
    "Hjælpemidler ved tilbagevenden",
    "Delvis raskmelding og trappeplan",
  ],
  "bif-reverse-placement-sick-flex": ["Kandidater til fleksjob præsenteret", "Sygemeldt kandidat til omplacering"],
  "bif-diversity-growth-advice": ["Rekruttering gennem mangfoldighed", "Mangfoldighed i ledergruppen"],
};

/** The report lists some services with long descriptions; case titles use a short name. */
const SHORT_NAMES: Record<string, string> = {
  "bif-sick-leave-retention-advice": "Fastholdelse af sygemeldt medarbejder",
  "bif-danish-language-training": "Danskundervisning for medarbejdere",
  "bif-reverse-placement-sick-flex": "Omvendt formidling (sygemeldte og fleksjobbere)",
  "bif-placement-follow-up": "Opfølgning på virksomhedsplacering",
  "bif-jobnet-advertising-help": "Hjælp til annoncering på Jobnet",
  "bif-diversity-growth-advice": "Vækst gennem mangfoldighed",
};

const date = isoDate;
const days = (ms: number) => ms * DAY_MS;
const dkk = (value: number) => Math.round(value * 100) / 100;

function recruitmentOrder(prefix: string, audience: Spec["audience"] = "recruiters"): Spec {
  return {
    audience,
    siteBound: true,
    generate: ({ rng, company, openedAt }) => {
      const positions = rng.weighted([
        [1, 60],
        [2, 22],
        [3, 10],
        [rng.int(4, 12), 8],
      ]);
      const jobTitle = rng.pick(JOB_TITLES[industryGroup(company)]);
      const deadline = openedAt + days(rng.int(14, 45));
      return {
        caseType: "recruitment-order",
        details: { positions, jobTitle, deadline: date(deadline) },
        title: `${prefix}: ${positions} × ${jobTitle}`,
        deliveryDays: rng.int(14, 60),
      };
    },
  };
}

function wageSubsidy(kind: "new" | "pilot" | "refund"): Spec {
  return {
    audience: kind === "refund" ? "employers" : "recruiters",
    siteBound: true,
    generate: ({ rng }) => {
      // Private employers get a fixed hourly subsidy (about 80 kr. in 2026); the pilot schemes pay more.
      const hourlySubsidyDkk = dkk(kind === "pilot" ? 95 + rng.next() * 30 : 74 + rng.next() * 8);
      const periodWeeks = kind === "refund" ? rng.int(4, 13) : kind === "pilot" ? 26 : rng.pick([13, 16, 20, 26, 26, 39, 52]);
      const positions = kind === "new" && rng.chance(0.15) ? rng.int(2, 4) : 1;
      const title =
        kind === "refund"
          ? `Refusion af løntilskud, ${periodWeeks} uger`
          : kind === "pilot"
            ? `Pilotansættelse med løntilskud, ${periodWeeks} uger`
            : `Løntilskud: ${positions} ${positions === 1 ? "stilling" : "stillinger"} i ${periodWeeks} uger`;
      return {
        caseType: "wage-subsidy",
        details: { positions, hourlySubsidyDkk, periodWeeks },
        title,
        deliveryDays: kind === "refund" ? 0 : periodWeeks * 7,
      };
    },
  };
}

const companyInternship: Spec = {
  audience: "recruiters",
  siteBound: true,
  generate: ({ rng }) => {
    const placements = rng.weighted([
      [1, 70],
      [2, 20],
      [3, 10],
    ]);
    const weeks = rng.int(2, 13);
    return {
      caseType: "company-internship",
      details: { placements, weeks },
      title: `Virksomhedspraktik: ${placements} ${placements === 1 ? "plads" : "pladser"} i ${weeks} uger`,
      deliveryDays: weeks * 7,
    };
  },
};

export const sickPayRefund: Spec = {
  audience: "employers",
  siteBound: true,
  generate: ({ rng, openedAt }) => {
    // The employer pays the first 30 days itself; refunds are claimed after that.
    const sicknessStartedOn = openedAt - days(rng.int(31, 120));
    const refundDays = rng.int(5, 120);
    const dailyRate = 600 + rng.next() * 371;
    return {
      caseType: "sick-pay-refund",
      details: {
        employee: person(rng),
        sicknessStartedOn: date(sicknessStartedOn),
        refundDays,
        refundAmountDkk: dkk(refundDays * dailyRate),
        healthNote: rng.pick(HEALTH_NOTES),
      },
      // The title is shown widely, so it names no employee and no illness.
      title: `Refusion af sygedagpenge, ${refundDays} dage`,
    };
  },
};

function flexJob(kind: "new" | "refund"): Spec {
  return {
    audience: "employers",
    siteBound: true,
    generate: ({ rng }) => {
      const weeklyHours = rng.int(10, 50) / 2;
      const subsidyRatePct = dkk(30 + rng.next() * 40);
      return {
        caseType: "flex-job",
        details: { employee: person(rng, [1958, 1998]), weeklyHours, subsidyRatePct, workCapacityNote: rng.pick(WORK_CAPACITY_NOTES) },
        title: kind === "refund" ? "Refusion, fleksjob" : `Fleksjob: ${weeklyHours} timer om ugen`,
        // An established flex job is followed up for years before the case closes.
        deliveryDays: kind === "refund" ? 0 : rng.int(365, 1460),
      };
    },
  };
}

const jobRotation: Spec = {
  audience: "recruiters",
  siteBound: true,
  generate: ({ rng }) => {
    const rotations = rng.int(1, 6);
    const educationWeeks = rng.int(2, 26);
    return {
      caseType: "job-rotation",
      details: { rotations, educationWeeks },
      title: `Jobrotation: ${rotations} ${rotations === 1 ? "vikar" : "vikarer"}, ${educationWeeks} ugers uddannelse`,
      deliveryDays: educationWeeks * 7,
    };
  },
};

function kesCounselling(prefix: string, audience: Spec["audience"] = "start-ups"): Spec {
  return {
    audience,
    siteBound: false,
    generate: ({ rng }) => {
      const stage =
        audience === "start-ups"
          ? rng.weighted([
              ["idé", 30],
              ["opstart", 40],
              ["etableret (0–3 år)", 20],
              ["vækst", 10],
            ])
          : rng.weighted([
              ["vækst", 60],
              ["etableret", 40],
            ]);
      const topics = rng.sample(KES_TOPICS, rng.int(1, 3));
      return { caseType: "kes-counselling", details: { stage, topics }, title: `${prefix}: ${topics[0]}`, deliveryDays: rng.int(0, 60) };
    },
  };
}

const kesCourse: Spec = {
  audience: "start-ups",
  siteBound: false,
  generate: ({ rng }) => {
    const courseName = rng.pick(KES_COURSES);
    return {
      caseType: "kes-course",
      details: {
        courseName,
        participants: rng.weighted([
          [1, 75],
          [2, 20],
          [3, 5],
        ]),
      },
      title: `Kursus: ${courseName}`,
      deliveryDays: rng.int(1, 42),
    };
  },
};

function employerService(service: CatalogueService, audience: Spec["audience"] = "recruiters"): Spec {
  const topics = EMPLOYER_TOPICS[service.id] ?? [service.nameDa];
  const name = SHORT_NAMES[service.id] ?? service.nameDa;
  return {
    audience,
    siteBound: true,
    generate: ({ rng }) => ({
      caseType: "employer-service",
      details: { topic: rng.pick(topics) },
      title: name,
      deliveryDays: rng.int(0, 45),
    }),
  };
}

/**
 * Refunds (bif-wage-refunds) come in the report's proportions (volumeBreakdown): sickness benefit
 * refunds as sick-pay-refund, flex-job refunds as flex-job, wage subsidy refunds as wage-subsidy,
 * and adult apprentice and sheltered-job refunds as a generic employer-service.
 */
function wageRefunds(service: CatalogueService): Spec {
  const sick = sickPayRefund;
  const flex = flexJob("refund");
  const subsidy = wageSubsidy("refund");
  const parts = (service.volumeBreakdown ?? []).map((part) => [part.unitEn, part.value] as const);
  return {
    audience: "employers",
    siteBound: true,
    generate: (context: CaseContext): Content => {
      const part = parts.length > 0 ? context.rng.weighted(parts) : "sickness benefit refunds";
      if (part.startsWith("sickness")) return sick.generate(context);
      if (part.startsWith("flex")) return flex.generate(context);
      if (part.startsWith("wage")) return subsidy.generate(context);
      const topic = part.startsWith("adult") ? "Refusion, voksenlærling" : "Refusion, skånejob";
      return { caseType: "employer-service", details: { topic }, title: topic };
    },
  };
}

function specFor(service: CatalogueService): Spec {
  switch (service.id) {
    case "bif-ordinary-hiring-job-placement":
      return recruitmentOrder("Jobordre");
    case "bif-outreach-job-orders":
      return recruitmentOrder("Jobordre (opsøgende)");
    case "bif-leisure-time-jobs":
      return recruitmentOrder("Fritidsjob");
    case "bif-pre-graduate-effort":
      return recruitmentOrder("Før-dimittend");
    case "bif-apprenticeships":
      return recruitmentOrder("Elevplads");
    case "bif-international-recruitment":
      return recruitmentOrder("International rekruttering", "international");
    case "bif-jobnet-advertising":
      return recruitmentOrder("Jobannonce på Jobnet");
    case "bif-flex-job-recruitment":
      return recruitmentOrder("Rekruttering af fleksjobber");
    case "bif-wage-subsidy":
      return wageSubsidy("new");
    case "bif-knowledge-pilot":
    case "bif-skilled-pilot":
    case "bif-growth-pilot":
      return wageSubsidy("pilot");
    case "bif-company-work-placement":
      return companyInternship;
    case "bif-flex-jobs-and-placements":
      return flexJob("new");
    case "bif-job-rotation":
      return jobRotation;
    case "bif-wage-refunds":
      return wageRefunds(service);
    case "bif-sick-leave-retention-advice":
    case "bif-reverse-placement-sick-flex":
      return employerService(service, "employers");
    case "kes-one-to-one-advice":
      return kesCounselling("Iværksætterrådgivning");
    case "kes-single-entry-triage":
      return kesCounselling("Én indgang, visitering");
    case "kes-growth-graduate":
      return kesCounselling("Vækstakademiker", "recruiters");
    case "kes-key-account-manager":
      return kesCounselling("Key account-dialog", "recruiters");
    case "kes-entrepreneur-courses":
    case "kes-international-entrepreneurs":
      return kesCourse;
    default:
      return employerService(service);
  }
}

export const BIF_CASE_TYPES: DepartmentCaseTypes<BifCase> = { department: "BIF", specFor };
