import type { CatalogueService } from "@company-graph/domain";
import { formatAddress, industryGroup, randomAddress } from "../generator/companies";
import {
  type Audience,
  type CaseContent,
  type CaseContext,
  type CaseTypeSpec,
  type DepartmentCaseTypes,
  isoDate,
} from "../generator/cases";
import { DAY_MS, type PermitKind, permitTerms } from "../generator/permits";
import type { ContractHolds } from "../shared/department-api";
import type { components, paths } from "./generated/api";

/** A case as TMF's system returns it (generated from tmf/openapi.yaml). */
export type TmfCase = components["schemas"]["Case"];
export type TmfPermit = components["schemas"]["Permit"];
type Content = CaseContent<TmfCase>;
type Spec = CaseTypeSpec<TmfCase>;

// Fails to compile when openapi.yaml and the shared handlers disagree.
const _tmfContractHolds: ContractHolds<paths, TmfCase, TmfPermit> = true;

const date = isoDate;

/** The permit a granted case issues, valid from the decision onwards unless the details say when. */
function grant(context: CaseContext, kind: PermitKind, period?: { from: number; to: number | null }) {
  return permitTerms(context.rng, kind, context.decidedAt, period);
}

/** Cadastral districts (ejerlav) by postal code area, for plausible matrikelnumre. */
function cadastralDistrict(postalCode: string): string {
  const code = Number(postalCode);
  if (code < 1500) return "Frimands Kvarter, København";
  if (code < 1800) return "Udenbys Vester Kvarter, København";
  if (code <= 2150) return "Udenbys Klædebo Kvarter, København";
  if (code === 2200) return "Nørrebro, København";
  if (code === 2300) return "Sundbyøster, København";
  if (code === 2400) return "Utterslev, København";
  return "Sundbyvester, København";
}

const BUILDING_TYPES_SIMPLE = [
  "Tilbygning",
  "Altaner",
  "Facadeændring",
  "Ombygning af butik til café",
  "Skur og overdækning",
  "Udskiftning af tag",
  "Kvist",
] as const;
const BUILDING_TYPES_COMPLEX = [
  "Etageboligbyggeri",
  "Kontorbygning",
  "Tagboliger",
  "Erhvervsbyggeri",
  "Hotel",
  "Ombygning af lager til kontor",
  "Nedrivning og nybyggeri",
] as const;

function building(complexity: "simple" | "complex" | "occupancy" | "other", service: CatalogueService): Spec {
  return {
    audience: "construction",
    siteBound: true,
    generate: (context) => {
      const { rng, company, site } = context;
      // Builders and developers apply for their clients' sites; others for their own premises.
      const group = industryGroup(company);
      const where = group === "construction" || group === "real-estate" || group === "professional" ? randomAddress(rng) : site.address;
      const complex = complexity === "complex" || (complexity !== "simple" && rng.chance(0.4));
      const buildingType = rng.pick(complex ? BUILDING_TYPES_COMPLEX : BUILDING_TYPES_SIMPLE);
      const floorAreaM2 = complex ? rng.int(300, 12000) : rng.int(8, 300);
      const address = formatAddress(where);
      const cadastralNumber = `${rng.int(1, 4800)}${rng.chance(0.3) ? rng.pick(["a", "b", "c", "e"]) : ""} ${cadastralDistrict(where.postalCode)}`;
      const prefix =
        complexity === "occupancy" ? "Ibrugtagningstilladelse" : complexity === "other" ? shortName(service) : "Byggetilladelse";
      const content: Content = {
        caseType: "building",
        details: { address, buildingType, floorAreaM2, cadastralNumber },
        title: `${prefix}: ${buildingType}, ${where.street} ${where.houseNumber}`,
      };
      if (service.isPermit) content.permit = grant(context, complexity === "occupancy" ? "occupancy" : "building");
      return content;
    },
  };
}

