// The CRM's SDL is written by module, next to each module's resolvers (src/<module>/schema.graphql);
// this joins the fragments, in a fixed order, into schema.graphql: the one subgraph SDL that the
// running subgraph, codegen and the supergraph composition (schema/src/subgraphs.ts) read.
// `node assemble-schema.mjs` writes it (npm run generate); `--check` fails if it is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));

/** Module order: a type is declared (`type X`) in the first module that has fields of it, extended after. */
const MODULES = ["company", "contact", "employee", "inquiry", "note", "follow-up", "package", "survey", "company-view", "catalogue", "service-level", "access-log", "register", "outreach", "following", "notification", "change-feed", "webhook"];
const FRAGMENTS = ["src/federation.graphql", ...MODULES.map((module) => `src/${module}/schema.graphql`)];

const NOTICE = "# Assembled by assemble-schema.mjs from the fragments below; edit those, then `npm run generate`.\n";
const assembled = NOTICE + FRAGMENTS.map((path) => `# --- ${path}\n${readFileSync(join(root, path), "utf8").trimEnd()}\n`).join("\n");

const target = join(root, "schema.graphql");
if (process.argv.includes("--check")) {
  if (readFileSync(target, "utf8") !== assembled) {
    process.stderr.write("subgraphs/crm/schema.graphql is not the assembly of its fragments: run `npm run generate -w @company-graph/crm`\n");
    process.exit(1);
  }
} else {
  writeFileSync(target, assembled);
}
