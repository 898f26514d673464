// Issue #24, finding 1: one caller must not slow everyone. A well-behaved user reads company
// views one at a time, alone and then while a heavy neighbour pushes its full cost budget: one
// token with many connections, and many tokens from one client address. Reported: the victim's
// company-view p99 under each neighbour over its p99 alone (target ≤ 2×). The gateway runs with
// its default budgets and trusts 127.0.0.1 as its ingress, so X-Forwarded-For tells the
// simulated clients apart; everything stays on loopback and every run is bounded in time.
import { measure } from "./load.mjs";

/** Connections of the neighbour's one token: its concurrency budget's worth of requests kept in flight. */
const ONE_TOKEN_CONNECTIONS = 32;
/** The many-token neighbour: tokens from one address, each with a few connections. */
const MANY_TOKENS = 8;
const CONNECTIONS_PER_TOKEN = 4;
const VICTIM_ADDRESS = "198.51.100.7";
const NEIGHBOUR_ADDRESS = "203.0.113.9";

/**
 * The neighbour's document: two company views aliased in one operation, the heaviest kind the
 * operation limit lets through (cost 8,256 of 10,000: each view reads every department system).
 */
function heavyBodies(viewBodies) {
  const views = viewBodies.map((body) => JSON.parse(body));
  const selection = /query CompanyView\(\$cvr: ID!\) \{\s*company\(cvr: \$cvr\) (\{[\s\S]*\})\s*\}\s*$/.exec(views[0].query.replace(/^#.*$/gm, "").trim());
  if (!selection) throw new Error("the company view is not `query CompanyView($cvr: ID!) { company(cvr: $cvr) { … } }`");
  const query = `query TwoCompanyViews($a: ID!, $b: ID!) { a: company(cvr: $a) ${selection[1]} b: company(cvr: $b) ${selection[1]} }`;
  return views.map((view, i) => JSON.stringify({ query, variables: { a: view.variables.cvr, b: views[(i + 1) % views.length].variables.cvr } }));
}

/** Runs `measurement` while `connections` clients send the heavy document back to back, the i-th with `headersFor(i)`. */
async function whileNeighbourPushes({ url, bodies, connections, headersFor }, measurement) {
  let stopped = false;
  const neighbour = { sent: 0, answered: 0, byStatus: {} };
  const client = async (index) => {
    for (let i = index; !stopped; i += connections) {
      try {
        const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headersFor(index) }, body: bodies[i % bodies.length] });
        const answer = await response.json().catch(() => ({}));
        neighbour.sent++;
        const outcome = `${response.status}${answer.errors ? ` ${answer.errors[0]?.extensions?.code ?? "error"}` : ""}`;
        neighbour.byStatus[outcome] = (neighbour.byStatus[outcome] ?? 0) + 1;
        if (response.status === 200 && !answer.errors) neighbour.answered++;
        // A refused neighbour waits as its Retry-After asks, as a client should, instead of spinning.
        if (response.status === 429) await new Promise((resolve) => setTimeout(resolve, 1_000 * Number(response.headers.get("retry-after") ?? 1)));
      } catch {
        neighbour.sent++;
      }
    }
  };
  const clients = Array.from({ length: connections }, (_, index) => client(index));
  const result = await measurement();
  stopped = true;
  await Promise.all(clients);
  return { neighbour, result };
}

/**
 * `mint(identity)`: headers with a token for that identity. The victim and the neighbours are
 * distinct users; the victim's address is not the neighbours'.
 */