const ACTIVITIES = [
  ["Bryggeri med tappeanlæg", "E205"],
  ["Metalbearbejdning og overfladebehandling", "K206"],
  ["Bageri med ovne over 500 kW", "E201"],
  ["Autoværksted med lakering", "K203"],
  ["Renseri", "D204"],
  ["Møbelsnedkeri med sprøjtekabine", "K208"],
  ["Betonelementproduktion", "D202"],
  ["Industrivaskeri", "E207"],
  ["Storkøkken og catering", "E209"],
] as const;

function environmental(kind: "approval" | "inspection"): Spec {
  return {
    audience: "environment",
    siteBound: true,
    generate: (context) => {
      const [activity, listCode] = context.rng.pick(ACTIVITIES);
      const content: Content = {
        caseType: "environmental-approval",
        details: { activity, listCode },
        title: `${kind === "approval" ? "Miljøgodkendelse" : "Miljøtilsyn"}: ${activity}`,
      };
      if (kind === "approval") content.permit = grant(context, "environmental-approval");
      return content;
    },
  };
}

const MATERIALS: Record<string, readonly string[]> = {
  soil: ["Ren jord (klasse 1)", "Lettere forurenet jord (klasse 2)", "Forurenet jord (klasse 3)", "Olieforurenet jord"],
  waste: ["Byggeaffald – beton og tegl", "Affald til genanvendelse – træ", "Metalskrot", "Elektronikaffald (WEEE)"],
  asbestos: ["Asbestholdigt tagmateriale (eternit)", "Asbestholdige rørisoleringer", "PCB-holdige fuger"],
};

function soilWaste(material: keyof typeof MATERIALS, kind: PermitKind | null, prefix: string, tonnes: readonly [number, number]): Spec {
  return {
    audience: "construction",
    siteBound: true,
    generate: (context) => {
      const { rng } = context;
      const chosen = rng.pick(MATERIALS[material]);
      const content: Content = {
        caseType: "soil-waste-notification",
        details: { material: chosen, tonnes: Math.round((tonnes[0] + rng.next() * (tonnes[1] - tonnes[0])) * 10) / 10 },
        title: `${prefix}: ${chosen}`,
      };
      if (kind) content.permit = grant(context, kind);
      return content;
    },
  };
}

const excavation: Spec = {
  audience: "construction",
  siteBound: true,
  generate: (context) => {
    const { rng, decidedAt } = context;
    const { street } = rng.chance(0.5) ? context.site.address : randomAddress(rng);
    const from = decidedAt + rng.int(2, 30) * DAY_MS;
    const to = from + rng.int(2, 60) * DAY_MS;
    return {
      caseType: "excavation",
      details: { street, fromDate: date(from), toDate: date(to) },
      title: `Gravetilladelse: ${street}`,
      permit: grant(context, "excavation", { from, to }),
    };
  },
};

const scaffoldingContainer: Spec = {
  audience: "construction",
  siteBound: true,
  generate: (context) => {
    const { rng } = context;
    const where = rng.chance(0.4) ? context.site.address : randomAddress(rng);
    const container = rng.chance(0.3);
    const units = container ? rng.int(1, 3) : rng.int(1, 6);
    return {
      caseType: "scaffolding-container",
      details: { street: where.street, units },
      title: `${container ? "Container" : "Stillads"}: ${where.street} ${where.houseNumber}`,
      permit: grant(context, container ? "container" : "scaffolding"),
    };
  },
};

const outdoorServing: Spec = {
  audience: "hospitality",
  siteBound: true,
  generate: (context) => {
    const { rng, site } = context;
    const areaM2 = rng.int(4, 80);
    return {
      caseType: "outdoor-serving",
      details: { address: formatAddress(site.address), areaM2, seats: Math.max(2, Math.round(areaM2 * (0.9 + rng.next() * 0.6))) },
      title: `Udeservering: ${site.address.street} ${site.address.houseNumber}`,
      permit: grant(context, "outdoor-serving"),
    };
  },
};

