// One caller must not slow everyone. A well-behaved user reads company
// views one at a time, alone and then while a heavy neighbour pushes its full cost budget: one
// token with many connections, and many tokens from one client address. Reported: the victim's
// company-view p99 under each neighbour over its p99 alone (target ≤ 2×). The gateway runs with
// its default budgets and trusts 127.0.0.1 as its ingress, so X-Forwarded-For tells the
// simulated clients apart; everything stays on loopback and every run is bounded in time.
import { measure, whileClientsLoop } from "./load.mjs";

/** Connections of the neighbour's one token: its concurrency budget's worth of requests kept in flight. */
const ONE_TOKEN_CONNECTIONS = 32;
/** The many-token neighbour: tokens from one address, each with a few connections. */
const MANY_TOKENS = 8;
const CONNECTIONS_PER_TOKEN = 4;
const VICTIM_ADDRESS = "198.51.100.7";
/** Company views and heavy documents sent before the first timed run. */
const WARM_UP_REQUESTS = 20;
const NEIGHBOUR_ADDRESS = "203.0.113.9";

/**
 * The neighbour's document: two company views aliased in one operation, the heaviest kind the
 * operation limit lets through (cost 8,256 of 10,000: each view reads every department system).
 */
function heavyBodies(viewBodies) {
  const views = viewBodies.map((body) => JSON.parse(body));
  const selection = /query CompanyView\(\$cvr: ID!\) \{\s*company\(cvr: \$cvr\) (\{[\s\S]*\})\s*\}\s*$/.exec(
    views[0].query.replace(/^#.*$/gm, "").trim(),
  );
  if (!selection) throw new Error("the company view is not `query CompanyView($cvr: ID!) { company(cvr: $cvr) { … } }`");
  const query = `query TwoCompanyViews($a: ID!, $b: ID!) { a: company(cvr: $a) ${selection[1]} b: company(cvr: $b) ${selection[1]} }`;
  return views.map((view, i) =>
    JSON.stringify({ query, variables: { a: view.variables.cvr, b: views[(i + 1) % views.length].variables.cvr } }),
  );
}

/** Runs `measurement` while `connections` clients send the heavy document back to back, the c-th with `headersFor(c)`. */
async function whileNeighbourPushes({ url, bodies, connections, headersFor }, measurement) {
  const neighbour = { sent: 0, answered: 0, byStatus: {} };
  const push = async (i) => {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headersFor(i % connections) },
        body: bodies[i % bodies.length],
      });
      const answer = await response.json().catch(() => ({}));
      neighbour.sent++;
      const outcome = `${response.status}${answer.errors ? ` ${answer.errors[0]?.extensions?.code ?? "error"}` : ""}`;
      neighbour.byStatus[outcome] = (neighbour.byStatus[outcome] ?? 0) + 1;
      if (response.status === 200 && !answer.errors) neighbour.answered++;
      // A refused neighbour waits as its Retry-After asks, as a client should, instead of spinning.
      if (response.status === 429)
        await new Promise((resolve) => setTimeout(resolve, 1_000 * Number(response.headers.get("retry-after") ?? 1)));
    } catch {
      neighbour.sent++;
    }
  };
  const result = await whileClientsLoop(connections, push, measurement);
  return { neighbour, result };
}

/** Per-round runs pooled: p50 and p99 averaged over the rounds, requests summed. */
function pooled(runs) {
  const mean = (key) => runs.reduce((sum, run) => sum + run[key], 0) / runs.length;
  return { p50: mean("p50"), p99: mean("p99"), total: runs.reduce((sum, run) => sum + run.total, 0), p99s: runs.map((run) => run.p99) };
}

/**
 * `mint(identity)`: headers with a token for that identity. The victim and the neighbours are
 * distinct users; the victim's address is not the neighbours'. The three conditions (alone, one
 * heavy token, many tokens from one address) are interleaved over `rounds`, so a change in the
 * machine's other load during the run falls on all of them alike.
 */
