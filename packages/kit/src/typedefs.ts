import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Kind, parse, print, visit, type DocumentNode, type StringValueNode } from "graphql";

const graphqlDir = join(__dirname, "..", "graphql");

/** SDL every subgraph declares identically (scalars, enums, Service, internal index types). */
export const SHARED_TYPES_SDL = readFileSync(join(graphqlDir, "shared-types.graphql"), "utf8");
/** SDL of the common case model, declared by every departmental subgraph. */
export const DEPARTMENT_CASE_SDL = readFileSync(join(graphqlDir, "department-case.graphql"), "utf8");

export type SubgraphKind = "department" | "crm";

/**
 * The complete SDL of a subgraph: its own schema.graphql plus the shared modules it builds on.
 * The composition script and the running subgraph both use this, so they never disagree.
 */
export function subgraphSdl(ownSchemaPath: string, kind: SubgraphKind): string {
  const own = readFileSync(ownSchemaPath, "utf8");
  return print(
    inheritInterfaceDescriptions(parse([own, SHARED_TYPES_SDL, ...(kind === "department" ? [DEPARTMENT_CASE_SDL] : [])].join("\n"))),
  );
}

/**
 * Gives a field without a description its interface's description, so the four departments'
 * case types (BifCase, …) document the shared case fields once, in department-case.graphql.
 */
export function inheritInterfaceDescriptions(document: DocumentNode): DocumentNode {
  const interfaceFields = new Map<string, Map<string, StringValueNode>>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const described = (definition.fields ?? [])
      .filter((field) => field.description)
      .map((field) => [field.name.value, field.description!] as const);
    interfaceFields.set(definition.name.value, new Map(described));
  }
  return visit(document, {
    ObjectTypeDefinition(node) {
      const fields = node.fields?.map((field) => {
        if (field.description) return field;
        const inherited = node.interfaces
          ?.map((implemented) => interfaceFields.get(implemented.name.value)?.get(field.name.value))
          .find(Boolean);
        return inherited ? { ...field, description: inherited } : field;
      });
      return { ...node, fields };
    },
  });
}

export function subgraphTypeDefs(ownSchemaPath: string, kind: SubgraphKind): DocumentNode {
  return parse(subgraphSdl(ownSchemaPath, kind));
}
