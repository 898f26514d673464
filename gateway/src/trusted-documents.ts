import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RequestHandler } from "express";
import { refusal } from "@company-graph/kit/refusals";

/** The committed manifest of trusted operations: sha256 of the document → document. */
export const DEFAULT_TRUSTED_DOCUMENTS_PATH = join(__dirname, "..", "trusted-documents.json");

export type TrustedDocuments = ReadonlyMap<string, string>;

export function documentId(document: string): string {
  return createHash("sha256").update(document).digest("hex");
}

export function loadTrustedDocuments(path = DEFAULT_TRUSTED_DOCUMENTS_PATH): TrustedDocuments {
  if (!existsSync(path)) return new Map();
  return new Map(Object.entries(JSON.parse(readFileSync(path, "utf8")) as Record<string, string>));
}

export const TRUSTED_DOCUMENT = Symbol("trusted document id");

/**
 * Resolves `extensions.persistedQuery.sha256Hash` (Apollo's persisted-query format) against the
 * manifest before Apollo Server sees the request. An unknown id is PERSISTED_QUERY_NOT_FOUND;
 * Apollo's own automatic persisted queries stay off, so no client can register new documents.
 */
export function resolveTrustedDocuments(documents: TrustedDocuments): RequestHandler {
  return (req, res, next) => {
    const body = req.body as { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } } | undefined;
    const hash = body?.extensions?.persistedQuery?.sha256Hash;
    if (hash === undefined) return next();
    const document = typeof hash === "string" ? documents.get(hash) : undefined;
    if (!document || (body!.query !== undefined && body!.query !== document)) {
      res
        .status(400)
        .json({ errors: [{ message: refusal.request.noTrustedOperation(hash), extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] });
      return;
    }
    body!.query = document;
    delete body!.extensions!.persistedQuery;
    (req as unknown as Record<symbol, string>)[TRUSTED_DOCUMENT] = hash as string;
    next();
  };
}
