import type { CodegenConfig } from "@graphql-codegen/cli";

// Resolver and schema types from this subgraph's SDL plus the kit's shared modules.
const config: CodegenConfig = {
  schema: ["schema.graphql", "../../packages/kit/graphql/shared-types.graphql", "../../packages/kit/graphql/department-case.graphql"],
  generates: {
    "src/generated/graphql.ts": {
      plugins: ["typescript", "typescript-resolvers"],
      config: { federation: true, useIndexSignature: true, enumsAsTypes: true, contextType: "@company-graph/kit/department#DepartmentContext" },
    },
  },
  silent: true,
};
export default config;
