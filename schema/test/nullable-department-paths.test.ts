/**
 * No department can null the company. A reference the gateway completes from a
 * department (an entity a departmental subgraph resolves) fails on its own when that
 * department's subgraph fails mid-operation; if the position holding it is non-null, the null
 * climbs up to `company` and the whole company is lost. This walks the committed supergraph
 * from Query.company and names every such non-null position.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEPARTMENTS } from "@company-graph/domain";
import {
  buildSchema,
  getNamedType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from "graphql";

const DEPARTMENT_GRAPHS = new Set<string>(DEPARTMENTS);
const supergraph = buildSchema(readFileSync(join(__dirname, "..", "supergraph.graphql"), "utf8"), { assumeValidSDL: true });

/** The graphs that can resolve the type as an entity (a @join__type with a key, resolvable). */
function resolvingGraphs(type: GraphQLNamedType): Set<string> {
  const graphs = new Set<string>();
  for (const directive of type.astNode?.directives ?? []) {
    if (directive.name.value !== "join__type") continue;
    const argument = (name: string) => directive.arguments?.find((candidate) => candidate.name.value === name)?.value;
    const graph = argument("graph");
    const key = argument("key");
    const resolvable = argument("resolvable");
    if (graph?.kind !== Kind.ENUM || !key) continue;
    if (resolvable?.kind === Kind.BOOLEAN && !resolvable.value) continue;
    graphs.add(graph.value);
  }
  return graphs;
}

/** An entity only departments resolve, or an interface all of whose implementations are such. */
export function isDepartmentOwned(schema: GraphQLSchema, type: GraphQLNamedType): boolean {
  if (isInterfaceType(type)) {
    const implementations = schema.getImplementations(type).objects;
    return implementations.length > 0 && implementations.every((implementation) => isDepartmentOwned(schema, implementation));
  }
  if (!isObjectType(type)) return false;
  const graphs = resolvingGraphs(type);
  return graphs.size > 0 && [...graphs].every((graph) => DEPARTMENT_GRAPHS.has(graph));
}

/**
 * The position that holds the entity itself ("Type.field" or, in a list, "Type.field[]") when it
 * is non-null. Outer wrappers may stay non-null: the list is the CRM's own, only its items are
 * completed by a department, and a nullable item stops the null there.
 */
function nonNullPositions(coordinate: string, type: GraphQLOutputType): string[] {
  let current: GraphQLOutputType = type;
  let position = coordinate;
  for (;;) {
    const inner: GraphQLOutputType = isNonNullType(current) ? current.ofType : current;
    if (!isListType(inner)) return isNonNullType(current) ? [position] : [];
    current = inner.ofType;
    position = `${position}[]`;
  }
}

/** Every non-null position, reachable from Query.company, that holds a department-owned entity. */
export function nonNullDepartmentReferences(schema: GraphQLSchema): string[] {
  const root = schema.getQueryType()!.getFields().company;
  const problems = nonNullPositions("Query.company", root.type).filter(() => isDepartmentOwned(schema, getNamedType(root.type)));
  const queue: GraphQLNamedType[] = [getNamedType(root.type)];
  const seen = new Set<string>();
  while (queue.length) {
    const type = queue.shift()!;
    if (seen.has(type.name)) continue;
    seen.add(type.name);
    const parents = isInterfaceType(type) ? [type, ...schema.getImplementations(type).objects] : isObjectType(type) ? [type] : [];
    for (const parent of parents) {
      if (!seen.has(parent.name) && parent !== type) queue.push(parent);
      for (const field of Object.values(parent.getFields())) {
        const target = getNamedType(field.type);
        if (isDepartmentOwned(schema, target)) problems.push(...nonNullPositions(`${parent.name}.${field.name}`, field.type));
        queue.push(target);
      }
    }
  }
  return [...new Set(problems)].sort();
}

describe("no department can null the company", () => {
  it("recognises the department-owned entities (the case types and the Case interface)", () => {
    for (const name of ["BifCase", "TmfCase", "KffCase", "OkfCase", "Case"])
      expect(isDepartmentOwned(supergraph, supergraph.getType(name)!)).toBe(true);
    for (const name of ["Company", "Permit", "MunicipalEmployee"])
      expect(isDepartmentOwned(supergraph, supergraph.getType(name)!)).toBe(false);
  });

  it("every path from Query.company to a department-owned entity is nullable where the entity sits", () => {
    expect(nonNullDepartmentReferences(supergraph)).toEqual([]);
  });

  it("finds a non-null reference when there is one (OpenCaseStatus.case: Case! as it was)", () => {
    const sdl = readFileSync(join(__dirname, "..", "supergraph.graphql"), "utf8").replace(
      /(type OpenCaseStatus[^}]*?\n\s+case: Case)\n/,
      "$1!\n",
    );
    const broken = buildSchema(sdl, { assumeValidSDL: true });
    expect(nonNullDepartmentReferences(broken)).toEqual(["OpenCaseStatus.case"]);
    const brokenList = buildSchema(sdl.replace("cases: [Case]!", "cases: [Case!]!"), { assumeValidSDL: true });
    expect(nonNullDepartmentReferences(brokenList)).toContain("PackageServiceProgress.cases[]");
  });
});
