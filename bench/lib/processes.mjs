// Starting, watching and measuring the benchmark's processes (each service in its own process,
// as scripts/start-all.mjs runs them), plus CPU and memory from /proc.
import { spawn } from "node:child_process";
import { createWriteStream, readFileSync, readdirSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** A started service: its process, its recent log lines (for error messages) and a stop(). */
export function startService({ name, command, args, cwd, env, log, logFile }) {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const lines = [];
  const file = logFile ? createWriteStream(logFile, { flags: "a" }) : undefined;
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      for (const line of chunk.split("\n")) {
        if (!line.trim()) continue;
        lines.push(line);
        file?.write(`${line}\n`);
        if (lines.length > 40) lines.shift();
        log?.(`[${name}] ${line}`);
      }
    });
  }
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  return {
    name,
    pid: child.pid,
    child,
    lines,
    exited,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls until check() resolves true; fails with the service's last log lines. */
export async function waitUntil(service, check, timeoutMs) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (!service.isRunning()) throw new Error(`${service.name} exited before it was ready:\n${service.lines.join("\n")}`);
    try {
      if (await check()) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs / 1000} s:\n${service.lines.join("\n")}`);
}

/**
 * Polls until check() resolves true, at most `attempts` times `intervalMs` apart: bounded by
 * attempts, not by a clock, so a slow machine waits longer instead of failing a timing. Fails
 * with the service's last log lines when it exits or the attempts run out.
 */
export async function pollUntil(service, check, { attempts = 600, intervalMs = 100 } = {}) {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (!service.isRunning()) throw new Error(`${service.name} exited before it was ready:\n${service.lines.join("\n")}`);
    try {
      if (await check()) return attempt;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${service.name} was not ready after ${attempts} attempts:\n${service.lines.join("\n")}`);
}

function readStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** The pid and every descendant (Hive Gateway may fork workers). */
export function processTree(pid) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (!stat) continue;
    if (!children.has(stat.ppid)) children.set(stat.ppid, []);
    children.get(stat.ppid).push(Number(entry));
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/** CPU seconds (user + system) used so far by a process and its descendants. */
export function cpuSeconds(pid) {
  return processTree(pid).reduce((sum, each) => sum + (readStat(each)?.ticks ?? 0), 0) / TICKS_PER_SECOND;
}

/** Resident memory in MB of a process and its descendants. */
export function rssMegabytes(pid) {
  let kilobytes = 0;
  for (const each of processTree(pid)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${each}/status`, "utf8"));
      if (match) kilobytes += Number(match[1]);
    } catch {
      // exited meanwhile
    }
  }
  return kilobytes / 1024;
}

export function loadAverage() {
  return Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
}