const EVENTS = [
  "Sommerfest",
  "Gadefest",
  "Lancering af ny kollektion",
  "Julemarked",
  "Loppemarked",
  "Motionsløb",
  "Koncert",
  "Firmaarrangement",
  "Madmarked",
] as const;
const LOCATIONS = [
  "Halmtorvet",
  "Israels Plads",
  "Rådhuspladsen",
  "Enghave Plads",
  "Superkilen",
  "Kongens Nytorv",
  "Islands Brygge Havnepark",
  "Kødbyen",
  "Nørrebroparken",
] as const;

function eventCitySpace(filming: boolean): Spec {
  return {
    audience: "events",
    siteBound: false,
    generate: (context) => {
      const { rng, decidedAt, company } = context;
      const location = rng.pick(LOCATIONS);
      const eventName = filming ? `Filmoptagelse for ${company.name.replace(/ (ApS|A\/S|I\/S)$/, "")}` : `${rng.pick(EVENTS)} ${location}`;
      const from = decidedAt + rng.int(3, 60) * DAY_MS;
      const to = from + (filming ? rng.int(0, 2) : rng.int(0, 4)) * DAY_MS;
      return {
        caseType: "event-city-space",
        details: {
          eventName,
          location,
          expectedAttendance: filming
            ? rng.int(10, 60)
            : rng.weighted([
                [rng.int(50, 500), 70],
                [rng.int(500, 5000), 25],
                [rng.int(5000, 25000), 5],
              ]),
        },
        title: `${filming ? "Filmtilladelse" : "Arrangement i byens rum"}: ${eventName}`,
        permit: grant(context, filming ? "filming" : "event", { from, to }),
      };
    },
  };
}

function parkingLicence(kind: "parking-licence" | "parking-period-card"): Spec {
  return {
    audience: "vehicles",
    siteBound: true,
    generate: (context) => {
      const vehicles = context.rng.weighted([
        [1, 50],
        [2, 25],
        [context.rng.int(3, 12), 25],
      ]);
      const zone = context.rng.pick(["Zone Rød", "Zone Grøn", "Zone Blå"]);
      return {
        caseType: "parking-licence",
        details: { vehicles, zone },
        title: `${kind === "parking-licence" ? "Erhvervslicens" : "Erhvervsperiodekort"}: ${vehicles} ${vehicles === 1 ? "køretøj" : "køretøjer"}, ${zone}`,
        permit: grant(context, kind),
      };
    },
  };
}

/** Topics for the services that have no case type of their own. */
const SERVICE_TOPICS: Record<string, readonly string[]> = {
  "tmf-pest-control": ["Rotter i baggård", "Rotter i kælder under restaurant", "Mus i lagerlokale"],
  "tmf-parking-fine-complaints": [
    "Klage over parkeringsafgift ved varelevering",
    "Klage over afgift trods gyldig licens",
    "Klage over afgift ved håndværkerkørsel",
  ],
  "tmf-building-customer-centre-guidance": [
    "Forhåndsdialog om byggeansøgning",
    "Spørgsmål om lokalplan",
    "Hjælp til ansøgning i Byg og Miljø",
  ],
  "tmf-environment-complaints": ["Naboklage over støj fra ventilation", "Klage over lugt fra storkøkken", "Klage over støv fra byggeplads"],
  "tmf-site-oil-tank-enquiries": ["Forespørgsel om olietank", "Forespørgsel om jordforurening på grunden"],
};

function tmfService(service: CatalogueService, audience: Audience, kind: PermitKind | null): Spec {
  const topics = SERVICE_TOPICS[service.id] ?? [shortName(service)];
  return {
    audience,
    siteBound: true,
    generate: (context) => {
      const topic = context.rng.pick(topics);
      const content: Content = {
        caseType: "tmf-service",
        details: { topic },
        title: topic === shortName(service) ? topic : `${shortName(service)}: ${topic}`,
      };
      if (kind) content.permit = grant(context, kind);
      return content;
    },
  };
}

