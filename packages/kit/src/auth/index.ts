export * from "./jws";
export * from "./identity";
export * from "./gateway-token";
export * from "./access-log";
export * from "./policy";
export * from "./config";
