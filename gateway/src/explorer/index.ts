import { dirname, join } from "node:path";
import express, { type Express } from "express";
import type { DevTokens } from "./dev-tokens";
import { DEFAULT_OPERATIONS_DIR, loadExampleOperations } from "./operations";
import { renderExplorerPage } from "./page";

export type { DemoUser, DevTokens } from "./dev-tokens";
export { configuredDemoUsers, devTokens, roleDemoUsers } from "./demo-users";
export { DEFAULT_OPERATIONS_DIR, loadExampleOperations, type ExampleOperation } from "./operations";

export interface ExplorerOptions {
  /** Folder of example operations; test/operations by default. */
  operationsDir?: string;
  /** The token picker's demo users; development only. */
  tokens?: DevTokens;
}

const ASSETS_PATH = "/explorer/assets";
const TOKENS_PATH = "/explorer/token";
const GRAPHIQL_DIST = join(dirname(require.resolve("@graphql-yoga/graphiql/package.json")), "dist");

/** Browsers ask for HTML; GraphQL clients for JSON. */
function wantsHtml(request: express.Request): boolean {
  return request.method === "GET" && request.accepts(["application/json", "application/graphql-response+json", "text/html"]) === "text/html";
}

/**
 * The development explorer: GraphiQL at GET / and GET /graphql (from a browser), its assets
 * under /explorer/assets, and POST /explorer/token for the token picker. Never mounted in production.
 */
export function mountExplorer(app: Express, graphqlPath: string, options: ExplorerOptions = {}): void {
  const tokens = options.tokens;
  const html = renderExplorerPage({
    graphqlPath,
    assetsPath: ASSETS_PATH,
    tokensPath: TOKENS_PATH,
    operations: loadExampleOperations(options.operationsDir ?? DEFAULT_OPERATIONS_DIR),
    users: tokens?.users ?? [],
  });
  app.use(ASSETS_PATH, express.static(GRAPHIQL_DIST, { immutable: true, maxAge: "1d", index: false }));
  app.get(["/", graphqlPath], (request, response, next) => {
    if (!wantsHtml(request)) return next();
    response.type("html").send(html);
  });
  app.post(TOKENS_PATH, express.json({ limit: "1kb" }), (request, response) => {
    const user = tokens?.users[Number((request.body as { user?: unknown } | undefined)?.user)];
    if (!tokens || !user) {
      response.status(404).json({ error: tokens ? "no such demo user" : "no development issuer: this gateway mints no tokens" });
      return;
    }
    response.json({ token: tokens.mint(user.identity), identity: user.identity });
  });
}
