#!/usr/bin/env node
// The replica topology test (test/replicas) balances two replicas of every service with Debian's
// HAProxy. This installs it from Debian when it is missing and we are root (CI), and otherwise
// fails naming the command; it never skips.
import { spawnSync } from "node:child_process";

const INSTALL = "apt-get update && apt-get install -y haproxy";
const found = () => spawnSync("sh", ["-c", "command -v haproxy"], { encoding: "utf8" }).stdout.trim();

if (found()) process.exit(0);
if (process.getuid?.() !== 0) {
  console.error(`HAProxy is missing (needed by the replica topology test, test/replicas). Install it as root: ${INSTALL}`);
  process.exit(1);
}
console.log(`HAProxy is missing; installing it: ${INSTALL}`);
const install = spawnSync("sh", ["-c", INSTALL], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
if (install.status !== 0 || !found()) {
  console.error(`Installing HAProxy failed; run it yourself as root: ${INSTALL}`);
  process.exit(1);
}
