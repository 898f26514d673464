import { sickPayRefund } from "../bif/case-types";
import type { PlannedCase } from "./cases";
import { type Address, type Company, type NumberRegistry, address, sizeBandOf } from "./companies";
import { DAY_MS } from "./permits";

/**
 * Hand-shaped companies that demos, docs and end-to-end tests can rely on. Their CVR numbers
 * are fixed (the same for every seed and profile); their cases are planned relative to `now`.
 */
export const SHOWCASE_CVRS = {
  /** Café/restaurant with an alcohol licence, a fire inspection and an outdoor-serving permit about to expire. */
  restaurant: "36509120",
  /** Large manufacturer (420 employees) with many cases in all four departments. */
  manufacturer: "14520937",
  /** One-person architect start-up with a single start-up counselling case. */
  architectStartup: "45610276",
  /** Bicycle retailer with four shops that has never been in contact with the municipality. */
  bicycleRetailer: "29781648",
} as const;

export type Showcase = { -readonly [K in keyof typeof SHOWCASE_CVRS]: string };

/** Companies that get only their planned cases, never random ones. */
export const SHOWCASE_WITHOUT_RANDOM_CASES: ReadonlySet<string> = new Set([
  SHOWCASE_CVRS.restaurant,
  SHOWCASE_CVRS.architectStartup,
  SHOWCASE_CVRS.bicycleRetailer,
]);

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function showcaseCompanies(numbers: NumberRegistry, now: Date): Company[] {
  const company = (
    fields: Omit<Company, "sizeBand" | "productionUnits" | "address"> & { sites: { name: string; address: Address }[] },
  ): Company => {
    numbers.reserveCvr(fields.cvr);
    const { sites, ...rest } = fields;
    return {
      cvr: rest.cvr,
      name: rest.name,
      companyForm: rest.companyForm,
      foundedOn: rest.foundedOn,
      industry: rest.industry,
      segment: rest.segment,
      sizeBand: sizeBandOf(rest.employees),
      employees: rest.employees,
      address: sites[0].address,
      productionUnits: sites.map((site) => ({ pNumber: numbers.pNumber(), name: site.name, address: site.address })),
      advertisingProtected: rest.advertisingProtected,
    };
  };
  return [
    company({
      cvr: SHOWCASE_CVRS.restaurant,
      name: "Restaurant Kanalkanten ApS",
      companyForm: { code: "80", text: "Anpartsselskab" },
      foundedOn: "2013-04-15",
      industry: { code: "561010", text: "Restauranter", codeSystem: "DB07" },
      segment: "frequent",
      employees: 14,
      advertisingProtected: false,
      sites: [{ name: "Restaurant Kanalkanten", address: address("Overgaden neden Vandet", "29", "1414") }],
    }),
    company({
      cvr: SHOWCASE_CVRS.manufacturer,
      name: "Sydhavnens Metalvarefabrik A/S",
      companyForm: { code: "60", text: "Aktieselskab" },
      foundedOn: "1948-09-01",
      industry: { code: "251100", text: "Fremstilling af metalkonstruktioner og dele heraf", codeSystem: "DB07" },
      segment: "frequent",
      employees: 420,
      advertisingProtected: true,
      sites: [
        { name: "Sydhavnens Metalvarefabrik A/S", address: address("Teglholmsgade", "40", "2450") },
        { name: "Sydhavnens Metalvarefabrik, Lager Nordhavn", address: address("Sandkaj", "12", "2150") },
        { name: "Sydhavnens Metalvarefabrik, Værksted Amager", address: address("Prags Boulevard", "80", "2300") },
      ],
    }),
    company({
      cvr: SHOWCASE_CVRS.architectStartup,
      name: "Tegnestuen Lysning v/ Freja Holm",
      companyForm: { code: "10", text: "Enkeltmandsvirksomhed" },
      foundedOn: isoDate(now.getTime() - 75 * DAY_MS),
      industry: { code: "711100", text: "Arkitektvirksomhed", codeSystem: "DB07" },
      segment: "infrequent",
      employees: 1,
      advertisingProtected: false,
      sites: [{ name: "Tegnestuen Lysning", address: address("Jægersborggade", "14", "2200") }],
    }),
    company({
      cvr: SHOWCASE_CVRS.bicycleRetailer,
      name: "Cykelhjørnet ApS",
      companyForm: { code: "80", text: "Anpartsselskab" },
      foundedOn: "2006-03-01",
      industry: { code: "476410", text: "Cykelforretninger", codeSystem: "DB07" },
      segment: "infrequent",
      employees: 18,
      advertisingProtected: true,
      sites: [
        { name: "Cykelhjørnet Nørrebro", address: address("Nørrebrogade", "118", "2200") },
        { name: "Cykelhjørnet Østerbro", address: address("Østerbrogade", "92", "2100") },
        { name: "Cykelhjørnet Vesterbro", address: address("Vesterbrogade", "161", "1620") },
        { name: "Cykelhjørnet Amager", address: address("Amagerbrogade", "57", "2300") },
      ],
    }),
  ];
}

