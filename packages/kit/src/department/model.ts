import { readFileSync } from "node:fs";
import { join } from "node:path";
import { caseTypename, indexFieldNames, subgraphName, type Department } from "@company-graph/domain";
import { Kind, parse, print, type DocumentNode } from "graphql";
import type { Resolvers } from "../generated/resolver-types";
import type { CASE_CVR } from "./personal-data";

// The kit's department resolvers are written, and typed by codegen, against a stand-in department
// (graphql/department-stand-in.graphql: DepartmentCase, Company.departmentCaseIndex, …). This
// module gives them each department's names and checks that the department's schema has the
// stand-in's shape under those names, so the types the compiler checked are the schema served.

/**
 * A Company as a department resolves it: its key only; the CRM holds the rest.
 * @public codegen.ts maps Company to it; the generated types knip does not read use it.
 */
export interface CompanyReference {
  cvr: string;
}

/**
 * A case's details as the kit passes them through: the source's fields under their GraphQL type.
 * @public codegen.ts maps the stand-in's details type to it; the generated types knip does not read use it.
 */
export interface CaseDetails {
  __typename: string;
  [CASE_CVR]: string;
}

/** The stand-in's resolvers: all a departmental subgraph resolves beyond the shared types. */
export type DepartmentModelResolvers<Context> = Required<Pick<Resolvers<Context>, "Company" | "ServiceLevelReport" | "DepartmentCase">>;

interface ModelNames {
  caseType: string;
  detailsUnion: string;
  caseIndexField: string;
  permitIndexField: string;
  statisticsField: string;
}

const STAND_IN: ModelNames = {
  caseType: "DepartmentCase",
  detailsUnion: "DepartmentCaseDetails",
  caseIndexField: "departmentCaseIndex",
  permitIndexField: "departmentPermitIndex",
  statisticsField: "departmentStatistics",
};

/** Names the department-specific parts of a departmental schema, e.g. BifCase and bifCaseIndex. */
function departmentNames(department: Department): ModelNames {
  const caseType = caseTypename(department);
  const { caseIndex, permitIndex } = indexFieldNames(department);
  return {
    caseType,
    detailsUnion: `${caseType}Details`,
    caseIndexField: caseIndex,
    permitIndexField: permitIndex,
    statisticsField: `${subgraphName(department)}Statistics`,
  };
}

/** The stand-in's resolvers under the department's names (DepartmentCase → BifCase, …). */
export function forDepartment<Context>(resolvers: DepartmentModelResolvers<Context>, department: Department) {
  const names = departmentNames(department);
  const { departmentCaseIndex, departmentPermitIndex, ...company } = resolvers.Company;
  const { departmentStatistics, ...report } = resolvers.ServiceLevelReport;
  return {
    Company: { ...company, [names.caseIndexField]: departmentCaseIndex, [names.permitIndexField]: departmentPermitIndex },
    ServiceLevelReport: { ...report, [names.statisticsField]: departmentStatistics },
    [names.caseType]: resolvers.DepartmentCase,
  };
}

const STAND_IN_PATH = join(__dirname, "..", "..", "graphql", "department-stand-in.graphql");
let standInShapes: Map<string, TypeShape> | undefined;

/** A type's fields (name → "(arguments) type"), interfaces and union members, over its definition and extensions. */
interface TypeShape {
  fields: Map<string, string>;
  interfaces: string[];
  members: string[];
}

// Read from the SDL rather than from a built schema: building one costs more than the subgraph's startup can spare.
function typeShapes(document: DocumentNode): Map<string, TypeShape> {
  const shapes = new Map<string, TypeShape>();
  for (const definition of document.definitions) {
    if (!("name" in definition) || !definition.name) continue;
    const shape: TypeShape = shapes.get(definition.name.value) ?? { fields: new Map(), interfaces: [], members: [] };
    shapes.set(definition.name.value, shape);
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) {
      for (const field of definition.fields ?? [])
        shape.fields.set(
          field.name.value,
          `(${(field.arguments ?? []).map((arg) => `${arg.name.value}: ${print(arg.type)}`).join(", ")}) ${print(field.type)}`,
        );
      shape.interfaces.push(...(definition.interfaces ?? []).map((named) => named.name.value));
    }
    if (definition.kind === Kind.UNION_TYPE_DEFINITION || definition.kind === Kind.UNION_TYPE_EXTENSION)
      shape.members.push(...(definition.types ?? []).map((named) => named.name.value));
  }
  return shapes;
}

/**
 * Throws unless the department's schema declares every stand-in field the kit resolves, with the
 * same type and arguments under the department's names, and its details union has exactly the
 * types its case types map to.
 */
export function checkDepartmentModel(department: Department, typeDefs: DocumentNode, detailsTypeNames: readonly string[]): void {
  standInShapes ??= typeShapes(parse(readFileSync(STAND_IN_PATH, "utf8")));
  const shapes = typeShapes(typeDefs);
  const names = departmentNames(department);
  const rename = (signature: string) =>
    signature.replace(/\bDepartmentCase(Details)?\b/g, (_match, details: string | undefined) =>
      details ? names.detailsUnion : names.caseType,
    );
  const problems: string[] = [];

  const checked: Array<
    [standInType: string, departmentType: string, fields: Array<[standInField: string, departmentField: string]> | "all"]
  > = [
    [
      "Company",
      "Company",
      [
        [STAND_IN.caseIndexField, names.caseIndexField],
        [STAND_IN.permitIndexField, names.permitIndexField],
      ],
    ],
    ["ServiceLevelReport", "ServiceLevelReport", [[STAND_IN.statisticsField, names.statisticsField]]],
    [STAND_IN.caseType, names.caseType, "all"],
  ];
  for (const [standInType, departmentType, fields] of checked) {
    const expected = standInShapes.get(standInType)!;
    const actual = shapes.get(departmentType);
    if (!actual) {
      problems.push(`type ${departmentType} is missing`);
      continue;
    }
    const pairs = fields === "all" ? [...expected.fields.keys()].map((name): [string, string] => [name, name]) : fields;
    for (const [standInField, departmentField] of pairs) {
      const want = rename(expected.fields.get(standInField)!);
      const have = actual.fields.get(departmentField);
      if (have !== want) problems.push(`${departmentType}.${departmentField} is ${have ?? "missing"}, the kit resolves ${want}`);
    }
    const missingInterfaces = expected.interfaces.filter((name) => !actual.interfaces.includes(name));
    if (missingInterfaces.length > 0) problems.push(`${departmentType} does not implement ${missingInterfaces.join(", ")}`);
  }

  const members = [...(shapes.get(names.detailsUnion)?.members ?? [])].sort();
  const mapped = [...new Set(detailsTypeNames)].sort();
  if (members.join() !== mapped.join())
    problems.push(`union ${names.detailsUnion} is ${members.join(" | ") || "missing"}, the case types map to ${mapped.join(" | ")}`);

  if (problems.length > 0) throw new Error(`${department}'s schema differs from the kit's department model: ${problems.join("; ")}`);
}
