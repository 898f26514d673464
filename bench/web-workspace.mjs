#!/usr/bin/env node
// Virksomhedsoverblik's weight and first screen (bench, not a test: it reports, it does not gate CI).
//
//   node bench/web-workspace.mjs                   web/dist's JavaScript and CSS (gzip) against the budget
//   node bench/web-workspace.mjs --first-screen    also the first screen on the small profile, in Debian's
//                                                  Chromium (bench/web-first-screen.bench.ts), about 1 min
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** What one first visit may download, compressed: the page is used on municipal laptops over VPN. */
const BUDGET_KB = { js: 150, css: 40 };

const assets = join(root, "web", "dist", "assets");
const sizes = { js: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 } };
for (const file of readdirSync(assets)) {
  const kind = file.endsWith(".js") ? "js" : file.endsWith(".css") ? "css" : null;
  if (!kind) continue;
  const content = readFileSync(join(assets, file));
  sizes[kind].raw += statSync(join(assets, file)).size;
  sizes[kind].gzip += gzipSync(content, { level: 9 }).length;
}
const kb = (bytes) => (bytes / 1024).toFixed(1);
let overBudget = false;
console.log("bundle    raw kB   gzip kB   budget (gzip)");
for (const kind of ["js", "css"]) {
  const over = sizes[kind].gzip / 1024 > BUDGET_KB[kind];
  overBudget ||= over;
  console.log(
    `${kind.padEnd(8)}${kb(sizes[kind].raw).padStart(8)}${kb(sizes[kind].gzip).padStart(10)}   ${BUDGET_KB[kind]} kB ${over ? "OVER" : "ok"}`,
  );
}

if (process.argv.includes("--first-screen")) {
  const run = spawnSync(
    process.execPath,
    [join(root, "node_modules", "jest", "bin", "jest.js"), "-c", join(root, "bench", "web-first-screen.jest.config.js")],
    { cwd: root, stdio: "inherit" },
  );
  if (run.status !== 0) process.exitCode = 1;
}
if (overBudget) process.exitCode = 1;
