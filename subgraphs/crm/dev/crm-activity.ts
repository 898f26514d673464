/**
 * The CRM's own side of the demo world, which no department system and no register holds: the
 * people at each company the municipality talks to, and the inquiries the front office registered
 * over the past year with their notes and follow-ups. Drawn from the world's seed, so the same
 * world always gives the same; the CRM's development seed step writes it (demo-data.ts).
 */
import { FIRST_NAMES, Random, SURNAMES, type Company, type World } from "@company-graph/mocks";

type CompanyStage = "PRE_START" | "START_UP" | "ESTABLISHED" | "GROWTH" | "LARGE";
type Channel = "PHONE" | "EMAIL" | "WEB" | "IN_PERSON";

export interface DemoContact {
  id: string;
  cvr: string;
  name: string;
  role: string;
  email: string;
  phone: string;
  consent: boolean;
  consentDate: Date | null;
}

export interface DemoInquiry {
  id: string;
  cvr: string;
  channel: Channel;
  topic: string;
  needs: string;
  companyStage: CompanyStage;
  registeredById: string;
  receivedAt: Date;
  part: {
    id: string;
    serviceId: string;
    ownerId: string;
    status: "OPEN" | "CLOSED";
    closedAt: Date | null;
    closedById: string | null;
    outcome: string | null;
  };
  notes: { id: string; authorId: string; summary: string; occurredAt: Date }[];
  followUp: {
    id: string;
    description: string;
    deadline: Date;
    ownerId: string;
    createdById: string;
    createdAt: Date;
    status: "OPEN" | "DONE";
    completedAt: Date | null;
    completedById: string | null;
    completionNote: string | null;
  };
}

