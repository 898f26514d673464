import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import compression from "compression";
import express, { type Router } from "express";

const GRAPHIQL_PACKAGE = require.resolve("@graphql-yoga/graphiql/package.json");
const GRAPHIQL_DIST = join(dirname(GRAPHIQL_PACKAGE), "dist");
const GRAPHIQL_VERSION = (JSON.parse(readFileSync(GRAPHIQL_PACKAGE, "utf8")) as { version: string }).version;

/** The files the explorer page loads, relative to the versioned assets path. */
export const EXPLORER_ASSETS = {
  css: "graphiql.css",
  bundle: "yoga-graphiql.umd.js",
  workers: {
    graphql: "monacoeditorwork/graphql.worker..bundle.js",
    json: "monacoeditorwork/json.worker.bundle.js",
    editor: "monacoeditorwork/editor.worker.bundle.js",
  },
} as const;

/**
 * Where the assets are served: the package version is part of the path, so a new GraphiQL gets
 * new URLs and `immutable` caching never serves a browser yesterday's bundle.
 */
export function versionedAssetsPath(basePath: string): string {
  return `${basePath}/graphiql-${GRAPHIQL_VERSION}`;
}

/**
 * GraphiQL's bundle, CSS and Monaco workers from node_modules (nothing from the internet),
 * compressed (brotli or gzip, as the browser accepts) and cached for a year as immutable.
 */
export function explorerAssets(): Router {
  const router = express.Router();
  // The bundle is 5.3 MB and the workers 2.7 MB uncompressed; the threshold keeps tiny answers plain.
  router.use(compression({ threshold: 1024 }));
  router.use(express.static(GRAPHIQL_DIST, { immutable: true, maxAge: "365d", index: false }));
  return router;
}