/** The report's service names without their parenthesised qualifications. */
function shortName(service: CatalogueService): string {
  return service.nameDa.replace(/\s*\(.*$/, "").replace(/\s*[–-] herunder.*$/, "");
}

/** Permit kinds of the services that use the generic case type. */
const GENERIC_PERMITS: Record<string, PermitKind> = {
  "tmf-waste-fee-exemptions": "waste-fee-exemption",
  "tmf-a-drilling-permit-simple": "drilling",
  "tmf-a-drilling-permit-complex": "drilling",
  "tmf-watercourse-regulation-permit": "watercourse",
  "tmf-groundwater-regulation-permit": "groundwater",
  "tmf-wastewater-temporary-simple": "wastewater",
  "tmf-wastewater-complex-permanent": "wastewater",
  "tmf-wastewater-permanent-simple": "wastewater",
  "tmf-discharge-recipient-permit": "discharge",
  "tmf-heat-supply-dispensation": "heat-supply",
  "tmf-construction-noise-dust-dispensation": "noise-dust-dispensation",
  "tmf-mobile-street-vending-permit": "street-vending",
  "tmf-stall-pitch-permit": "stall-pitch",
  "tmf-signs-banners-permit": "signs-banners",
  "tmf-shopfront-signs-displays-permit": "shopfront-display",
};

function specFor(service: CatalogueService): Spec {
  const id = service.id;
  if (id === "tmf-building-case-simple") return building("simple", service);
  if (id === "tmf-building-case-complex") return building("complex", service);
  if (id === "tmf-occupancy-permit") return building("occupancy", service);
  if (
    ["tmf-address-registration", "tmf-building-complaints", "tmf-local-plans-from-building-cases", "tmf-inspection-building"].includes(id)
  )
    return building("other", service);
  if (id.startsWith("tmf-environmental-approval")) return environmental("approval");
  if (id === "tmf-environmental-inspection") return environmental("inspection");
  if (id === "tmf-soil-notifications") return soilWaste("soil", null, "Jordanmeldelse", [5, 2000]);
  if (id === "tmf-soil-recycling-s19") return soilWaste("soil", "soil-recycling", "Genanvendelse af jord (§ 19)", [50, 5000]);
  if (id === "tmf-contaminated-land-s8") return soilWaste("soil", "contaminated-land", "Byggeri på forurenet grund (§ 8)", [100, 8000]);
  if (id === "tmf-waste-recycling-s19") return soilWaste("waste", "waste-recycling", "Genanvendelse af affald (§ 19)", [10, 2000]);
  if (id.startsWith("tmf-waste-import-export")) return soilWaste("waste", null, "Import/eksport af affald", [5, 500]);
  if (id === "tmf-asbestos-notifications") return soilWaste("asbestos", null, "Asbestanmeldelse", [0.2, 40]);
  if (id === "tmf-substance-burial-discharge-permit")
    return soilWaste("soil", "substance-burial", "Placering af jord og materialer", [10, 1500]);
  if (id === "tmf-excavation-permit") return excavation;
  if (id === "tmf-scaffolding-container-permit") return scaffoldingContainer;
  if (id === "tmf-outdoor-serving-permit") return outdoorServing;
  if (id === "tmf-event-public-space-permit") return eventCitySpace(false);
  if (id === "tmf-filming-permit") return eventCitySpace(true);
  if (id === "tmf-business-parking-licence") return parkingLicence("parking-licence");
  if (id === "tmf-business-period-parking-card") return parkingLicence("parking-period-card");
  return tmfService(service, audienceOf(service), GENERIC_PERMITS[id] ?? null);
}

function audienceOf(service: CatalogueService): Audience {
  const id = service.id;
  if (id.includes("street-vending") || id.includes("stall-pitch") || id.includes("shopfront")) return "street-trade";
  if (id.includes("night-licence") || id.includes("urban-life")) return "hospitality";
  if (id.includes("parking") || id.includes("traffic")) return "vehicles";
  if (id.includes("noise") || id.includes("signs-banners") || id.includes("building") || id.includes("heat")) return "construction";
  if (service.catalogueArea === 3) return "environment";
  return "everyone";
}

export const TMF_CASE_TYPES: DepartmentCaseTypes<TmfCase> = { department: "TMF", specFor };
