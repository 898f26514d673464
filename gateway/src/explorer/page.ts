import type { DemoUser } from "./dev-tokens";
import type { ExampleOperation } from "./operations";

export interface ExplorerPage {
  graphqlPath: string;
  assetsPath: string;
  tokensPath: string;
  operations: readonly ExampleOperation[];
  users: readonly DemoUser[];
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * GraphiQL with everything from the gateway itself: the bundle, its CSS and Monaco's workers
 * come from node_modules/@graphql-yoga/graphiql, so the page works on a machine with no internet.
 * A custom fetcher adds the picked demo user's token unless the headers editor sets its own.
 */
export function renderExplorerPage(page: ExplorerPage): string {
  const tabs = page.operations.map((operation) => ({ query: operation.query, variables: operation.variables }));
  const options = page.users.map((user, index) => `<option value="${index}">${escapeHtml(user.label)}</option>`).join("");
  const assets = page.assetsPath;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Company Graph explorer</title>
<link rel="stylesheet" href="${assets}/graphiql.css">
<style>
  body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
  #toolbar { display: flex; gap: 1em; align-items: center; padding: 4px 12px; border-bottom: 1px solid #ddd; font-size: 14px; }
  #graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body>
<div id="toolbar">
  <strong>Company Graph</strong>
  <label>Act as <select id="user"><option value="">no token (use the headers editor)</option>${options}</select></label>
  <span id="token-status"></span>
</div>
<div id="graphiql"></div>
<script>
  self.MonacoEnvironment = {
    getWorker(_id, label) {
      const file = label === "graphql" ? "${assets}/monacoeditorwork/graphql.worker..bundle.js" : label === "json" ? "${assets}/monacoeditorwork/json.worker.bundle.js" : "${assets}/monacoeditorwork/editor.worker.bundle.js";
      return new Worker(file);
    },
  };
</script>
<script src="${assets}/yoga-graphiql.umd.js"></script>
<script>
  const graphqlPath = ${scriptJson(page.graphqlPath)};
  const tokensPath = ${scriptJson(page.tokensPath)};
  let token = "";
  const status = document.getElementById("token-status");
  document.getElementById("user").addEventListener("change", async (event) => {
    token = "";
    status.textContent = "";
    if (event.target.value === "") return;
    const response = await fetch(tokensPath, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: Number(event.target.value) }) });
    const body = await response.json();
    token = body.token || "";
    status.textContent = token ? "token minted (development issuer), valid 8 h" : "no token: " + (body.error || response.status);
  });
  async function fetcher(params, options) {
    const own = (options && options.headers) || {};
    const hasAuthorization = Object.keys(own).some((name) => name.toLowerCase() === "authorization");
    const headers = { "content-type": "application/json", "apollo-require-preflight": "true", ...(token && !hasAuthorization ? { authorization: "Bearer " + token } : {}), ...own };
    const response = await fetch(graphqlPath, { method: "POST", headers, body: JSON.stringify(params) });
    return response.json();
  }
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById("graphiql"), {
    title: "Company Graph",
    fetcher,
    defaultTabs: ${scriptJson(tabs)},
    query: ${scriptJson(page.operations[0]?.query ?? "{ __typename }")},
    variables: ${scriptJson(page.operations[0]?.variables ?? "")},
  });
</script>
</body>
</html>
`;
}
