// Issue #7's check: service-level figures for a period answer in under a second on the city
// profile. Through our gateway only: Hive Gateway cannot load these types (stack.mjs), and the
// monolith runs as a key account manager, whom the policy refuses service levels.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { measure } from "./load.mjs";
import { postJson } from "./stack.mjs";

const query = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "operations", "service-levels.graphql"), "utf8");

/** Periods a development unit asks for: each month, quarter and year of the world's last three years. */
function periods(now) {
  const lastYear = new Date(now).getUTCFullYear();
  const iso = (year, month, day) => new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
  const list = [];
  for (let year = lastYear - 2; year <= lastYear; year++) {
    list.push({ from: iso(year, 0, 1), to: iso(year, 11, 31) });
    for (let quarter = 0; quarter < 4; quarter++) list.push({ from: iso(year, quarter * 3, 1), to: iso(year, quarter * 3 + 3, 0) });
    for (let month = 0; month < 12; month++) list.push({ from: iso(year, month, 1), to: iso(year, month + 1, 0) });
  }
  return list.filter((period) => period.from <= now.slice(0, 10));
}

/**
 * The first request after start (nothing warmed: query plan, JIT, the simulators' statistics
 * code), then one request at a time over rotating periods.
 */
export async function measureServiceLevels({ url, headers, now, seconds, processes }) {
  const variants = periods(now);
  const coldStarted = performance.now();
  const cold = await postJson(url, { query, variables: variants.at(-1) }, headers);
  const coldMs = performance.now() - coldStarted;
  const answer = cold.body.data?.serviceLevels;
  const problems = [];
  if (cold.status !== 200 || cold.body.errors)
    problems.push(`service levels: HTTP ${cold.status} ${JSON.stringify(cold.body.errors ?? cold.body).slice(0, 300)}`);
  if (answer?.incompleteDepartments?.length)
    problems.push(`service levels: incomplete departments ${answer.incompleteDepartments.join(", ")}`);
  const bodies = variants.map((variables) => JSON.stringify({ query, variables }));
  const warm = await measure({ url, bodies, headers, connections: 1, warmupSeconds: 1, durationSeconds: seconds, processes });
  return { coldMs, periods: variants.length, serviceRows: answer?.services?.length ?? 0, warm, problems };
}
