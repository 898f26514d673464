import { Client, cacheExchange, fetchExchange } from "urql";
import { persistedExchange } from "@urql/exchange-persisted";
import type { DocumentNode } from "graphql";

/** The sha256 id codegen embeds in each document (codegen.ts: persistedDocuments). */
export function documentId(document: DocumentNode): string {
  const hash = (document as DocumentNode & { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash) throw new Error("operation without a trusted-document id: write it in src/operations and run codegen");
  return hash.replace(/^sha256:/, "");
}

/**
 * The graph as the workspace uses it: every operation, mutations too, sent as its trusted-document
 * id only (the gateway holds the text), with the signed-in user's token.
 */
export function graphClient(token: string): Client {
  return new Client({
    url: "/graphql",
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      persistedExchange({
        enforcePersistedQueries: true,
        enableForMutation: true,
        preferGetForPersistedQueries: false,
        generateHash: async (_query, document) => documentId(document),
      }),
      fetchExchange,
    ],
    // The graph words its texts (kindText, segmentText, refusals) in Danish unless asked otherwise; the workspace is Danish whatever the browser prefers.
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}`, "accept-language": "da" } }),
  });
}
