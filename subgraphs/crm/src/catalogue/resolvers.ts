import { catalogueArea } from "@company-graph/kit/schema";
import { AREAS, findService, PACKAGES, SERVICES, serviceLevel } from "@company-graph/domain";
import type { Resolvers } from "../generated/graphql";

/** The service catalogue (packages/domain's catalogue data): its areas, services and packages. */
export const catalogueResolvers: Resolvers = {
  Query: {
    serviceAreas: () => AREAS.map((area) => catalogueArea(area.area)),
    services: (_, args) =>
      SERVICES.filter(
        (service) =>
          (!args.department || serviceLevel(service).system === args.department) &&
          (args.area === null || args.area === undefined || service.catalogueArea === args.area),
      ),
    service: (_, args) => findService(args.id) ?? null,
    servicePackage: (_, args) => PACKAGES.find((candidate) => candidate.id === args.id) ?? null,
  },
};
