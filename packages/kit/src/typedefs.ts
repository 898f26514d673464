import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, type DocumentNode } from "graphql";

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
  return [own, SHARED_TYPES_SDL, ...(kind === "department" ? [DEPARTMENT_CASE_SDL] : [])].join("\n");
}

export function subgraphTypeDefs(ownSchemaPath: string, kind: SubgraphKind): DocumentNode {
  return parse(subgraphSdl(ownSchemaPath, kind));
}
