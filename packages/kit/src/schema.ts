// What every subgraph's schema shares: the shared SDL, its scalars and resolvers, and resolver merging.
export * from "./scalars";
export * from "./typedefs";
export * from "./shared-resolvers";
export * from "./catalogue-resolvers";
export * from "./merge-resolvers";
