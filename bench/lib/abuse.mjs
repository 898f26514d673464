// Issue #13: one token sends abusive documents continuously while a well-behaved user runs the
// trivial query. Reported: the trivial query's p99 (one request at a time) with the abuse
// running over its p99 without, as a ratio; the gateway's limits should keep it near 1. Also
// each abusive document's refusal time alone (the issue asks under 50 ms at the gateway).
import { measure, whileClientsLoop } from "./load.mjs";

function fragmentFanOut(count) {
  let document = `query FanOut { company(cvr: "36509120") { ...F0 } }\n`;
  for (let i = 0; i < count; i++)
    document += i < count - 1 ? `fragment F${i} on Company { name ...F${i + 1} ...F${i + 1} }\n` : `fragment F${i} on Company { name }\n`;
  return document;
}

/** The documents of issue #13, item 1. */
export const ABUSIVE_DOCUMENTS = [
  { name: "20-fragment fan-out", query: fragmentFanOut(20) },
  { name: "30-fragment fan-out", query: fragmentFanOut(30) },
  { name: "nested lists without `first`", query: "{ units { employees { unit { employees { unit { employees { id } } } } } } }" },
  {
    name: "variable-default pages",
    query: "query Pages($f: Int = 100) { companies(first: $f) { edges { node { cases(first: $f) { edges { node { id title } } } } } } }",
  },
  {
    name: "500 aliases",
    query: `query Aliases { ${Array.from({ length: 500 }, (_, i) => `c${i}: company(cvr: "36509120") { cases { edges { node { id title } } } }`).join(" ")} }`,
  },
];

/** Abusers in flight at once, each sending the next document as soon as the last is answered. */
const ABUSERS = 4;
/** Refusals timed per document, one at a time with nothing else running. */
const REFUSALS_PER_DOCUMENT = 200;

// A comment makes each document new to the gateway's document cache: the limits run every time.
const abusiveBody = (index, salt) => JSON.stringify({ query: `${ABUSIVE_DOCUMENTS[index % ABUSIVE_DOCUMENTS.length].query}\n# ${salt}` });