export interface CrmActivity {
  contacts: DemoContact[];
  inquiries: DemoInquiry[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Who answers for the company, by size; the first is always there. */
const ROLES_BY_SIZE: readonly [minEmployees: number, roles: readonly string[]][] = [
  [50, ["Administrerende direktør", "HR-chef", "Økonomichef"]],
  [10, ["Direktør", "Driftsleder"]],
  [2, ["Direktør", "Bogholder"]],
  [0, ["Indehaver"]],
];

/** What companies ask about, by who they are: topic, needs, the catalogue service it goes to. */
interface Topic {
  serviceId: string;
  topic: string;
  needs: string;
  outcome: string;
  followUp: string;
  fits: (company: Company, young: boolean) => boolean;
}
const industry = (company: Company, ...prefixes: string[]) => prefixes.some((prefix) => company.industry.code.startsWith(prefix));
const TOPICS: readonly Topic[] = [
  {
    serviceId: "kff-alcohol-licence",
    topic: "Alkoholbevilling til udvidet åbningstid",
    needs: "Vil holde åbent til kl. 02 i weekenden",
    outcome: "Vejledt om ansøgning og politiets udtalelse; ansøgning sendt til Bevillingssekretariatet",
    followUp: "Ring og hør om ansøgningen er modtaget",
    fits: (c) => industry(c, "56", "55"),
  },
  {
    serviceId: "tmf-outdoor-serving-permit",
    topic: "Udeservering til sommersæsonen",
    needs: "Borde og stole på fortovet fra april",
    outcome: "Vejledt om areal og frist; ansøgning videresendt til Byliv",
    followUp: "Send link til ansøgning om udeservering",
    fits: (c) => industry(c, "56", "47"),
  },
  {
    serviceId: "tmf-building-case-simple",
    topic: "Ombygning af butikslokale",
    needs: "Ny facade og flytning af en bærende væg",
    outcome: "Henvist til Byggeri København med tjekliste til ansøgningen",
    followUp: "Aftal møde med Byggeri København",
    fits: (c) => industry(c, "41", "43", "68", "47"),
  },
  {
    serviceId: "tmf-scaffolding-container-permit",
    topic: "Stillads og container på fortovet",
    needs: "Facaderenovering i seks uger",
    outcome: "Ansøgning om råden over vej sendt til Vejmyndigheden",
    followUp: "Bekræft datoer for opstilling",
    fits: (c) => industry(c, "41", "43"),
  },
  {
    serviceId: "tmf-environmental-inspection",
    topic: "Spørgsmål til miljøtilsyn",
    needs: "Vil forstå påbud om støj og affaldssortering",
    outcome: "Gennemgået påbuddet; møde med tilsynet aftalt",
    followUp: "Send referat af mødet med miljøtilsynet",
    fits: (c) => industry(c, "10", "11", "25", "31", "49"),
  },
  {
    serviceId: "bif-ordinary-hiring-job-placement",
    topic: "Rekruttering af nye medarbejdere",
    needs: "Søger tre medarbejdere til lager og kundeservice",
    outcome: "Jobordre oprettet hos Rekrutteringsservice",
    followUp: "Send kandidatliste",
    fits: (c) => c.employees >= 10,
  },
  {
    serviceId: "bif-wage-subsidy",
    topic: "Løntilskud til ny medarbejder",
    needs: "Vil ansætte en ledig med løntilskud i seks måneder",
    outcome: "Vejledt om regler for løntilskud; sendt videre til Virksomhedsservice",
    followUp: "Følg op på ansættelsen",
    fits: (c) => c.employees >= 2,
  },
  {
    serviceId: "kes-one-to-one-advice",
    topic: "Rådgivning om opstart: regnskab og moms",
    needs: "Første år som selvstændig, usikker på moms og bogføring",
    outcome: "Rådgivning givet; tilmeldt iværksætterkursus",
    followUp: "Send materiale om moms og bogføring",
    fits: (_c, young) => young,
  },
  {
    serviceId: "kes-growth-graduate",
    topic: "Vækstakademiker til strategi og salg",
    needs: "Vil vokse, men mangler hænder til salg og administration",
    outcome: "Vækstakademiker formidlet gennem Jobcenter København",
    followUp: "Send profiler på vækstakademikere",
    fits: (c) => c.employees >= 5 && c.employees < 50,
  },
  {
    serviceId: "kes-single-entry-triage",
    topic: "Hvem i kommunen kan hjælpe med erhvervsaffald?",
    needs: "Usikker på regler for affald fra butikken",
    outcome: "Besvaret og henvist til Jord og Affald",
    followUp: "Send vejledning om erhvervsaffald",
    fits: () => true,
  },
];

/** How likely a company has called in the past year, by how often it is in contact. */
const INQUIRY_CHANCE = { frequent: 0.3, "less-frequent": 0.15, infrequent: 0.05 } as const;

/**
 * A version-4 UUID from the seeded stream, so ids stay the same from start to start (the CRM's
 * own ids are UUIDs). Written here: a UUID library would still need these bytes from the stream,
 * and what is left is the layout.
 */
function uuid(rng: Random): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[rng.int(0, 3)];
  const text = hex.join("");
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

/** The part of the company's e-mail domain its name gives, as the register's contact addresses have it. */
function domainOf(company: Company): string {
  const base = company.name
    .replace(/ (ApS|A\/S|I\/S)$/, "")
    .replace(/ v\/ .*$/, "")
    .toLowerCase();
  return `${
    base
      .replace(/æ/g, "ae")
      .replace(/ø/g, "oe")
      .replace(/å/g, "aa")
      .replace(/[^a-z0-9]+/g, "")
      .slice(0, 24) || "firma"
  }.dk`;
}

function ascii(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "oe")
    .replace(/å/g, "aa")
    .replace(/[^a-z]/g, "");
}

/** A weekday moment in office hours at or after `at`. */
function officeHours(rng: Random, at: number): number {
  let day = Math.floor(at / DAY_MS);
  const weekday = (day + 4) % 7;
  if (weekday === 6) day += 2;
  else if (weekday === 0) day += 1;
  return day * DAY_MS + 7 * HOUR_MS + rng.int(0, 28) * 15 * 60_000;
}

/**
 * Contacts for nearly every company, inquiries for some — more for those often in contact — and
 * for the showcase café and manufacturer always, so their first view shows the CRM side. The
 * worked examples' architect and bicycle retailer get contacts only: their stories begin with
 * their first inquiry. Nothing dated after the company ceased or moved away, or after now.
 */
export function crmActivityOf(world: World): CrmActivity {
  const rng = new Random(world.seed, "crm-activity");
  const now = Date.parse(world.now);
  const nowYear = new Date(now).getUTCFullYear();
  const front = world.employees.filter((employee) => employee.role === "front-office");
  const consultants = world.employees.filter((employee) => employee.role === "business-consultant");
  const hrManagers = world.employees.filter((employee) => employee.role === "key-account-manager");
  const noInquiries = new Set([world.showcase.architectStartup, world.showcase.bicycleRetailer]);
  const alwaysInquiries = new Set([world.showcase.restaurant, world.showcase.manufacturer]);
  const activity: CrmActivity = { contacts: [], inquiries: [] };

  for (const company of world.companies) {
    const showcase = Object.values(world.showcase).includes(company.cvr);
    const contacts: DemoContact[] = [];
    // A few small companies have never given the municipality a name to ask for, nor called.
    if (!showcase && company.employees < 10 && rng.chance(0.06)) continue;
    const roles = ROLES_BY_SIZE.find(([min]) => company.employees >= min)![1];
    const count = showcase ? roles.length : rng.int(1, roles.length);
    const domain = domainOf(company);
    // A sole proprietorship named "… v/ Freja Holm" is Freja Holm's.
    const owner = / v\/ (\S+) (.+)$/.exec(company.name);
    for (const [index, role] of roles.slice(0, count).entries()) {
      const drawn = [rng.pick(FIRST_NAMES).name, rng.pick(SURNAMES)];
      const [first, last] = index === 0 && owner ? [owner[1], owner[2]] : drawn;
      const consent = rng.chance(0.4);
      contacts.push({
        id: uuid(rng),
        cvr: company.cvr,
        name: `${first} ${last}`,
        // A one-person company: the owner; a company with share capital: its director.
        role: role === "Indehaver" && company.companyForm.code !== "10" ? "Direktør" : role,
        email: `${ascii(first)}.${ascii(last)}@${domain}`,
        phone: `${rng.pick(["2", "3", "4", "5", "6"])}${String(rng.int(0, 9_999_999)).padStart(7, "0")}`,
        consent,
        consentDate: consent ? new Date(now - rng.int(30, 900) * DAY_MS) : null,
      });
    }

    activity.contacts.push(...contacts);
    if (noInquiries.has(company.cvr)) continue;
    const inquiries = alwaysInquiries.has(company.cvr) ? 2 : rng.chance(INQUIRY_CHANCE[company.segment]) ? 1 : 0;
    const end = world.companyEnds[company.cvr];
    const until = Math.min(now - HOUR_MS, end ? Date.parse(end.on) - DAY_MS : Infinity);
    const young = nowYear - Number(company.foundedOn.slice(0, 4)) <= 3 && company.employees < 10;
    const fitting = TOPICS.filter((topic) => topic.fits(company, young));
    for (let n = 0; n < inquiries; n++) {
      // The showcase's newest inquiry is a week old and still open; the others spread over the year.
      const receivedAt = officeHours(rng, alwaysInquiries.has(company.cvr) && n === 0 ? now - 8 * DAY_MS : now - rng.int(2, 330) * DAY_MS);
      if (receivedAt >= until) continue;
      const topic = fitting[alwaysInquiries.has(company.cvr) ? n % fitting.length : rng.int(0, fitting.length - 1)];
      const registrar = rng.pick(front);
      const owner = topic.serviceId.startsWith("kes-")
        ? rng.pick(consultants)
        : topic.serviceId.startsWith("bif-")
          ? rng.pick(hrManagers)
          : registrar;
      const closedAt = officeHours(rng, receivedAt + rng.int(2, 20) * DAY_MS);
      const closed = closedAt < until && !(alwaysInquiries.has(company.cvr) && n === 0);
      const caller = rng.pick(contacts).name;
      const noteAt = receivedAt + rng.int(5, 40) * 60_000;
      const deadline = officeHours(rng, receivedAt + rng.int(5, 14) * DAY_MS);
      const completedAt = Math.min(deadline, closedAt - HOUR_MS);
      activity.inquiries.push({
        id: uuid(rng),
        cvr: company.cvr,
        channel: rng.pick<Channel>(["PHONE", "PHONE", "EMAIL", "WEB", "IN_PERSON"]),
        topic: topic.topic,
        needs: topic.needs,
        companyStage: young ? "START_UP" : company.employees >= 50 ? "LARGE" : "ESTABLISHED",
        registeredById: registrar.id,
        receivedAt: new Date(receivedAt),
        part: {
          id: uuid(rng),
          serviceId: topic.serviceId,
          ownerId: owner.id,
          status: closed ? "CLOSED" : "OPEN",
          closedAt: closed ? new Date(closedAt) : null,
          closedById: closed ? owner.id : null,
          outcome: closed ? topic.outcome : null,
        },
        notes: [
          {
            id: uuid(rng),
            authorId: registrar.id,
            summary: `${caller} henvendte sig: ${topic.needs.charAt(0).toLowerCase()}${topic.needs.slice(1)}.`,
            occurredAt: new Date(noteAt),
          },
          ...(closed
            ? [{ id: uuid(rng), authorId: owner.id, summary: `${topic.outcome}.`, occurredAt: new Date(closedAt - 2 * HOUR_MS) }]
            : []),
        ],
        followUp: {
          id: uuid(rng),
          description: topic.followUp,
          deadline: new Date(deadline),
          ownerId: owner.id,
          createdById: registrar.id,
          createdAt: new Date(noteAt),
          status: closed ? "DONE" : "OPEN",
          completedAt: closed ? new Date(completedAt) : null,
          completedById: closed ? owner.id : null,
          completionNote: closed ? "Klaret" : null,
        },
      });
    }
  }
  return activity;
}
