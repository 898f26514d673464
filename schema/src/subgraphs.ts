import { join } from "node:path";
import { DEFAULT_PORTS, DEPARTMENTS } from "@company-graph/domain";
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
function subgraphSource(name: string, port: number, kind: SubgraphKind): SubgraphSource {
  return { name, url: `http://127.0.0.1:${port}/graphql`, schemaPath: join(repoRoot, "subgraphs", name, "schema.graphql"), kind };
}

/** The CRM and one subgraph per department, named and folded like the department (BIF → bif). */
export const SUBGRAPHS: readonly SubgraphSource[] = [
  subgraphSource("crm", DEFAULT_PORTS.crm, "crm"),
  ...DEPARTMENTS.map((department) => subgraphSource(department.toLowerCase(), DEFAULT_PORTS.subgraphs[department], "department")),
];

export const SUPERGRAPH_PATH = join(repoRoot, "schema", "supergraph.graphql");

export function subgraphSdls(subgraphs: readonly SubgraphSource[] = SUBGRAPHS) {
  return subgraphs.map((subgraph) => ({ ...subgraph, sdl: subgraphSdl(subgraph.schemaPath, subgraph.kind) }));
}