/** The showcase's cases, relative to `now` so "expires within 30 days" holds for any `now`. */
export function showcaseCases(now: Date): PlannedCase[] {
  const t = now.getTime();
  // Mid-morning on the day `daysAgo` before now: planned cases arrive in office hours too.
  const at = (daysAgo: number) => Math.floor((t - daysAgo * DAY_MS) / DAY_MS) * DAY_MS + 8 * 3_600_000 + 25 * 60_000;
  const { restaurant: r, manufacturer: m, architectStartup: a } = SHOWCASE_CVRS;
  return [
    // Restaurant: licence granted last year for 8 years, clean police vetting.
    {
      cvr: r,
      serviceId: "kff-alcohol-licence",
      openedAt: at(420),
      decisionDays: 52,
      adjust: (content, { decidedAt }) => {
        const details = content.details as {
          licenceType: string;
          vetting: { policeStatement: string; publicDebtDkk: number; convictions: string[] };
        };
        details.licenceType = "Alkoholbevilling";
        details.vetting = { policeStatement: "Politiet har ingen bemærkninger til ansøgningen.", publicDebtDkk: 0, convictions: [] };
        content.title = "Alkoholbevilling: Restaurant Kanalkanten";
        if (content.permit)
          content.permit = { ...content.permit, validFrom: decidedAt + 7 * DAY_MS, validTo: decidedAt + (7 + 2922) * DAY_MS };
      },
    },
    {
      cvr: r,
      serviceId: "okf-fire-inspection",
      openedAt: at(160),
      decisionDays: 12,
      adjust: (content) => {
        (content.details as { findings: string[] }).findings = ["Oplag af emballage i flugtvej", "Nødbelysning defekt i trappeopgang"];
        content.deliveryDays = 30;
      },
    },
    // Last year's outdoor-serving permit (expired) and this year's, which runs out in three weeks.
    {
      cvr: r,
      serviceId: "tmf-outdoor-serving-permit",
      openedAt: at(610),
      decisionDays: 21,
      adjust: (content, { decidedAt }) => {
        if (content.permit) content.permit = { ...content.permit, validFrom: decidedAt + 5 * DAY_MS, validTo: decidedAt + 249 * DAY_MS };
      },
    },
    {
      cvr: r,
      serviceId: "tmf-outdoor-serving-permit",
      openedAt: at(250),
      decisionDays: 18,
      adjust: (content, { decidedAt }) => {
        Object.assign(content.details as object, { areaM2: 24, seats: 30 });
        if (content.permit) content.permit = { ...content.permit, validFrom: decidedAt + 4 * DAY_MS, validTo: t + 21 * DAY_MS };
      },
    },
    { cvr: r, serviceId: "kff-contact-centre-waste-parking", openedAt: at(20), decisionDays: 0.02 },
    // Applied twelve days ago and not decided yet: an open case for the timeline.
    { cvr: r, serviceId: "tmf-shopfront-signs-displays-permit", openedAt: at(12), decisionDays: 40 },

    // Manufacturer: guaranteed cases in all four systems on top of its random ones.
    { cvr: m, serviceId: "bif-wage-subsidy", openedAt: at(90), decisionDays: 9 },
    { cvr: m, serviceId: "bif-ordinary-hiring-job-placement", openedAt: at(30), decisionDays: 6 },
    { cvr: m, serviceId: "bif-wage-refunds", openedAt: at(200), decisionDays: 21, content: (context) => sickPayRefund.generate(context) },
    { cvr: m, serviceId: "bif-wage-refunds", openedAt: at(14), decisionDays: 26, content: (context) => sickPayRefund.generate(context) },
    { cvr: m, serviceId: "tmf-excavation-permit", openedAt: at(45), decisionDays: 8 },
    { cvr: m, serviceId: "tmf-environmental-approval-complex", openedAt: at(560), decisionDays: 110 },
    { cvr: m, serviceId: "tmf-building-case-complex", openedAt: at(70), decisionDays: 95 },
    { cvr: m, serviceId: "okf-fire-inspection", openedAt: at(200), decisionDays: 25 },
    { cvr: m, serviceId: "kff-contact-centre-jobcentre", openedAt: at(5), decisionDays: 0.03 },
    { cvr: m, serviceId: "kff-international-house", openedAt: at(100), decisionDays: 10 },

    // Architect start-up: one counselling session at KES after registering the company.
    {
      cvr: a,
      serviceId: "kes-one-to-one-advice",
      openedAt: at(30),
      decisionDays: 3,
      adjust: (content) => {
        content.details = { stage: "opstart", topics: ["Forretningsplan", "Moms og skat"] };
        content.title = "Iværksætterrådgivning: Forretningsplan";
      },
    },
  ];
}
