#!/usr/bin/env node
// `node bench/hive/repro-requires-provides.mjs [--provides] [--router]`: the reduced reproduction of
// Hive Gateway's wrong company view (README.md). Two subgraphs on 127.0.0.1: "index" owns
// Company.index and Case; "crm" has the root field and two fields that @require the index, one of
// them (`cases`) also @provides a field of the cases it returns. Prints the answer and what the
// crm's resolvers received. Expected: totalCount 3, every resolver saw ["a","b","c"].
//   (no flag)            without @provides: right
//   --provides           Hive Gateway 2.15.1's JavaScript planner: `cases` resolved once without the index (totalCount -1)
//   --provides --router  with @graphql-hive/router-runtime: right
import { createRequire } from "node:module";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "..", "..", "gateway", "package.json"));
const { ApolloServer } = require("@apollo/server");
const { startStandaloneServer } = require("@apollo/server/standalone");
const { buildSubgraphSchema } = require("@apollo/subgraph");
const { composeServices } = require("@apollo/composition");
const { parse } = require("graphql");
const link = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@requires", "@provides", "@shareable"])`;
const indexSdl = parse(`${link}
type Company @key(fields: "id") { id: ID! index: [String!] }
type Case @key(fields: "id") { id: ID! title: String! @shareable status: String! }`);
const withProvides = process.argv.includes("--provides");
const crmSdl = parse(`${link}
type Query { company(id: ID!): Company }
type Company @key(fields: "id") {
  id: ID!
  index: [String!] @external
  cases(first: Int = 20): CaseConnection! @requires(fields: "index")${withProvides ? ` @provides(fields: "nodes { title }")` : ""}
  contacts: [String!]! @requires(fields: "index")
}
type CaseConnection { totalCount: Int! nodes: [Case!]! }
type Case @key(fields: "id") { id: ID!${withProvides ? " title: String! @external" : ""} }`);
const seen = [];
const quiet = [require("@apollo/server/plugin/disabled").ApolloServerPluginInlineTraceDisabled()];
const indexServer = new ApolloServer({
  plugins: quiet,
  schema: buildSubgraphSchema({
    typeDefs: indexSdl,
    resolvers: {
      Company: { __resolveReference: (r) => ({ id: r.id, index: ["a", "b", "c"] }) },
      Case: { __resolveReference: (r) => ({ id: r.id, title: "t" + r.id, status: "open" }) },
    },
  }),
});
const crmServer = new ApolloServer({
  plugins: quiet,
  schema: buildSubgraphSchema({
    typeDefs: crmSdl,
    resolvers: {
      Query: { company: (_, { id }) => ({ id }) },
      Company: {
        __resolveReference: (r) => r,
        cases: (c) => (
          seen.push(["cases", c.index]),
          { totalCount: c.index?.length ?? -1, nodes: (c.index ?? []).map((id) => ({ id, title: "t" + id })) }
        ),
        contacts: (c) => (seen.push(["contacts", c.index]), c.index ?? ["NO INDEX"]),
      },
    },
  }),
});
const a = await startStandaloneServer(indexServer, { listen: { port: 0, host: "127.0.0.1" } });
const b = await startStandaloneServer(crmServer, { listen: { port: 0, host: "127.0.0.1" } });
const composed = composeServices([
  { name: "index", typeDefs: indexSdl, url: a.url },
  { name: "crm", typeDefs: crmSdl, url: b.url },
]);
if (composed.errors) {
  console.log(composed.errors.map(String));
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), "hive-repro-"));
writeFileSync(join(work, "supergraph.graphql"), composed.supergraphSdl);
writeFileSync(
  join(work, "router.config.mjs"),
  `import { unifiedGraphHandler } from ${JSON.stringify(join(here, "node_modules/@graphql-hive/router-runtime/dist/index.js"))};\nexport const gatewayConfig = { unifiedGraphHandler };\n`,
);
const config = process.argv.includes("--router") ? ["--config-path", join(work, "router.config.mjs")] : [];
const PORT = 4722;
const hive = spawn(
  process.execPath,
  [
    join(here, "node_modules/@graphql-hive/gateway/dist/bin.js"),
    "supergraph",
    join(work, "supergraph.graphql"),
    "--host",
    "127.0.0.1",
    "--port",
    String(PORT),
    ...config,
  ],
  { cwd: here, stdio: ["ignore", "ignore", "inherit"] },
);
for (let i = 0; i < 100; i++) {
  try {
    const r = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    if (r.ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 300));
}
const q = process.env.Q ?? `{ company(id: "1") { cases(first: 5) { totalCount nodes { id title status } } contacts } }`;
const r = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ query: q }),
});
console.log(process.argv.slice(2).join(" ") || "(plain)", JSON.stringify(await r.json()), "resolvers saw:", JSON.stringify(seen));
hive.kill();
await indexServer.stop();
await crmServer.stop();
process.exit(0);