async function send(url, headers, body) {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const answer = await response.json().catch(() => ({}));
  return {
    ms: performance.now() - started,
    status: response.status,
    code: answer.errors?.[0]?.extensions?.code,
    limit: answer.errors?.[0]?.extensions?.limit,
  };
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/**
 * A token's refused operations are limited (RATE_LIMIT_REFUSED_OPERATIONS, 30 a minute): past
 * them it gets 429 before any parse. Timing the limits themselves takes fresh tokens, each used
 * for fewer documents than that.
 */
const DOCUMENTS_PER_FRESH_TOKEN = 10;

/** Each abusive document sent alone, one at a time: how long the gateway takes to refuse it. */
export async function measureRefusals({ url, mintAbuser, repeats = REFUSALS_PER_DOCUMENT }) {
  const refusals = [];
  let tokens = 0;
  let headers = mintAbuser(tokens++);
  let sentWithToken = 0;
  const sendFresh = (body) => {
    if (sentWithToken++ === DOCUMENTS_PER_FRESH_TOKEN) {
      headers = mintAbuser(tokens++);
      sentWithToken = 1;
    }
    return send(url, headers, body);
  };
  for (const [index, document] of ABUSIVE_DOCUMENTS.entries()) {
    await sendFresh(abusiveBody(index, "warm-up"));
    const times = [];
    let last;
    for (let i = 0; i < repeats; i++) {
      last = await sendFresh(abusiveBody(index, `alone ${i}`));
      times.push(last.ms);
    }
    times.sort((a, b) => a - b);
    refusals.push({
      document: document.name,
      status: last.status,
      code: last.code,
      limit: last.limit,
      requests: repeats,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
    });
  }
  return refusals;
}

/** `mintAbuser(n)`: headers with a fresh token of its own for the n-th abusive identity. */
export async function measureUnderAbuse({ url, trivialBodies, headers, abuserHeaders, mintAbuser, seconds, processes, log }) {
  const refusals = await measureRefusals({ url, mintAbuser });
  for (const r of refusals)
    log?.(
      `abuse: ${r.document.padEnd(30)} ${r.status} ${r.code ?? ""} ${r.limit ?? ""}  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms`,
    );
  const oneAtATime = { url, bodies: trivialBodies, headers, connections: 1, warmupSeconds: 1, durationSeconds: seconds, processes };
  const baseline = await measure(oneAtATime);
  const { abusive, result: underAbuse } = await whileAbused(
    url,
    () => abuserHeaders,
    () => measure(oneAtATime),
  );
  // An attacker with many tokens: a fresh one every few documents per client, so no refusal
  // budget runs out; the limits alone stand between it and the well-behaved user.
  const freshTokens = new Map();
  const fresh = await whileAbused(
    url,
    (i) => {
      const n = 1_000 + Math.floor(i / DOCUMENTS_PER_FRESH_TOKEN);
      if (!freshTokens.has(n)) freshTokens.set(n, mintAbuser(n));
      return freshTokens.get(n);
    },
    () => measure(oneAtATime),
  );
  const result = {
    baseline,
    underAbuse,
    p99Ratio: underAbuse.p99 / baseline.p99,
    abusive,
    underFreshTokens: fresh.result,
    freshTokensP99Ratio: fresh.result.p99 / baseline.p99,
    freshAbusive: fresh.abusive,
    abusers: ABUSERS,
    seconds,
    refusals,
  };
  log?.(
    `abuse: trivial p99 ${baseline.p99.toFixed(1)} ms alone, ${underAbuse.p99.toFixed(1)} ms under abuse (${result.p99Ratio.toFixed(2)}×); ${abusive.sent} abusive documents, ${abusive.refused} refused (${JSON.stringify(abusive.byStatus)}), ${abusive.answered} answered`,
  );
  log?.(
    `abuse: with a fresh token every ${DOCUMENTS_PER_FRESH_TOKEN} documents ${fresh.result.p99.toFixed(1)} ms (${result.freshTokensP99Ratio.toFixed(2)}×); ${fresh.abusive.sent} abusive documents (${JSON.stringify(fresh.abusive.byStatus)})`,
  );
  return result;
}

/** Runs `measurement` while ABUSERS clients send abusive documents back to back, the i-th with `headersFor(i)`. */
async function whileAbused(url, headersFor, measurement) {
  const abusive = { sent: 0, refused: 0, answered: 0, byStatus: {} };
  const abuse = async (i) => {
    try {
      const { status, code } = await send(url, headersFor(i), abusiveBody(i, i));
      abusive.sent++;
      const answer = `${status} ${code ?? ""}`.trim();
      abusive.byStatus[answer] = (abusive.byStatus[answer] ?? 0) + 1;
      if (status === 400 || status === 429) abusive.refused++;
      else abusive.answered++;
    } catch {
      abusive.sent++;
    }
  };
  const result = await whileClientsLoop(ABUSERS, abuse, measurement);
  return { abusive, result };
}

const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

/** The abuse section of RESULTS.md, between markers so `npm run bench -- --abuse` can replace it alone. */
export function abuseSection(abuse, date, loadAverage) {
  return [
    "<!-- abuse:start -->",
    "## Abuse (issue #13)",
    "",
    `${date ? `Measured ${date.slice(0, 16).replace("T", " ")} UTC${loadAverage === undefined ? "" : ` (load average ${loadAverage} at the start)`}; ` : ""}small profile, our gateway. While ${abuse.abusers} clients of one token send the abusive documents of item 1 back to back (${abuse.abusive.sent} sent, ${abuse.abusive.refused} refused${
      abuse.abusive.byStatus
        ? `: ${Object.entries(abuse.abusive.byStatus)
            .map(([answer, count]) => `${count} × ${answer}`)
            .join(", ")}`
        : ""
    }; ${abuse.abusive.answered} answered), a well-behaved user's trivial query one at a time${loadAverage >= 1 ? " (the machine was not quiet: other work shared the 2 cores, so these percentiles are noisy and a ratio under 1 is that noise)" : ""}:`,
    "",
    "| trivial query | p50 ms | p99 ms | requests | p99 under abuse / alone |",
    "|---|---|---|---|---|",
    `| alone | ${fixed(abuse.baseline.p50, 2)} | ${fixed(abuse.baseline.p99, 2)} | ${abuse.baseline.total} |  |`,
    `| under abuse | ${fixed(abuse.underAbuse.p50, 2)} | ${fixed(abuse.underAbuse.p99, 2)} | ${abuse.underAbuse.total} | **${fixed(abuse.p99Ratio, 2)}×** |`,
    ...(abuse.underFreshTokens
      ? [
          `| under abuse from many tokens (a fresh one every ${DOCUMENTS_PER_FRESH_TOKEN} documents: no refusal budget runs out; ${abuse.freshAbusive.sent} sent) | ${fixed(abuse.underFreshTokens.p50, 2)} | ${fixed(abuse.underFreshTokens.p99, 2)} | ${abuse.underFreshTokens.total} | ${fixed(abuse.freshTokensP99Ratio, 2)}× |`,
        ]
      : []),
    "",
    ...(abuse.refusals
      ? [
          `Each abusive document alone, one at a time (a new comment each time, so no cache helps; a fresh token every ${DOCUMENTS_PER_FRESH_TOKEN} documents, so the limits run rather than the refusal budget), from sending it to the refusal's last byte:`,
          "",
          "| document | answer | p50 ms | p99 ms | requests |",
          "|---|---|---|---|---|",
          ...abuse.refusals.map(
            (r) =>
              `| ${r.document} | ${r.status} ${r.code ?? ""}${r.limit ? ` (${r.limit})` : ""} | ${fixed(r.p50, 2)} | ${fixed(r.p99, 2)} | ${r.requests} |`,
          ),
          "",
        ]
      : []),
    "<!-- abuse:end -->",
  ].join("\n");
}

/** RESULTS.md with its abuse section replaced (or placed before the CPU table when it has none). */
export function withAbuseSection(previous, section) {
  const marked = /<!-- abuse:start -->[\s\S]*?<!-- abuse:end -->/;
  if (marked.test(previous)) return previous.replace(marked, () => section);
  const anchor = previous.indexOf("## CPU per request");
  return anchor < 0 ? `${previous.trimEnd()}\n\n${section}\n` : `${previous.slice(0, anchor)}${section}\n\n${previous.slice(anchor)}`;
}
