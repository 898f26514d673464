export * from "./retry";
export * from "./circuit-breaker";
