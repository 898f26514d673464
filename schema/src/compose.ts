import { readFileSync } from "node:fs";
import { composeServices } from "@apollo/composition";
import { parse, type GraphQLSchema } from "graphql";
import { SUBGRAPHS, SUPERGRAPH_PATH, subgraphSdls, type SubgraphSource } from "./subgraphs";

export interface Composition {
  supergraphSdl: string;
  /** What clients see: the supergraph without federation machinery and @inaccessible elements. */
  apiSchema: GraphQLSchema;
  hints: string[];
}

/** Composes the supergraph with @apollo/composition: no rover, no downloaded binary. */
export function composeSupergraph(subgraphs: readonly SubgraphSource[] = SUBGRAPHS): Composition {
  const result = composeServices(subgraphSdls(subgraphs).map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join("\n")}`);
  }
  return {
    supergraphSdl: result.supergraphSdl.endsWith("\n") ? result.supergraphSdl : `${result.supergraphSdl}\n`,
    apiSchema: result.schema.toAPISchema().toGraphQLJSSchema(),
    hints: result.hints.map((hint) => `${hint.definition.code}: ${hint.message}`),
  };
}

export function readCommittedSupergraph(path = SUPERGRAPH_PATH): string {
  return readFileSync(path, "utf8");
}

/** Whether the committed supergraph is what the current subgraph schemas compose to. */
export function isCommittedSupergraphCurrent(committed = readCommittedSupergraph()): boolean {
  return committed === composeSupergraph().supergraphSdl;
}
