import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import { composeSupergraph, isCommittedSupergraphCurrent } from "./compose";
import { SUPERGRAPH_PATH } from "./subgraphs";

// `compose` writes schema/supergraph.graphql; `compose --check` fails when it is stale.
const check = process.argv.includes("--check");
try {
  const { supergraphSdl, hints } = composeSupergraph();
  for (const hint of hints) console.log(`hint ${hint}`);
  const path = relative(process.cwd(), SUPERGRAPH_PATH);
  if (check) {
    if (!isCommittedSupergraphCurrent()) {
      console.error(`${path} is stale: run \`npm run compose\` and commit the result`);
      process.exit(1);
    }
    console.log(`${path} is current`);
  } else {
    writeFileSync(SUPERGRAPH_PATH, supergraphSdl);
    console.log(`wrote ${path}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
