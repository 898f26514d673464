#!/usr/bin/env node
// Renders the subgraphs' need-to-know policy tables (the CRM's src/policy.ts, the departments' in the kit's department/personal-data.ts) to docs/access-control-policy.md.
// Needs a build (it reads the packages' dist). A test fails when the committed file is stale.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "test", "package.json"));
const { renderPolicyMarkdown } = require("@company-graph/kit/auth");
const { SUBGRAPH_POLICIES } = require("@company-graph/crm");
const { DEPARTMENTS, subgraphName } = require("@company-graph/domain");
const tables = Object.fromEntries(["crm", ...DEPARTMENTS.map(subgraphName)].map((name) => [name, SUBGRAPH_POLICIES[name]]));
writeFileSync(join(root, "docs", "access-control-policy.md"), renderPolicyMarkdown(tables));
console.log("wrote docs/access-control-policy.md");
