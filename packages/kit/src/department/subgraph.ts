import { caseTypename, DEPARTMENTS, type Department } from "@company-graph/domain";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { mergeResolvers } from "../merge-resolvers";
import { operationScopes } from "../operation-scope";
import type { OperationStore } from "../operation-store";
import type { SubgraphDefinition } from "../server";
import { CASE_CVR, DEPARTMENT_POLICIES } from "./personal-data";
import { sharedTypeResolvers } from "../shared-resolvers";
import { subgraphTypeDefs } from "../typedefs";
import { caseFieldResolvers, caseIndexEntry } from "./case-fields";
import { departmentStatistics, type ServiceLevelReportReference } from "./statistics";
import { createDepartmentLoaders, type DepartmentLoaders } from "./loaders";
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
  /** The GraphQL type of each `caseType`'s details, e.g. { "wage-subsidy": "WageSubsidy" }. */
  detailsTypeByCaseType: Record<string, string>;
  /** Resolvers for fields of the department's own types whose names differ from the source. */
  resolvers?: GraphQLResolverMap<DepartmentContext<Case, Permit>>;
  now?: () => Date;
  /** Per-operation state shared by the subgraph's replicas (Redis); unset, it stays in this process. */
  operationStore?: OperationStore;
}


/** Names the department-specific parts of a departmental schema, e.g. BifCase and bifCaseIndex. */
export function departmentNames(department: Department) {
  const lower = department.toLowerCase();
  return { caseType: caseTypename(department), caseIndexField: `${lower}CaseIndex`, permitIndexField: `${lower}PermitIndex`, statisticsField: `${lower}Statistics` };
}

/** The department a subgraph serves, from its name in the supergraph ("tmf" → TMF); undefined for the CRM. */
export function departmentOfSubgraph(subgraph: string): Department | undefined {
  return DEPARTMENTS.find((department) => department.toLowerCase() === subgraph);
}

/**
 * Builds a departmental subgraph. The four departments differ only in their schema's details
 * types and their client; everything else about serving cases is here, once.
 */
export function createDepartmentSubgraph<Case extends SourceCase, Permit extends SourcePermit>(
  options: DepartmentSubgraphOptions<Case, Permit>,
): SubgraphDefinition<DepartmentContext<Case, Permit>> & { close: () => void } {
  const { department, client } = options;
  const now = options.now ?? (() => new Date());
  const names = departmentNames(department);
  const detailsTypeName = (caseType: string) => {
    const typeName = options.detailsTypeByCaseType[caseType];
    if (!typeName) throw new Error(`${department} case type "${caseType}" has no GraphQL details type`);
    return typeName;
  };
  const scopes = operationScopes((shared) => createDepartmentLoaders(client, shared), { audience: department.toLowerCase(), store: options.operationStore });

  const resolvers = mergeResolvers<GraphQLResolverMap<DepartmentContext<Case, Permit>>>(sharedTypeResolvers, {
    Company: {
      __resolveReference: (reference: { cvr: string }) => reference,
      [names.caseIndexField]: async (company: { cvr: string }, _args: unknown, context: DepartmentContext<Case, Permit>) =>
        (await context.loaders.recordsByCvr.load(company.cvr)).cases.map(caseIndexEntry),
      [names.permitIndexField]: async (company: { cvr: string }, _args: unknown, context: DepartmentContext<Case, Permit>) =>
        (await context.loaders.recordsByCvr.load(company.cvr)).permits,
    },
    ServiceLevelReport: {
      __resolveReference: (reference: ServiceLevelReportReference) => reference,
      [names.statisticsField]: (report: ServiceLevelReportReference) => departmentStatistics(client, report),
    },
    [names.caseType]: {
      __resolveReference: (reference: { id: string }, context: DepartmentContext<Case, Permit>) => context.loaders.caseById.load(reference.id),
      ...caseFieldResolvers<DepartmentContext<Case, Permit>>(),
      // graphql-js resolves the details union through __typename, so no __resolveType is needed.
      details: (sourceCase: Case) => ({ __typename: detailsTypeName(sourceCase.caseType), ...sourceCase.details, [CASE_CVR]: sourceCase.cvr }),
    },
  }, options.resolvers ?? {});

  return {
    name: department.toLowerCase(),
    typeDefs: subgraphTypeDefs(options.schemaPath, "department"),
    resolvers,
    context: async ({ operationId, readOnly }) => ({ loaders: await scopes.get(operationId, readOnly), now }),
    policy: DEPARTMENT_POLICIES[department],
    health: () => ({ source: { department, circuit: client.circuitState?.() ?? "closed" } }),
    close: () => scopes.close(),
  };
}
