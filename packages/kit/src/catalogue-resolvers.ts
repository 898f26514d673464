import { AREAS, findService, serviceLevel, type CatalogueService } from "@company-graph/domain";
import { notFound } from "./errors";

/** Resolvers for the shareable catalogue types, identical in every subgraph that returns a Service. */
export function catalogueService(id: string): CatalogueService {
  const service = findService(id);
  if (!service) throw notFound(`No catalogue service has id "${id}"`);
  return service;
}

export const catalogueResolvers = {
  Service: {
    __resolveReference: (reference: { id: string }) => catalogueService(reference.id),
    department: (service: CatalogueService) => serviceLevel(service).system,
    offeredBy: (service: CatalogueService) => service.department,
    area: (service: CatalogueService) => {
      const area = AREAS.find((candidate) => candidate.area === service.catalogueArea);
      return { number: service.catalogueArea, nameDa: area?.nameDa ?? "", nameEn: area?.nameEn ?? "" };
    },
    targetProcessingDays: (service: CatalogueService) => serviceLevel(service).targetProcessingDays,
  },
};
