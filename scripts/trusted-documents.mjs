#!/usr/bin/env node
// Writes gateway/trusted-documents.json, the manifest of trusted operations (persisted ids),
// from the golden operations in test/operations/*.graphql and the web workspace's documents
// (web/src/generated/persisted-documents.json, which its codegen writes: `npm run generate -w web`).
// Tests fail when it is stale (web/scripts/check-trusted-documents.mjs, schema's client-operations).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const folder = join(root, "test", "operations");
const sha256 = (document) => createHash("sha256").update(document).digest("hex");
const manifest = {};
for (const file of readdirSync(folder)
  .filter((name) => name.endsWith(".graphql"))
  .sort()) {
  const document = readFileSync(join(folder, file), "utf8");
  manifest[sha256(document)] = document;
}
const web = join(root, "web", "src", "generated", "persisted-documents.json");
if (!existsSync(web)) throw new Error(`${web} is missing: run \`npm run generate -w web\` first`);
for (const [id, document] of Object.entries(JSON.parse(readFileSync(web, "utf8")))) {
  // The id the workspace sends is the document's sha256, as the gateway's own ids are.
  if (id !== `sha256:${sha256(document)}`) throw new Error(`web document ${id} is not the sha256 of its text`);
  manifest[sha256(document)] = document;
}
writeFileSync(join(root, "gateway", "trusted-documents.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote gateway/trusted-documents.json (${Object.keys(manifest).length} operations)`);
