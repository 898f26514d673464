// ESLint (`npm run lint`, part of `npm test`): @eslint/js and typescript-eslint's recommended
// rules, type-aware for TypeScript (each file checked with its workspace's tsconfig).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeGlobals = {
  process: "readonly",
  console: "readonly",
  URL: "readonly",
  fetch: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
  setInterval: "readonly",
  clearInterval: "readonly",
  Buffer: "readonly",
  AbortController: "readonly",
  AbortSignal: "readonly",
  performance: "readonly",
  structuredClone: "readonly",
  __dirname: "readonly",
  require: "readonly",
  module: "writable",
};

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/generated/**",
      "**/.turbo/**",
      // The benchmark harness: run by hand (npm run bench), not part of npm test.
      "bench/**",
      // Scratch files helpers leave untracked in a working tree (as knip.jsonc ignores them).
      "**/.*.{js,cjs,mjs,ts}",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // Apollo Server's plugin hooks and the test doubles of async interfaces are async by contract, with or without an await.
      "@typescript-eslint/require-await": "off",
      // graphql-js's Kind and OperationTypeNode enums are compared with the strings they stand for, as graphql-js itself does.
      "@typescript-eslint/no-unsafe-enum-comparison": "off",
      // Rejections pass on what was thrown, which TypeScript types unknown, as only-throw-error allows.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingAny: true, allowThrowingUnknown: true }],
      // A redundant assertion costs nothing at run time, and removing one can change what the reader sees a value as.
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
      // NUL and other control characters are matched on purpose: refusing them is the point of those patterns.
      "no-control-regex": "off",
      // A leading underscore marks what is left unused on purpose (a rest sibling, an Express error handler's arity).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Its polling timer's async callback catches what it awaits; the case-event work rewrites this module.
    files: ["subgraphs/crm/src/case-events/http-subscription.ts"],
    rules: { "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }] },
  },
  {
    // React ignores what an event handler returns, and each async handler of the workspace shows its own failure (the graph's refusal) on the page.
    files: ["web/src/**/*.tsx"],
    rules: { "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }] },
  },
  {
    files: ["**/test/**/*.ts", "**/*.test.ts"],
    rules: {
      // A test's stand-in servers take async handlers: a rejection there is unhandled, which fails the run.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      // Tests read GraphQL answers loosely (as `any`) where no generated document types them.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
  {
    files: ["**/*.{js,cjs,mjs}"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals },
    // The jest configs are CommonJS.
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
