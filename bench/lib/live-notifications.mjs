// The time from a department's event to the SSE notification: a key account manager holds one
// stream open at /graphql/stream while caseworkers decide cases of companies they follow, at a
// steady rate, in the TMF system (its admin endpoint, as the e2e tests do). Each decision goes
// through the simulated broker to the CRM, which writes the notification, signals it through the
// broker to the gateway, which resolves it through the graph onto the stream. Reported: p50 and
// p99 of decision-sent → event-read, and how many of the decisions arrived. Bounded in time and
// count; everything on 127.0.0.1.

/** How long after the last decision the stream is read for stragglers. */
const GRACE_MS = 10_000;

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * `gatewayBase` e.g. http://127.0.0.1:4700; `tmfUrl` the TMF system simulator; `headers(identity)`
 * a token's headers; `world` the stack's world (its undecided TMF cases are decided).
 */
export async function measureLiveNotifications({ gatewayBase, tmfUrl, world, kam, headers, rate, seconds, log }) {
  const count = Math.max(1, Math.round(rate * seconds));
  const cases = world.cases.TMF.filter((sourceCase) => !sourceCase.closedAt && !sourceCase.decidedAt).slice(0, count);
  if (cases.length < count) throw new Error(`the world has ${cases.length} undecided TMF cases, the run needs ${count}`);
  const auth = headers(kam);
  for (const cvr of new Set(cases.map((sourceCase) => sourceCase.cvr))) {
    const response = await fetch(`${gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth },
      body: JSON.stringify({ query: `mutation($cvr: ID!) { followCompany(cvr: $cvr) { following } }`, variables: { cvr } }),
    });
    const answer = await response.json();
    if (answer.errors) throw new Error(`followCompany: ${JSON.stringify(answer.errors).slice(0, 300)}`);
  }

  const controller = new AbortController();
  const stream = await fetch(`${gatewayBase}/graphql/stream`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...auth },
    body: JSON.stringify({ query: `subscription Bench { notificationAdded { id objectId } }` }),
    signal: controller.signal,
  });
  if (!stream.headers.get("content-type")?.startsWith("text/event-stream"))
    throw new Error(`the stream was refused: HTTP ${stream.status} ${(await stream.text()).slice(0, 300)}`);

  const sentAt = new Map();
  const latencies = [];
  const problems = [];
  let allArrived;
  const arrived = new Promise((resolve) => (allArrived = resolve));
  const reading = (async () => {
    const reader = stream.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split("\n").find((line) => line.startsWith("data:"));
        if (!block.includes("event: next") || !data) continue;
        const payload = JSON.parse(data.slice(5));
        if (payload.errors) problems.push(JSON.stringify(payload.errors).slice(0, 200));
        const objectId = payload.data?.notificationAdded?.objectId;
        const started = sentAt.get(objectId);
        if (started === undefined) continue;
        sentAt.delete(objectId);
        latencies.push(performance.now() - started);
        if (latencies.length === count) allArrived();
      }
    }
  })();

  const intervalMs = 1000 / rate;
  const startedAt = performance.now();
  const decisions = cases.map(
    (sourceCase, i) =>
      new Promise((resolve) => {
        setTimeout(
          async () => {
            sentAt.set(sourceCase.id, performance.now());
            const response = await fetch(`${tmfUrl}/__admin/cases/${sourceCase.id}/decide`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: "{}",
            }).catch((error) => ({ status: String(error) }));
            if (response.status !== 200) problems.push(`decide ${sourceCase.id}: ${response.status}`);
            resolve();
          },
          Math.max(0, startedAt + i * intervalMs - performance.now()),
        );
      }),
  );
  await Promise.all(decisions);
  let timer;
  await Promise.race([arrived, new Promise((resolve) => (timer = setTimeout(resolve, GRACE_MS)))]);
  clearTimeout(timer);
  controller.abort();
  await reading;
  const sorted = [...latencies].sort((a, b) => a - b);
  const result = {
    rate,
    seconds,
    sent: count,
    delivered: latencies.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    problems,
  };
  log(
    `live notifications: ${result.delivered}/${result.sent} delivered at ${rate}/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms`,
  );
  return result;
}

/** The section of RESULTS.md, between its markers. */
export function liveNotificationsSection(result, { date, loadAtStart, pollMs }) {
  const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : "—");
  return [
    "<!-- live-notifications:start -->",
    "## Live notifications: from a department's event to the SSE stream",
    "",
    `${date}, load average ${loadAtStart} at start. City profile, our gateway alone. A key account manager holds one stream open at`,
    `/graphql/stream while TMF cases of companies they follow are decided in the TMF system at ${result.rate} per second for ${result.seconds} s;`,
    "each decision's time is from sending it to the department's admin endpoint to reading its notification on the stream: the",
    `simulated broker, the CRM's subscription (reading the broker every ${pollMs} ms, CASE_EVENTS_INTERVAL_MS), its transaction and`,
    "trigger, the signal back through the broker to the gateway, and the notification resolved through the graph.",
    "",
    "| decisions | delivered | p50 | p99 | max |",
    "|---:|---:|---:|---:|---:|",
    `| ${result.sent} | ${result.delivered} | ${ms(result.p50)} | ${ms(result.p99)} | ${ms(result.max)} |`,
    ...(result.problems.length ? ["", `Problems: ${result.problems.slice(0, 5).join("; ")}`] : []),
    "<!-- live-notifications:end -->",
  ].join("\n");
}

export function withLiveNotificationsSection(previous, section) {
  const marked = /<!-- live-notifications:start -->[\s\S]*?<!-- live-notifications:end -->/;
  if (marked.test(previous)) return previous.replace(marked, () => section);
  return `${previous.trimEnd()}\n\n${section}\n`;
}
