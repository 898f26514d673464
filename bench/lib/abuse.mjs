// Issue #13: one token sends abusive documents continuously while a well-behaved user runs the
// trivial query. Reported: the trivial query's p99 (one request at a time) with the abuse
// running over its p99 without, as a ratio; the gateway's limits should keep it near 1.
import { measure } from "./load.mjs";

function fragmentFanOut(count) {
  let document = `query FanOut { company(cvr: "36509120") { ...F0 } }\n`;
  for (let i = 0; i < count; i++) document += i < count - 1 ? `fragment F${i} on Company { name ...F${i + 1} ...F${i + 1} }\n` : `fragment F${i} on Company { name }\n`;
  return document;
}

/** The documents of issue #13, item 1. */
export const ABUSIVE_DOCUMENTS = [
  fragmentFanOut(20),
  fragmentFanOut(30),
  "{ units { employees { unit { employees { unit { employees { id } } } } } } }",
  "query Pages($f: Int = 100) { companies(first: $f) { edges { node { cases(first: $f) { edges { node { id title } } } } } } }",
  `query Aliases { ${Array.from({ length: 500 }, (_, i) => `c${i}: company(cvr: "36509120") { cases { edges { node { id title } } } }`).join(" ")} }`,
];

/** Abusers in flight at once, each sending the next document as soon as the last is answered. */
const ABUSERS = 4;

export async function measureUnderAbuse({ url, trivialBodies, headers, abuserHeaders, seconds, processes, log }) {
  const oneAtATime = { url, bodies: trivialBodies, headers, connections: 1, warmupSeconds: 1, durationSeconds: seconds, processes };
  const baseline = await measure(oneAtATime);
  let stopped = false;
  const abusive = { sent: 0, refused: 0, answered: 0 };
  const abuser = async (offset) => {
    for (let i = offset; !stopped; i++) {
      // A comment makes each document new to the gateway's document cache: the limits run every time.
      const body = JSON.stringify({ query: `${ABUSIVE_DOCUMENTS[i % ABUSIVE_DOCUMENTS.length]}\n# ${i}` });
      try {
        const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...abuserHeaders }, body });
        await response.arrayBuffer();
        abusive.sent++;
        if (response.status === 400 || response.status === 429) abusive.refused++;
        else abusive.answered++;
      } catch {
        abusive.sent++;
      }
    }
  };
  const abusers = Array.from({ length: ABUSERS }, (_, index) => abuser(index));
  const underAbuse = await measure(oneAtATime);
  stopped = true;
  await Promise.all(abusers);
  const result = { baseline, underAbuse, p99Ratio: underAbuse.p99 / baseline.p99, abusive, abusers: ABUSERS };
  log?.(`abuse: trivial p99 ${baseline.p99.toFixed(1)} ms alone, ${underAbuse.p99.toFixed(1)} ms under abuse (${result.p99Ratio.toFixed(2)}×); ${abusive.sent} abusive documents, ${abusive.refused} refused, ${abusive.answered} answered`);
  return result;
}
