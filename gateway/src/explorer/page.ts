import type { DemoUser } from "./dev-tokens";
import type { ExampleOperation } from "./operations";

export interface ExplorerAssets {
  css: string;
  bundle: string;
  workers: { graphql: string; json: string; editor: string };
}

export interface ExplorerPage {
  graphqlPath: string;
  /** The versioned folder the assets are served from. */
  assetsPath: string;
  assets: ExplorerAssets;
  tokensPath: string;
  /** The example tabs; the first is the one GraphiQL opens. */
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

/** What the explorer says before anyone is picked under "Act as" (Danish first). */
export const PICK_A_USER = "Vælg en bruger under »Act as« øverst på siden, så køres forespørgslen som den bruger (eller skriv en Authorization-header under Headers). — Pick a user under »Act as« at the top of the page (or set an Authorization header under Headers).";

/**
 * The page's own CSS. GraphiQL's container is 100vh tall, which under the toolbar overflowed the
 * window (and hid the settings gear): here it fills what the toolbar leaves. GraphiQL's tab
 * reorder animation leaves translateX offsets on the tabs, so a tab moved away from the pointer
 * on mouse-down and the first click was lost; without the transform, tabs stay where they are
 * drawn (drag-to-reorder still works, unanimated).
 */
const PAGE_CSS = `
  html, body { margin: 0; height: 100%; overflow: hidden; }
  body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
  #toolbar { flex: none; display: flex; gap: 1em; align-items: center; padding: 4px 12px; border-bottom: 1px solid #ddd; font-size: 14px; }
  #graphiql { flex: 1; min-height: 0; }
  #graphiql .graphiql-container { height: 100%; width: 100%; }
  .graphiql-tab { transform: none !important; }
`;

/**
 * GraphiQL with everything from the gateway itself: the bundle, its CSS and Monaco's workers
 * come from node_modules/@graphql-yoga/graphiql, so the page works on a machine with no internet.
 * A custom fetcher adds the picked demo user's token unless the headers editor sets its own.
 * Picking another user re-reads the schema (as that user) and clears the previous user's
 * answers from every tab.
 */
export function renderExplorerPage(page: ExplorerPage): string {
  const tabs = page.operations.map((operation) => ({ query: operation.query, variables: operation.variables }));
  const options = page.users.map((user, index) => `<option value="${index}">${escapeHtml(user.label)}</option>`).join("");
  const asset = (file: string) => `${page.assetsPath}/${file}`;
  const workers = page.assets.workers;
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>Company Graph explorer</title>
<link rel="stylesheet" href="${asset(page.assets.css)}">
<style>${PAGE_CSS}</style>
</head>
<body>
<div id="toolbar">
  <strong>Company Graph</strong>
  <label>Act as <select id="user"><option value="">ingen bruger (no token: use the headers editor)</option>${options}</select></label>
  <span id="token-status">← vælg en bruger for at køre forespørgsler (pick a user to run queries)</span>
</div>
<div id="graphiql"></div>
<script>
  self.MonacoEnvironment = {
    getWorker(_id, label) {
      const file = label === "graphql" ? ${scriptJson(asset(workers.graphql))} : label === "json" ? ${scriptJson(asset(workers.json))} : ${scriptJson(asset(workers.editor))};
      return new Worker(file);
    },
  };
</script>
<script src="${asset(page.assets.bundle)}"></script>
<script>
  const graphqlPath = ${scriptJson(page.graphqlPath)};
  const tokensPath = ${scriptJson(page.tokensPath)};
  const pickAUser = ${scriptJson(PICK_A_USER)};
  let token = "";
  let picks = 0;
  // GraphiQL's latest tab state (from onTabChange): each tab keeps its last answer in it.
  let tabState = null;
  const status = document.getElementById("token-status");

  // GraphiQL keeps the Monaco API it loaded in globalThis.__MONACO; no other handle on its editors is exposed.
  function editorIn(selector) {
    const monaco = globalThis.__MONACO || globalThis.monaco;
    return (monaco ? monaco.editor.getEditors() : []).find((editor) => editor.getContainerDomNode().closest(selector));
  }
  // The previous user's answers may hold personal data the next user may not see.
  function forgetAnswers() {
    for (const tab of (tabState && tabState.tabs) || []) tab.response = null;
    const response = editorIn(".graphiql-response");
    if (response) response.setValue("");
  }
  // GraphiQL's own "re-fetch schema" shortcut (Shift-Ctrl-R): Docs and autocompletion follow the new user.
  function refetchSchema() {
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "R", ctrlKey: true, shiftKey: true }));
  }

  document.getElementById("user").addEventListener("change", async (event) => {
    const pick = ++picks;
    token = "";
    forgetAnswers();
    if (event.target.value === "") {
      status.textContent = "← vælg en bruger for at køre forespørgsler (pick a user to run queries)";
      refetchSchema();
      return;
    }
    status.textContent = "…";
    const response = await fetch(tokensPath, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: Number(event.target.value) }) });
    const body = await response.json().catch(() => ({}));
    if (pick !== picks) return;
    token = body.token || "";
    status.textContent = token ? "token udstedt af udviklingsudstederen, gyldigt 8 timer (development token, valid 8 h)" : "intet token (no token): " + (body.error || response.status);
    refetchSchema();
  });

  async function fetcher(params, options) {
    const own = (options && options.headers) || {};
    const hasAuthorization = Object.keys(own).some((name) => name.toLowerCase() === "authorization");
    if (!token && !hasAuthorization) return { errors: [{ message: pickAUser, extensions: { code: "UNAUTHENTICATED" } }] };
    const headers = { "content-type": "application/json", "apollo-require-preflight": "true", ...(hasAuthorization ? {} : { authorization: "Bearer " + token }), ...own };
    const response = await fetch(graphqlPath, { method: "POST", headers, body: JSON.stringify(withOwnOperationName(params)) });
    return response.json();
  }

  // GraphiQL reads a tab's operation name from its editor after a debounce, so a Run right after
  // switching tabs can send the previous tab's name with this tab's document: name the
  // document's own operation instead when it has exactly one.
  function withOwnOperationName(params) {
    const names = [...String(params.query || "").matchAll(/(?:query|mutation|subscription)[ ]+([_A-Za-z][_0-9A-Za-z]*)/g)].map((match) => match[1]);
    if (!params.operationName || names.includes(params.operationName)) return params;
    return names.length === 1 ? { ...params, operationName: names[0] } : { ...params, operationName: undefined };
  }

  YogaGraphiQL.renderYogaGraphiQL(document.getElementById("graphiql"), {
    title: "Company Graph",
    fetcher,
    defaultTabs: ${scriptJson(tabs)},
    query: ${scriptJson(page.operations[0]?.query ?? "{ __typename }")},
    variables: ${scriptJson(page.operations[0]?.variables ?? "")},
    onTabChange(state) {
      tabState = state;
    },
  });
</script>
</body>
</html>
`;
}
