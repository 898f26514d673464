import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Typed documents for the workspace's operations (src/operations) over the API schema, with each
 * document's sha256 id embedded: the workspace sends only ids, which the gateway resolves from its
 * trusted documents (`npm run trusted-documents` adds src/generated/persisted-documents.json).
 */
const config: CodegenConfig = {
  schema: "../schema/api-schema.graphql",
  documents: ["src/operations/*.graphql"],
  generates: {
    "src/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false, persistedDocuments: { mode: "embedHashInDocument", hashAlgorithm: "sha256" } },
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { DateTime: "string", Date: "string", ID: "string" } },
    },
  },
  ignoreNoDocuments: false,
};

export default config;
