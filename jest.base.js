// Shared jest settings. swc transpiles TypeScript and the ESM-only dependencies of msw, PGlite and jose,
// which Jest on Node 20 cannot require natively (mswjs/msw#2623).
const swc = ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }];
const esmOnly = [
  "rettime",
  "until-async",
  "@open-draft/deferred-promise",
  "@prisma/schema-engine-wasm",
  "@electric-sql/pglite",
  "pglite-prisma-adapter",
  "jose",
];

module.exports = {
  testEnvironment: "node",
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  transform: { "^.+\\.ts$": swc, "^.+\\.[mc]?js$": swc },
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join("|")})/)`],
  setupFiles: [require("node:path").join(__dirname, "jest.offline.js")],
  testTimeout: 30000,
};
