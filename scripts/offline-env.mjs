#!/usr/bin/env node
// Every entry point runs through here so that no tool we start can phone home:
// @apollo/gateway (usage reporting, cloud-metadata probes), the Prisma CLI and turbo
// all have telemetry that is on unless these variables say otherwise.
import { spawn } from "node:child_process";

export const OFFLINE_ENV = {
  APOLLO_TELEMETRY_DISABLED: "true",
  CHECKPOINT_DISABLE: "1",
  TURBO_TELEMETRY_DISABLED: "1",
  PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  DO_NOT_TRACK: "1",
};

const [command, ...args] = process.argv.slice(2);
if (command) {
  const child = spawn(command, args, {
    stdio: "inherit",
    shell: false,
    env: { ...OFFLINE_ENV, ...process.env, ...OFFLINE_ENV },
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
