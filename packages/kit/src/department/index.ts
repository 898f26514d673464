// What a departmental subgraph is built from; the gateway and the CRM's own code do not load it.
export * from "./source-contract";
export * from "./case-system-client";
export * from "./loaders";
export * from "./case-fields";
export * from "./statistics";
export * from "./subgraph";
export * from "./personal-data";
export * from "./run";
