import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import { breakingChanges, readCommittedApiSchema } from "./client-operations";
import { composeSupergraph, readCommittedSupergraph } from "./compose";
import { API_SCHEMA_PATH, printApiSchema, readCommittedFile, renderSchemaReference, SCHEMA_REFERENCE_PATH } from "./reference";
import { SUPERGRAPH_PATH } from "./subgraphs";

// `compose` writes schema/supergraph.graphql, schema/api-schema.graphql and docs/schema-reference.md,
// after listing the breaking changes since the committed API schema and the client operations they
// break (schema/test/client-operations.test.ts fails on those in CI); `compose --check` fails when
// any output is stale.
const check = process.argv.includes("--check");
async function main(): Promise<void> {
  const { supergraphSdl, apiSchema, hints } = composeSupergraph();
  for (const hint of hints) console.log(`hint ${hint}`);
  for (const change of await breakingChanges(readCommittedApiSchema(), apiSchema)) {
    console.warn(`breaking: ${change.message}${change.breaks.length ? ` (breaks ${change.breaks.join(", ")})` : ""}`);
  }
  const outputs = [
    { path: SUPERGRAPH_PATH, text: supergraphSdl, committed: () => readCommittedSupergraph() },
    { path: API_SCHEMA_PATH, text: printApiSchema(apiSchema), committed: () => readCommittedFile(API_SCHEMA_PATH) },
    { path: SCHEMA_REFERENCE_PATH, text: renderSchemaReference(apiSchema), committed: () => readCommittedFile(SCHEMA_REFERENCE_PATH) },
  ];
  let stale = false;
  for (const output of outputs) {
    const path = relative(process.cwd(), output.path);
    if (!check) {
      writeFileSync(output.path, output.text);
      console.log(`wrote ${path}`);
    } else if (output.committed() !== output.text) {
      console.error(`${path} is stale: run \`npm run compose\` and commit the result`);
      stale = true;
    } else {
      console.log(`${path} is current`);
    }
  }
  if (stale) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
