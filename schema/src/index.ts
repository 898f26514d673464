export * from "./compose";
export * from "./subgraphs";
export * from "./reference";
