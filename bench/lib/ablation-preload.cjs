// The ablation's own harness (lib/ablation.mjs): loaded with `node --require` into our gateway and
// subgraphs, it swaps one tuned part for what it replaced, so production code carries no
// benchmark switches. BENCH_ABLATION names the variant; unset, nothing is changed.
//   stock-fetcher   the gateway's subgraph fetcher is @apollo/gateway's own (make-fetch-happen;
//                   it keeps its own timeout and ignores the request deadline)
//   node-fetch      the gateway's subgraph fetcher is Node's fetch
//   cache-control   the subgraphs keep Apollo Server's cache-control plugin (hooks every field)
"use strict";
const Module = require("node:module");
const path = require("node:path");

const variant = process.env.BENCH_ABLATION;
const replacements = {
  "stock-fetcher": {
    matches: (file) => file.endsWith(`${path.sep}gateway${path.sep}dist${path.sep}fetcher.js`),
    replace: (real, load) => ({
      ...real,
      createSubgraphFetcher: () => ({ fetcher: new (load("@apollo/gateway").RemoteGraphQLDataSource)().fetcher, close: async () => {} }),
    }),
  },
  "node-fetch": {
    matches: (file) => file.endsWith(`${path.sep}gateway${path.sep}dist${path.sep}fetcher.js`),
    replace: (real) => ({
      ...real,
      createSubgraphFetcher: (options) => ({
        fetcher: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) }),
        close: async () => {},
      }),
    }),
  },
  "cache-control": {
    matches: (file) => /[\\/]@apollo[\\/]server[\\/]dist[\\/]cjs[\\/]plugin[\\/]disabled[\\/]index\.js$/.test(file),
    // A plugin with no internal id: Apollo Server installs its default cache-control plugin beside it.
    replace: (real) => ({ ...real, ApolloServerPluginCacheControlDisabled: () => ({}) }),
  },
}[variant];

if (variant && !replacements) throw new Error(`BENCH_ABLATION=${variant}: no such variant`);
if (replacements) {
  const load = Module._load;
  const swapped = new Map();
  Module._load = function (request, parent, isMain) {
    const real = load.apply(this, arguments);
    let file;
    try {
      file = Module._resolveFilename(request, parent, isMain);
    } catch {
      return real;
    }
    if (!replacements.matches(file)) return real;
    if (!swapped.has(file))
      swapped.set(
        file,
        replacements.replace(real, (name) => load.call(this, name, parent, false)),
      );
    return swapped.get(file);
  };
}
