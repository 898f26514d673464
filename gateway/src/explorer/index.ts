import express, { type Express } from "express";
import type { DevTokens } from "./dev-tokens";
import { EXPLORER_ASSETS, explorerAssets, versionedAssetsPath } from "./assets";
import { DEFAULT_OPERATIONS_DIR, loadExampleOperations } from "./operations";
import { renderExplorerPage } from "./page";
import { tokenEndpoint } from "./token-endpoint";

export type { DevTokens } from "./dev-tokens";
export { configuredDemoUsers, devTokens } from "./demo-users";

export interface ExplorerOptions {
  /** Folder of example operations; test/operations by default. */
  operationsDir?: string;
  /** The token picker's demo users; development only. */
  tokens?: DevTokens;
  /** NODE_ENV: "Act as" mints tokens in "development" only. process.env.NODE_ENV (or "development", the gateway's default) unless given. */
  environment?: string;
}

const ASSETS_PATH = "/explorer/assets";
const TOKENS_PATH = "/explorer/token";
/** The tab the explorer opens on: the key account manager's company view. */
const DEFAULT_OPERATION = "CompanyView";

/** Browsers ask for HTML; GraphQL clients for JSON. */
function wantsHtml(request: express.Request): boolean {
  return (
    request.method === "GET" && request.accepts(["application/json", "application/graphql-response+json", "text/html"]) === "text/html"
  );
}

/**
 * The development explorer: GraphiQL at GET / and GET /graphql (from a browser), its assets
 * under /explorer/assets/graphiql-<version>, and POST /explorer/token for "Act as". Never mounted in production.
 */
export function mountExplorer(app: Express, graphqlPath: string, options: ExplorerOptions = {}): void {
  const tokens = options.tokens;
  const assetsPath = versionedAssetsPath(ASSETS_PATH);
  const operations = loadExampleOperations(options.operationsDir ?? DEFAULT_OPERATIONS_DIR);
  const html = renderExplorerPage({
    graphqlPath,
    assetsPath,
    assets: EXPLORER_ASSETS,
    tokensPath: TOKENS_PATH,
    // GraphiQL opens the first tab.
    operations: [
      ...operations.filter((operation) => operation.name === DEFAULT_OPERATION),
      ...operations.filter((operation) => operation.name !== DEFAULT_OPERATION),
    ],
    users: tokens?.users ?? [],
  });
  app.use(assetsPath, explorerAssets());
  app.get(["/", graphqlPath], (request, response, next) => {
    if (!wantsHtml(request)) return next();
    response.type("html").send(html);
  });
  const endpoint = tokenEndpoint({ tokens, environment: options.environment ?? process.env.NODE_ENV ?? "development" });
  app.get(TOKENS_PATH, ...endpoint.list);
  app.post(TOKENS_PATH, ...endpoint.mint);
}
