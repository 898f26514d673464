#!/usr/bin/env node
// The explorer's browser test (test/browser) drives Debian's Chromium at /usr/bin/chromium with
// playwright-core, which never downloads a browser. This installs it from Debian when it is
// missing and we are root (CI), and otherwise fails naming the command; it never skips.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const CHROMIUM = "/usr/bin/chromium";
const INSTALL = "apt-get update && apt-get install -y chromium";

if (existsSync(CHROMIUM)) process.exit(0);
if (process.getuid?.() !== 0) {
  console.error(`Chromium is missing at ${CHROMIUM} (needed by the explorer's browser test). Install it as root: ${INSTALL}`);
  process.exit(1);
}
console.log(`Chromium is missing at ${CHROMIUM}; installing it: ${INSTALL}`);
const install = spawnSync("sh", ["-c", INSTALL], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
if (install.status !== 0 || !existsSync(CHROMIUM)) {
  console.error(`Installing Chromium failed; run it yourself as root: ${INSTALL}`);
  process.exit(1);
}