export async function measureFairness({ url, viewBodies, mint, seconds, rounds, processes, log }) {
  const victimHeaders = { ...mint({ userId: "bench-fair-victim", role: "KEY_ACCOUNT_MANAGER" }), "x-forwarded-for": VICTIM_ADDRESS };
  const oneAtATime = {
    url,
    bodies: viewBodies,
    headers: victimHeaders,
    connections: 1,
    warmupSeconds: 1,
    durationSeconds: seconds,
    processes,
  };
  const bodies = heavyBodies(viewBodies);
  const oneToken = { ...mint({ userId: "bench-fair-neighbour", role: "KEY_ACCOUNT_MANAGER" }), "x-forwarded-for": NEIGHBOUR_ADDRESS };
  const tokens = Array.from({ length: MANY_TOKENS }, (_, n) => ({
    ...mint({ userId: `bench-fair-neighbour-${n}`, role: "KEY_ACCOUNT_MANAGER" }),
    "x-forwarded-for": NEIGHBOUR_ADDRESS,
  }));
  const runs = { alone: [], oneToken: [], manyTokens: [] };
  const neighbours = { oneToken: {}, manyTokens: {} };
  const tally = (into, byStatus) => {
    for (const [outcome, count] of Object.entries(byStatus)) into[outcome] = (into[outcome] ?? 0) + count;
  };
  // Warm first (untimed, bounded by count): the first views and heavy documents of a fresh stack take far longer than the rest.
  for (let i = 0; i < WARM_UP_REQUESTS; i++) {
    for (const [headers, body] of [
      [victimHeaders, viewBodies[i % viewBodies.length]],
      [oneToken, bodies[i % bodies.length]],
    ]) {
      await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body }).then((response) =>
        response.text(),
      );
    }
  }
  for (let round = 1; round <= rounds; round++) {
    runs.alone.push(await measure(oneAtATime));
    const underOne = await whileNeighbourPushes({ url, bodies, connections: ONE_TOKEN_CONNECTIONS, headersFor: () => oneToken }, () =>
      measure(oneAtATime),
    );
    runs.oneToken.push(underOne.result);
    tally(neighbours.oneToken, underOne.neighbour.byStatus);
    const underMany = await whileNeighbourPushes(
      { url, bodies, connections: MANY_TOKENS * CONNECTIONS_PER_TOKEN, headersFor: (i) => tokens[i % MANY_TOKENS] },
      () => measure(oneAtATime),
    );
    runs.manyTokens.push(underMany.result);
    tally(neighbours.manyTokens, underMany.neighbour.byStatus);
    log?.(
      `fairness round ${round}: company view p99 alone ${runs.alone.at(-1).p99.toFixed(1)} ms, beside one token ${underOne.result.p99.toFixed(1)} ms, beside ${MANY_TOKENS} tokens of one address ${underMany.result.p99.toFixed(1)} ms`,
    );
  }
  const alone = pooled(runs.alone);
  const result = {
    seconds,
    rounds,
    alone,
    oneToken: { connections: ONE_TOKEN_CONNECTIONS, result: pooled(runs.oneToken), neighbour: { byStatus: neighbours.oneToken } },
    manyTokens: {
      tokens: MANY_TOKENS,
      connections: MANY_TOKENS * CONNECTIONS_PER_TOKEN,
      result: pooled(runs.manyTokens),
      neighbour: { byStatus: neighbours.manyTokens },
    },
  };
  result.oneToken.p99Ratio = result.oneToken.result.p99 / alone.p99;
  result.manyTokens.p99Ratio = result.manyTokens.result.p99 / alone.p99;
  log?.(
    `fairness: p99 ÷ alone ${result.oneToken.p99Ratio.toFixed(2)}× beside one token, ${result.manyTokens.p99Ratio.toFixed(2)}× beside many tokens of one address`,
  );
  return result;
}

const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
const outcomes = (byStatus) =>
  Object.entries(byStatus)
    .map(([answer, count]) => `${count} × ${answer}`)
    .join(", ");

/** The fairness section of RESULTS.md, between markers so `npm run bench -- --fairness` can replace it alone. */
export function fairnessSection(fairness, date, loadAverage, priority = 0) {
  const row = (name, run, ratio) =>
    `| ${name} | ${fixed(run.p50)} | ${fixed(run.p99)} (${run.p99s.map((p99) => fixed(p99)).join(", ")}) | ${run.total} | ${ratio === undefined ? "" : `**${fixed(ratio, 2)}×**`} |`;
  return [
    "<!-- fairness:start -->",
    "## Fairness: a heavy neighbour (issue #24)",
    "",
    `Measured ${date.slice(0, 16).replace("T", " ")} UTC (load average ${loadAverage} at the start); small profile, our gateway with its default budgets in flight (32 requests and cost 10,000 per token, cost 10,000 per client address; the budgets per window lifted, so that the neighbour never runs out and keeps its budget in flight full), 127.0.0.1 trusted as its ingress (TRUSTED_PROXIES) so each simulated client is told apart by X-Forwarded-For. A key account manager reads company views one at a time from its own address, alone and beside each neighbour, the three interleaved over ${fairness.rounds} rounds of ${fairness.seconds} s each (p50 and p99 are the rounds' mean; each round's p99 in brackets); the neighbour sends two company views aliased in one document (cost 8,256 of the 10,000 limit) back to back, waiting out each 429's Retry-After. Target: the victim's p99 under the neighbour ≤ 2× its p99 alone.`,
    "",
    "| victim's company view | p50 ms | p99 ms (per round) | requests | p99 ÷ alone |",
    "|---|---|---|---|---|",
    row("alone", fairness.alone),
    row(`one token, ${fairness.oneToken.connections} connections`, fairness.oneToken.result, fairness.oneToken.p99Ratio),
    row(
      `${fairness.manyTokens.tokens} tokens × ${fairness.manyTokens.connections / fairness.manyTokens.tokens} connections, one address`,
      fairness.manyTokens.result,
      fairness.manyTokens.p99Ratio,
    ),
    "",
    `The neighbour's answers: one token ${outcomes(fairness.oneToken.neighbour.byStatus)}; many tokens ${outcomes(fairness.manyTokens.neighbour.byStatus)}.`,
    ...(loadAverage >= 2
      ? [
          "",
          `The machine was not quiet (load average ${loadAverage} on 2 cores: other work shared them${priority < 0 ? `; this run's processes at nice ${priority}, ahead of it` : ""}), so a company view took about ${fixed(fairness.alone.p50, 0)} ms alone instead of the tens of a quiet machine, and the ratios carry that other work's noise.`,
        ]
      : []),
    "<!-- fairness:end -->",
  ].join("\n");
}

/** RESULTS.md with its fairness section replaced (or placed after the abuse section when it has none). */
export function withFairnessSection(previous, section) {
  const marked = /<!-- fairness:start -->[\s\S]*?<!-- fairness:end -->/;
  if (marked.test(previous)) return previous.replace(marked, () => section);
  const anchor = previous.indexOf("<!-- abuse:end -->");
  return anchor < 0
    ? `${previous.trimEnd()}\n\n${section}\n`
    : `${previous.slice(0, anchor + "<!-- abuse:end -->".length)}\n\n${section}${previous.slice(anchor + "<!-- abuse:end -->".length)}`;
}
