// The four scenarios (bench/operations/*.graphql) with request bodies whose variables rotate over
// many companies, chosen from the same generated world the simulators and the CRM serve.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { postJson } from "./stack.mjs";

const operations = join(dirname(fileURLToPath(import.meta.url)), "..", "operations");
const operation = (name) => readFileSync(join(operations, `${name}.graphql`), "utf8");

/**
 * "A company with many cases": the same band of case counts on both profiles, so the
 * city-vs-small ratio measures data volume, not a bigger answer.
 */
export const COMPANY_VIEW_CASES = { min: 50, max: 150 };
const MAX_VARIANTS = 300;

// A deterministic shuffle, so two runs send the same mix.
function shuffled(items, seed = 42) {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export function buildScenarios(world) {
  const caseCount = new Map();
  for (const list of Object.values(world.cases)) for (const c of list) caseCount.set(c.cvr, (caseCount.get(c.cvr) ?? 0) + 1);
  const permitCount = new Map();
  for (const list of Object.values(world.permits)) for (const p of list) permitCount.set(p.cvr, (permitCount.get(p.cvr) ?? 0) + 1);

  const viewed = shuffled(
    world.companies.filter((c) => {
      const n = caseCount.get(c.cvr) ?? 0;
      return n >= COMPANY_VIEW_CASES.min && n <= COMPANY_VIEW_CASES.max;
    }),
  ).slice(0, MAX_VARIANTS);
  const meanCases = viewed.reduce((sum, c) => sum + caseCount.get(c.cvr), 0) / Math.max(1, viewed.length);
  const meanPermits = viewed.reduce((sum, c) => sum + (permitCount.get(c.cvr) ?? 0), 0) / Math.max(1, viewed.length);

  const words = new Set();
  for (const company of world.companies) {
    for (const word of company.name.split(/[\s/,.&-]+/)) if (word.length >= 4 && !/^(ApS|A\/S|I\/S)$/.test(word)) words.add(word);
    if (company.industry?.text) words.add(company.industry.text.split(" ")[0]);
    words.add(company.cvr.slice(0, 4));
  }
  const searchTerms = shuffled([...words]).slice(0, MAX_VARIANTS);
  const trivialCvrs = shuffled(world.companies.map((c) => c.cvr)).slice(0, 2_000);

  const body = (query, variables) => JSON.stringify({ query, variables });
  const companyView = operation("company-view");
  const page = operation("companies-page");
  const search = operation("search");
  const trivial = operation("trivial");
  const scenarios = [
    { name: "company view", bodies: viewed.map((c) => body(companyView, { cvr: c.cvr })) },
    { name: "companies page", bodies: [body(page, { after: null })] },
    { name: "search", bodies: searchTerms.map((term) => body(search, { search: term })) },
    { name: "trivial", bodies: trivialCvrs.map((cvr) => body(trivial, { cvr })) },
  ];
  const describe = [
    {
      name: "company view",
      operation: "company-view.graphql",
      variants: viewed.length,
      detail: `companies with ${COMPANY_VIEW_CASES.min}-${COMPANY_VIEW_CASES.max} cases (mean ${meanCases.toFixed(0)} cases, ${meanPermits.toFixed(1)} permits)`,
    },
    {
      name: "companies page",
      operation: "companies-page.graphql",
      variants: 0,
      detail: "pages of 50 companies with their open cases, from many points in the list",
    },
    {
      name: "search",
      operation: "search.graphql",
      variants: searchTerms.length,
      detail: "words of company names and industries, CVR prefixes",
    },
    {
      name: "trivial",
      operation: "trivial.graphql",
      variants: trivialCvrs.length,
      detail: "`company(cvr) { name }` over random companies",
    },
  ];

  return {
    scenarios,
    describe,
    /** Cursors are opaque: walk the list once (lightly) to get page starts all over it. */
    async fillCursors(url, headers, pages = 100) {
      const walk = "query Walk($after: String) { companies(first: 50, after: $after) { pageInfo { hasNextPage endCursor } } }";
      const stride = Math.max(1, Math.floor(world.companies.length / 50 / pages));
      const cursors = [null];
      let after = null;
      for (let i = 0; cursors.length < pages; i++) {
        const { body: answer } = await postJson(url, { query: walk, variables: { after } }, headers);
        const info = answer.data?.companies?.pageInfo;
        if (!info?.hasNextPage) break;
        after = info.endCursor;
        if (i % stride === stride - 1) cursors.push(after);
      }
      scenarios[1].bodies = shuffled(cursors).map((cursor) => body(page, { after: cursor }));
      describe[1].variants = cursors.length;
    },
  };
}
