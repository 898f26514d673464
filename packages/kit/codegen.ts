import type { CodegenConfig } from "@graphql-codegen/cli";

// Resolver types for the kit's own resolvers: the shared modules every departmental subgraph is
// built from, plus a stand-in department (graphql/department-stand-in.graphql). Parents are the
// source contract's shapes (mappers), so tsc checks each resolver against the schema.
const config: CodegenConfig = {
  schema: ["graphql/shared-types.graphql", "graphql/department-case.graphql", "graphql/department-stand-in.graphql"],
  generates: {
    "src/generated/resolver-types.ts": {
      plugins: ["typescript", "typescript-resolvers"],
      config: {
        federation: true,
        enumsAsTypes: true,
        useTypeImports: true,
        contextType: "../department/subgraph#DepartmentContext",
        scalars: { DateTime: "string", Date: "string" },
        enumValues: { CaseProgress: "@company-graph/domain#CaseProgress" },
        mappers: {
          Case: "../department/source-contract#SourceCase",
          DepartmentCase: "../department/source-contract#SourceCase",
          PermitRecord: "../department/source-contract#SourcePermit",
          DepartmentStatisticsRecord: "../department/source-contract#SourceServiceLevelReport",
          Company: "../department/model#CompanyReference",
          DepartmentCaseDetailsType: "../department/model#CaseDetails",
          ServiceLevelReport: "../department/statistics#ServiceLevelReportReference",
          Service: "@company-graph/domain#CatalogueService",
          ServiceArea: "../catalogue-resolvers#CatalogueArea",
        },
      },
    },
  },
  silent: true,
};
export default config;
