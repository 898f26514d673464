#!/usr/bin/env node
// Writes gateway/trusted-documents.json, the manifest of trusted operations (persisted ids),
// from the golden operations in test/operations/*.graphql. A test fails when it is stale.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const folder = join(root, "test", "operations");
const manifest = {};
for (const file of readdirSync(folder).filter((name) => name.endsWith(".graphql")).sort()) {
  const document = readFileSync(join(folder, file), "utf8");
  manifest[createHash("sha256").update(document).digest("hex")] = document;
}
writeFileSync(join(root, "gateway", "trusted-documents.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote gateway/trusted-documents.json (${Object.keys(manifest).length} operations)`);
