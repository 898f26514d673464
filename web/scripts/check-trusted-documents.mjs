#!/usr/bin/env node
// Every operation the workspace sends must be one of the gateway's trusted documents, byte for
// byte: the workspace sends ids only. Fails (naming the fix) when an operation changed without
// `npm run trusted-documents`.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const generated = JSON.parse(readFileSync(join(here, "..", "src", "generated", "persisted-documents.json"), "utf8"));
const trusted = JSON.parse(readFileSync(join(here, "..", "..", "gateway", "trusted-documents.json"), "utf8"));
const missing = Object.entries(generated).filter(([id, document]) => trusted[id.replace(/^sha256:/, "")] !== document);
if (missing.length) {
  console.error(
    `${missing.length} of the workspace's operations are not trusted documents (run \`npm run trusted-documents\`):\n${missing.map(([, document]) => `  ${document.slice(0, 80)}…`).join("\n")}`,
  );
  process.exit(1);
}
console.log(`all ${Object.keys(generated).length} workspace operations are trusted documents`);
