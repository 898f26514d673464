import type { DemoUser } from "./dev-tokens";
import type { ExampleOperation } from "./operations";

interface ExplorerAssets {
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
const PICK_A_USER =
  "Vælg en bruger under »Act as« øverst på siden, så køres forespørgslen som den bruger (eller skriv en Authorization-header under Headers). — Pick a user under »Act as« at the top of the page (or set an Authorization header under Headers).";

/** What the docs pane says before anyone is picked, in place of GraphiQL's bare "Error fetching schema". */
const SCHEMA_NEEDS_A_USER =
  "Vælg en bruger under »Act as« øverst på siden for at se skemaet: gatewayen viser det kun til en bruger med et token (eller skriv en Authorization-header under Headers). — Pick a user under »Act as« at the top of the page to see the schema: the gateway shows it only to a user with a token.";

/** The question before a writing operation runs, and the answer when the user says no. */
const CONFIRM_WRITE =
  "Denne operation skriver data som den valgte bruger. Vil du køre den? — This operation writes data as the chosen user. Run it?";
const WRITE_NOT_CONFIRMED = "Ikke kørt: skrivningen blev ikke bekræftet. — Not run: the write was not confirmed.";

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
  /* Every tab in view: the bar wraps onto a second row instead of scrolling tabs away under "+". */
  .graphiql-session-header { height: auto; min-height: var(--session-header-height); }
  .graphiql-tabs { flex-wrap: wrap; }
`;

/**
 * GraphiQL with everything from the gateway itself: the bundle, its CSS and Monaco's workers
 * come from node_modules/@graphql-yoga/graphiql, so the page works on a machine with no internet.
 * A custom fetcher adds the picked demo user's token unless the headers editor sets its own.
 * Picking another user re-reads the schema (as that user) and clears the previous user's
 * answers from every tab. The pick and its token are kept in sessionStorage, so a reload keeps
 * the user: acceptable for a token the development issuer mints for a demo user, which lives 8 h,
 * stays in this browser tab (sessionStorage ends with it) and never exists in production, where
 * the explorer is not served. A mutation runs only after the user confirms it.
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
  const schemaNeedsAUser = ${scriptJson(SCHEMA_NEEDS_A_USER)};
  const confirmWrite = ${scriptJson(CONFIRM_WRITE)};
  const writeNotConfirmed = ${scriptJson(WRITE_NOT_CONFIRMED)};
  const ACT_AS_KEY = "company-graph:act-as";
  const NO_USER = "← vælg en bruger for at køre forespørgsler (pick a user to run queries)";
  const TOKEN_ISSUED = "token udstedt af udviklingsudstederen, gyldigt 8 timer (development token, valid 8 h)";
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

  const select = document.getElementById("user");
  select.addEventListener("change", (event) => {
    forgetAnswers();
    actAs(event.target.value);
  });

  async function actAs(user) {
    const pick = ++picks;
    token = "";
    sessionStorage.removeItem(ACT_AS_KEY);
    if (user === "") {
      status.textContent = NO_USER;
      refetchSchema();
      return;
    }
    status.textContent = "…";
    const response = await fetch(tokensPath, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: Number(user) }) });
    const body = await response.json().catch(() => ({}));
    if (pick !== picks) return;
    token = body.token || "";
    status.textContent = token ? TOKEN_ISSUED : "intet token (no token): " + (body.error || response.status);
    if (token) sessionStorage.setItem(ACT_AS_KEY, JSON.stringify({ user, token }));
    refetchSchema();
  }

  // The user picked before a reload: their token while it has a minute left, else a fresh one.
  function restorePick() {
    let remembered = null;
    try {
      remembered = JSON.parse(sessionStorage.getItem(ACT_AS_KEY) || "null");
    } catch {}
    if (!remembered || ![...select.options].some((option) => option.value === remembered.user && option.value !== "")) return;
    select.value = remembered.user;
    if (secondsLeft(remembered.token) > 60) {
      token = remembered.token;
      status.textContent = TOKEN_ISSUED;
    } else {
      actAs(remembered.user);
    }
  }
  function secondsLeft(jwt) {
    try {
      const claims = JSON.parse(atob(String(jwt).split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
      return claims.exp - Date.now() / 1000;
    } catch {
      return 0;
    }
  }
  restorePick();

  // GraphiQL's docs pane says only "Error fetching schema" when the schema cannot be read, as before anyone is picked.
  new MutationObserver(() => {
    if (token) return;
    for (const element of document.querySelectorAll(".graphiql-doc-explorer-error")) if (element.textContent === "Error fetching schema") element.textContent = schemaNeedsAUser;
  }).observe(document.getElementById("graphiql"), { childList: true, subtree: true });

  async function fetcher(params, options) {
    const own = (options && options.headers) || {};
    const hasAuthorization = Object.keys(own).some((name) => name.toLowerCase() === "authorization");
    if (!token && !hasAuthorization) return { errors: [{ message: pickAUser, extensions: { code: "UNAUTHENTICATED" } }] };
    const headers = { "content-type": "application/json", "apollo-require-preflight": "true", ...(hasAuthorization ? {} : { authorization: "Bearer " + token }), ...own };
    const named = withOwnOperationName(params);
    if (writes(named) && !window.confirm(confirmWrite)) return { errors: [{ message: writeNotConfirmed, extensions: { code: "NOT_CONFIRMED" } }] };
    const response = await fetch(graphqlPath, { method: "POST", headers, body: JSON.stringify(named) });
    return response.json();
  }

  // Whether the operation that would run is a mutation: the named one, else the document's only one;
  // when that cannot be told, any mutation in the document counts.
  function writes(params) {
    const definitions = [...String(params.query || "").replace(/#[^\\n]*/g, "").matchAll(/\\b(query|mutation|subscription)\\b\\s*([_A-Za-z][_0-9A-Za-z]*)?/g)];
    const chosen = definitions.find((match) => match[2] && match[2] === params.operationName) || (definitions.length === 1 ? definitions[0] : undefined);
    return chosen ? chosen[1] === "mutation" : definitions.some((match) => match[1] === "mutation");
  }

  // GraphiQL reads a tab's operation name from its editor after a debounce, so a Run right after
  // switching tabs can send the previous tab's name with this tab's document: name the
  // document's own operation instead when it has exactly one.
  function withOwnOperationName(params) {
    const names = [...String(params.query || "").matchAll(/(?:query|mutation|subscription)[ ]+([_A-Za-z][_0-9A-Za-z]*)/g)].map((match) => match[1]);
    if (!params.operationName || names.includes(params.operationName)) return params;
    return names.length === 1 ? { ...params, operationName: names[0] } : { ...params, operationName: undefined };
  }

  // GraphiQL adds its query prop as one more tab unless a stored tab has the same text (and no
  // headers), so an edited first tab came back twice after a reload: open on a stored tab instead.
  function openingTab() {
    try {
      const stored = JSON.parse(sessionStorage.getItem("graphiql:tabState") || "null");
      const tabs = (stored && stored.tabs) || [];
      const tab = [tabs[stored.activeTabIndex], ...tabs].find((candidate) => candidate && !candidate.headers);
      if (tab) return { query: tab.query || "", variables: tab.variables || "" };
    } catch {}
    return { query: ${scriptJson(page.operations[0]?.query ?? "{ __typename }")}, variables: ${scriptJson(page.operations[0]?.variables ?? "")} };
  }

  YogaGraphiQL.renderYogaGraphiQL(document.getElementById("graphiql"), {
    title: "Company Graph",
    fetcher,
    // Tabs and their answers (personal data among them) last as long as the browser tab, as the token does.
    storage: sessionStorage,
    defaultTabs: ${scriptJson(tabs)},
    ...openingTab(),
    onTabChange(state) {
      tabState = state;
    },
  });
</script>
</body>
</html>
`;
}
