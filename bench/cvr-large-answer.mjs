// The CRM process's memory when the CVR register answers a search with 100 MB: a register on
// 127.0.0.1 streams the answer as it is read (never held whole here), the real CRM process
// (subgraphs/crm/dist/index.js, in-memory PGlite) syncs from it. The register holds its answer
// until the CRM has started; then the CRM's peak resident memory is reset (/proc/<pid>/clear_refs)
// and read again (VmHWM of /proc/<pid>/status) once /health says the run has ended, so the peak is
// the sync's, not the start-up's (migrations, ANALYZE). Three runs: an answer
// of one company (the baseline), the 100 MB answer at the default CVR_MAX_ANSWER_BYTES (16 MiB),
// and the same answer with the bound lifted to 256 MiB (read and parsed whole, as a client without
// the bound does). Each run stops by itself (120 s at most). Linux only (/proc).
//
//   npm run build && node bench/cvr-large-answer.mjs
import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startService } from "./lib/processes.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const HOST = "127.0.0.1";
const MB = 1024 * 1024;
const ANSWER_MB = 100;
Object.assign(process.env, {
  APOLLO_TELEMETRY_DISABLED: "true",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  DO_NOT_TRACK: "1",
});

const template = JSON.parse(
  readFileSync(join(root, "subgraphs/crm/test/fixtures/cvr-corpus/virksomhed-without-newest-values.json"), "utf8"),
).hits.hits[0]._source.Vrvirksomhed;
// A real document's size (~100 KB), most of it a field the CRM does not read, as deltagerRelation is.
const hit = JSON.stringify({
  _index: "cvr-v-20220630",
  _type: "_doc",
  _id: "4009888224",
  _source: { Vrvirksomhed: { ...template, deltagerRelation: ["x".repeat(100_000)] } },
});
const small = JSON.stringify({ took: 1, timed_out: false, hits: { total: 1, hits: [JSON.parse(hit)] } });

/** The register: the company index answers `large` or one document once `released`; the production unit index nothing. */
function startRegister(large, released) {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", async () => {
      await released;
      response.setHeader("content-type", "application/json");
      if (!request.url.startsWith("/cvr-permanent/virksomhed/"))
        return response.end('{"took":1,"timed_out":false,"hits":{"total":0,"hits":[]}}');
      if (!large) return response.end(small);
      // About 1 MB of hits per chunk, written only as fast as the client reads.
      const perChunk = Math.round(MB / hit.length);
      const chunk = Array.from({ length: perChunk }, () => hit).join(",");
      let sent = 0;
      response.write(`{"took":1,"timed_out":false,"hits":{"total":${perChunk * ANSWER_MB},"hits":[`);
      const more = () => {
        while (sent < ANSWER_MB) {
          const last = ++sent === ANSWER_MB;
          if (!response.write(last ? `${chunk}]}}` : `${chunk},`)) return response.once("drain", more);
        }
        response.end();
      };
      response.on("close", () => (sent = ANSWER_MB));
      more();
    });
  });
  return new Promise((resolve) => server.listen(0, HOST, () => resolve(server)));
}

async function measure(label, { large, maxAnswerBytes }) {
  let release;
  const register = await startRegister(large, new Promise((resolve) => (release = resolve)));
  const crm = startService({
    name: "crm",
    command: process.execPath,
    args: [join(root, "subgraphs/crm/dist/index.js")],
    cwd: root,
    env: {
      ...process.env,
      HOST,
      PORT: "0",
      CRM_DATA_DIR: "memory",
      CVR_URL: `http://${HOST}:${register.address().port}`,
      CVR_USERNAME: "kommune",
      CVR_PASSWORD: "bench",
      CVR_SYNC_INTERVAL_MS: "3600000",
      // No gateway calls it here; it still needs a key to trust.
      GATEWAY_PUBLIC_KEY: generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }),
      ...(maxAnswerBytes ? { CVR_MAX_ANSWER_BYTES: String(maxAnswerBytes) } : {}),
    },
  });
  const started = Date.now();
  const memory = () => {
    const status = readFileSync(`/proc/${crm.pid}/status`, "utf8");
    const mb = (field) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024);
    return { peak: mb("VmHWM"), now: mb("VmRSS") };
  };
  try {
    let health;
    let before;
    while (Date.now() - started < 120_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!crm.isRunning()) throw new Error(`the CRM stopped: ${crm.lines.join("\n")}`);
      const url = crm.lines.map((line) => /ready at (http:\/\/[^"\s]+)/.exec(line)?.[1]).find(Boolean);
      if (!url) continue;
      if (!before) {
        // Settled after start-up: the peak from here on is the sync's.
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        writeFileSync(`/proc/${crm.pid}/clear_refs`, "5");
        before = memory().now;
        release();
      }
      health = await fetch(new URL("/health", url))
        .then((response) => response.json())
        .catch(() => undefined);
      if (health?.register && health.register.status !== "pending") break;
    }
    const after = memory();
    return {
      label,
      rssBeforeSyncMb: before,
      peakRssDuringSyncMb: after.peak,
      rssAfterMb: after.now,
      seconds: (Date.now() - started) / 1000,
      register: health?.register?.status,
      failure: health?.register?.failure ?? null,
    };
  } finally {
    await crm.stop();
    register.close();
  }
}

const results = [
  await measure("one company (baseline)", { large: false }),
  await measure(`${ANSWER_MB} MB answer, CVR_MAX_ANSWER_BYTES default (16 MiB)`, { large: true }),
  await measure(`${ANSWER_MB} MB answer, bound lifted to 256 MiB (read and parsed whole)`, { large: true, maxAnswerBytes: 256 * MB }),
];
console.table(results);
console.log(JSON.stringify(results));
