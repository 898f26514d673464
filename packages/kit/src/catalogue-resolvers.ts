import { AREAS, findService, SERVICES, serviceLevel, type CatalogueService } from "@company-graph/domain";
import { notFound } from "./errors";
import { refusal } from "./refusals";
import type { Resolvers } from "./generated/resolver-types";

/** Resolvers for the shareable catalogue types, identical in every subgraph that returns a Service. */
export function catalogueService(id: string): CatalogueService {
  const service = findService(id);
  if (!service) throw notFound(refusal.badUserInput.noService(id));
  return service;
}

/** A catalogue area as the ServiceArea type resolves it (its services by their own resolver). */
export interface CatalogueArea {
  number: number;
  nameDa: string;
  nameEn: string;
  descriptionEn: string;
}

/** A catalogue area as the ServiceArea type returns it. */
export function catalogueArea(number: number): CatalogueArea {
  const area = AREAS.find((candidate) => candidate.area === number);
  return { number, nameDa: area?.nameDa ?? "", nameEn: area?.nameEn ?? "", descriptionEn: area?.descriptionEn ?? "" };
}

// GraphQL enum names are upper case; the catalogue spells its kinds in lower case.
const SERVICE_KIND = { information: "INFORMATION", guidance: "GUIDANCE", authority: "AUTHORITY" } as const satisfies Record<
  CatalogueService["kind"],
  string
>;

export const catalogueResolvers = {
  ServiceArea: {
    services: (area: { number: number }) => SERVICES.filter((service) => service.catalogueArea === area.number),
  },
  Service: {
    __resolveReference: (reference: { id: string }) => catalogueService(reference.id),
    department: (service: CatalogueService) => serviceLevel(service).system,
    offeredBy: (service: CatalogueService) => service.department,
    area: (service: CatalogueService) => catalogueArea(service.catalogueArea),
    targetProcessingDays: (service: CatalogueService) => serviceLevel(service).targetProcessingDays,
    kind: (service: CatalogueService) => SERVICE_KIND[service.kind],
    fte: (service: CatalogueService) => service.serviceFte,
    packageIds: (service: CatalogueService) => service.servicePackages,
  },
} satisfies Resolvers<unknown>;
