// The state of one client operation across its fetches: its id header, scopes, store and loaders.
export * from "./operation-scope";
export * from "./operation-store";
export * from "./batch-loader";
