import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Typed documents for the golden operations, the way a frontend team would generate them:
 * graphql-codegen's client preset over the API schema (`npm run compose` writes it) and the
 * operations in test/operations. `npm run generate` in test/ writes test/generated/ (not committed).
 */
const config: CodegenConfig = {
  schema: "../schema/api-schema.graphql",
  documents: ["operations/*.graphql"],
  generates: {
    "generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { DateTime: "string", Date: "string", ID: "string" } },
    },
  },
  ignoreNoDocuments: false,
};

export default config;