export async function measureFairness({ url, viewBodies, mint, seconds, processes, log }) {
  const victimHeaders = { ...mint({ userId: "bench-fair-victim", role: "KEY_ACCOUNT_MANAGER" }), "x-forwarded-for": VICTIM_ADDRESS };
  const oneAtATime = { url, bodies: viewBodies, headers: victimHeaders, connections: 1, warmupSeconds: 1, durationSeconds: seconds, processes };
  const bodies = heavyBodies(viewBodies);
  const alone = await measure(oneAtATime);
  log?.(`fairness: company view alone p50 ${alone.p50.toFixed(1)} ms p99 ${alone.p99.toFixed(1)} ms over ${alone.total}`);

  const oneToken = { ...mint({ userId: "bench-fair-neighbour", role: "KEY_ACCOUNT_MANAGER" }), "x-forwarded-for": NEIGHBOUR_ADDRESS };
  const underOneToken = await whileNeighbourPushes({ url, bodies, connections: ONE_TOKEN_CONNECTIONS, headersFor: () => oneToken }, () => measure(oneAtATime));
  log?.(`fairness: under one token × ${ONE_TOKEN_CONNECTIONS} p99 ${underOneToken.result.p99.toFixed(1)} ms (${(underOneToken.result.p99 / alone.p99).toFixed(2)}×); neighbour ${JSON.stringify(underOneToken.neighbour.byStatus)}`);

  const tokens = Array.from({ length: MANY_TOKENS }, (_, n) => ({ ...mint({ userId: `bench-fair-neighbour-${n}`, role: "KEY_ACCOUNT_MANAGER" }), "x-forwarded-for": NEIGHBOUR_ADDRESS }));
  const underManyTokens = await whileNeighbourPushes({ url, bodies, connections: MANY_TOKENS * CONNECTIONS_PER_TOKEN, headersFor: (i) => tokens[i % MANY_TOKENS] }, () => measure(oneAtATime));
  log?.(`fairness: under ${MANY_TOKENS} tokens × ${CONNECTIONS_PER_TOKEN} from one address p99 ${underManyTokens.result.p99.toFixed(1)} ms (${(underManyTokens.result.p99 / alone.p99).toFixed(2)}×); neighbour ${JSON.stringify(underManyTokens.neighbour.byStatus)}`);

  return {
    seconds,
    alone,
    oneToken: { connections: ONE_TOKEN_CONNECTIONS, ...underOneToken, p99Ratio: underOneToken.result.p99 / alone.p99 },
    manyTokens: { tokens: MANY_TOKENS, connections: MANY_TOKENS * CONNECTIONS_PER_TOKEN, ...underManyTokens, p99Ratio: underManyTokens.result.p99 / alone.p99 },
  };
}

const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
const outcomes = (byStatus) => Object.entries(byStatus).map(([answer, count]) => `${count} × ${answer}`).join(", ");

/** The fairness section of RESULTS.md, between markers so `npm run bench -- --fairness` can replace it alone. */
export function fairnessSection(fairness, date, loadAverage) {
  const row = (name, run, ratio) => `| ${name} | ${fixed(run.p50)} | ${fixed(run.p99)} | ${run.total} | ${ratio === undefined ? "" : `**${fixed(ratio, 2)}×**`} |`;
  return [
    "<!-- fairness:start -->",
    "## Fairness: a heavy neighbour (issue #24)",
    "",
    `Measured ${date.slice(0, 16).replace("T", " ")} UTC (load average ${loadAverage} at the start); small profile, our gateway with its default rate, concurrency and cost budgets, 127.0.0.1 trusted as its ingress (TRUSTED_PROXIES) so each simulated client is told apart by X-Forwarded-For. A key account manager reads company views one at a time (${fairness.seconds} s per run) from its own address; the neighbour sends two company views aliased in one document (cost 8,256 of the 10,000 limit) back to back, waiting out each 429's Retry-After. Target: the victim's p99 under the neighbour ≤ 2× its p99 alone.`,
    "",
    "| victim's company view | p50 ms | p99 ms | requests | p99 ÷ alone |",
    "|---|---|---|---|---|",
    row("alone", fairness.alone),
    row(`one token, ${fairness.oneToken.connections} connections`, fairness.oneToken.result, fairness.oneToken.p99Ratio),
    row(`${fairness.manyTokens.tokens} tokens × ${fairness.manyTokens.connections / fairness.manyTokens.tokens} connections, one address`, fairness.manyTokens.result, fairness.manyTokens.p99Ratio),
    "",
    `The neighbour's answers: one token ${outcomes(fairness.oneToken.neighbour.byStatus)}; many tokens ${outcomes(fairness.manyTokens.neighbour.byStatus)}.`,
    "<!-- fairness:end -->",
  ].join("\n");
}

/** RESULTS.md with its fairness section replaced (or placed after the abuse section when it has none). */
export function withFairnessSection(previous, section) {
  const marked = /<!-- fairness:start -->[\s\S]*?<!-- fairness:end -->/;
  if (marked.test(previous)) return previous.replace(marked, () => section);
  const anchor = previous.indexOf("<!-- abuse:end -->");
  return anchor < 0 ? `${previous.trimEnd()}\n\n${section}\n` : `${previous.slice(0, anchor + "<!-- abuse:end -->".length)}\n\n${section}${previous.slice(anchor + "<!-- abuse:end -->".length)}`;
}
