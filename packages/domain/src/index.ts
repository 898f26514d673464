export * from "./cvr";
export * from "./departments";
export * from "./catalogue";
export * from "./case-timing";
export * from "./ports";
export * from "./records";
export * from "./case-events";
export * from "./notification-signals";
