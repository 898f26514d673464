import type { Department } from "@company-graph/domain";
import { mergeResolvers } from "../merge-resolvers";
import { operationScopes } from "../operation-scope";
import type { OperationStore } from "../operation-store";
import type { SubgraphDefinition, SubgraphResolverMap } from "../server";
import { CASE_CVR, DEPARTMENT_POLICIES } from "./personal-data";
import { sharedTypeResolvers } from "../shared-resolvers";
import { subgraphTypeDefs } from "../typedefs";
import { caseFieldResolvers, caseIndexEntry } from "./case-fields";
import { departmentStatistics } from "./statistics";
import { createDepartmentLoaders, type DepartmentLoaders } from "./loaders";
import { checkDepartmentModel, forDepartment, type DepartmentModelResolvers } from "./model";
import type { CaseSystemClient, SourceCase, SourcePermit } from "./source-contract";

export interface DepartmentContext<Case extends SourceCase = SourceCase, Permit extends SourcePermit = SourcePermit> {
  loaders: DepartmentLoaders<Case, Permit>;
  now: () => Date;
}

export interface DepartmentSubgraphOptions<Case extends SourceCase, Permit extends SourcePermit> {
  department: Department;
  /** Path of the subgraph's own schema.graphql. */
  schemaPath: string;
  client: CaseSystemClient<Case, Permit>;
  /** The GraphQL type of each of the system's case types' details, e.g. { "wage-subsidy": "WageSubsidy" }. */
  detailsTypeByCaseType: DetailsTypeByCaseType<Case>;
  now?: () => Date;
  /** Per-operation state shared by the subgraph's replicas (Redis); unset, it stays in this process. */
  operationStore?: OperationStore;
}

/** Every case type of the department's system (its OpenAPI contract) with the GraphQL type of its details. */
export type DetailsTypeByCaseType<Case extends SourceCase> = Record<Case["caseType"], string>;

/**
 * Builds a departmental subgraph. The four departments differ only in their schema's details
 * types and their client; everything else about serving cases is here, once.
 */
export function createDepartmentSubgraph<Case extends SourceCase, Permit extends SourcePermit>(
  options: DepartmentSubgraphOptions<Case, Permit>,
): SubgraphDefinition<DepartmentContext<Case, Permit>> & { close: () => void } {
  const { department, client } = options;
  const now = options.now ?? (() => new Date());
  const typeDefs = subgraphTypeDefs(options.schemaPath, "department");
  const detailsTypeByCaseType: Record<string, string | undefined> = options.detailsTypeByCaseType;
  checkDepartmentModel(department, typeDefs, Object.values(options.detailsTypeByCaseType));
  const detailsTypeName = (caseType: string) => {
    const typeName = detailsTypeByCaseType[caseType];
    if (!typeName) throw new Error(`${department} case type "${caseType}" has no GraphQL details type`);
    return typeName;
  };
  const scopes = operationScopes((shared) => createDepartmentLoaders(client, shared), {
    audience: department.toLowerCase(),
    store: options.operationStore,
  });

  const model: DepartmentModelResolvers<DepartmentContext<Case, Permit>> = {
    Company: {
      __resolveReference: (reference) => reference,
      departmentCaseIndex: async (company, _args, context) =>
        (await context.loaders.recordsByCvr.load(company.cvr)).cases.map(caseIndexEntry),
      departmentPermitIndex: async (company, _args, context) => (await context.loaders.recordsByCvr.load(company.cvr)).permits,
    },
    ServiceLevelReport: {
      __resolveReference: (reference) => reference,
      departmentStatistics: (report) => departmentStatistics(client, report),
    },
    DepartmentCase: {
      __resolveReference: (reference, context) => context.loaders.caseById.load(reference.id),
      ...caseFieldResolvers<DepartmentContext<Case, Permit>>(),
      // graphql-js resolves the details union through __typename, so no __resolveType is needed.
      details: (sourceCase) => ({ __typename: detailsTypeName(sourceCase.caseType), ...sourceCase.details, [CASE_CVR]: sourceCase.cvr }),
    },
  };
  const resolvers = mergeResolvers<SubgraphResolverMap>(sharedTypeResolvers, forDepartment(model, department));

  return {
    name: department.toLowerCase(),
    typeDefs,
    resolvers,
    context: async ({ operationId, readOnly }) => ({ loaders: await scopes.get(operationId, readOnly), now }),
    policy: DEPARTMENT_POLICIES[department],
    health: () => ({ source: { department, circuit: client.circuitState?.() ?? "closed" } }),
    close: () => scopes.close(),
  };
}
