import { catalogueResolvers } from "./catalogue-resolvers";
import type { Resolvers } from "./generated/resolver-types";
import { DateScalar, DateTimeScalar } from "./scalars";

/** Resolvers for graphql/shared-types.graphql; every subgraph includes them. */
export const sharedTypeResolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  // GraphQL enum names are ASCII upper case; the source systems use the OIO spelling.
  CaseProgress: {
    OPSTAAET: "Opstaaet",
    OPLYST: "Oplyst",
    AFGJORT: "Afgjort",
    BESTILT: "Bestilt",
    UDFOERT: "Udfoert",
    AFSLUTTET: "Afsluttet",
  },
  ...catalogueResolvers,
} satisfies Resolvers<unknown>;
