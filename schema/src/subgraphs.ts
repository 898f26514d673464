import { join } from "node:path";
import { subgraphSdl, type SubgraphKind } from "@company-graph/kit/schema";

export interface SubgraphSource {
  /** Subgraph name in the supergraph; the gateway's SUBGRAPH_<NAME>_URL overrides its URL. */
  name: string;
  /** Default URL, used by the start command; deployments override it per environment. */
  url: string;
  schemaPath: string;
  kind: SubgraphKind;
}

const repoRoot = join(__dirname, "..", "..");
const schemaOf = (folder: string) => join(repoRoot, "subgraphs", folder, "schema.graphql");

export const SUBGRAPHS: readonly SubgraphSource[] = [
  { name: "crm", url: "http://127.0.0.1:4005/graphql", schemaPath: schemaOf("crm"), kind: "crm" },
  { name: "bif", url: "http://127.0.0.1:4001/graphql", schemaPath: schemaOf("bif"), kind: "department" },
  { name: "tmf", url: "http://127.0.0.1:4002/graphql", schemaPath: schemaOf("tmf"), kind: "department" },
  { name: "kff", url: "http://127.0.0.1:4003/graphql", schemaPath: schemaOf("kff"), kind: "department" },
  { name: "okf", url: "http://127.0.0.1:4004/graphql", schemaPath: schemaOf("okf"), kind: "department" },
];

export const SUPERGRAPH_PATH = join(repoRoot, "schema", "supergraph.graphql");

export function subgraphSdls(subgraphs: readonly SubgraphSource[] = SUBGRAPHS) {
  return subgraphs.map((subgraph) => ({ ...subgraph, sdl: subgraphSdl(subgraph.schemaPath, subgraph.kind) }));
}
