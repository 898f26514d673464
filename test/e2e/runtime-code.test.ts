import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Rules for the code the services run (gateway/src, packages/<name>/src, subgraphs/<name>/src):
 * everything is logged through the kit's logger (JSON lines, CPR-scrubbed, one service name per
 * process), never with console.*.
 */
const ROOT = join(__dirname, "..", "..");
/** Command-line tools inside src/ whose output is for a person at a terminal. */
const COMMAND_LINE_TOOLS = new Set(["subgraphs/crm/src/db/migrate-dev.ts", "subgraphs/crm/src/db/prepare-embedded.ts"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const SERVICES = [
  { service: "gateway", dir: "gateway/src" },
  ...readdirSync(join(ROOT, "subgraphs")).map((name) => ({ service: name, dir: `subgraphs/${name}/src` })),
];
const runtimeFiles = [...SERVICES.map(({ dir }) => dir), ...readdirSync(join(ROOT, "packages")).map((name) => `packages/${name}/src`)]
  .flatMap((dir) => sourceFiles(join(ROOT, dir)))
  .map((path) => relative(ROOT, path))
  .filter((path) => !COMMAND_LINE_TOOLS.has(path));

describe("runtime code", () => {
  it("is found", () => {
    expect(runtimeFiles).toEqual(
      expect.arrayContaining(["gateway/src/index.ts", "subgraphs/crm/src/index.ts", "packages/kit/src/server.ts"]),
    );
  });

  it("never writes with console.*: the kit's logger does", () => {
    const offending = runtimeFiles.flatMap((path) =>
      readFileSync(join(ROOT, path), "utf8")
        .split("\n")
        .flatMap((line, index) => (/\bconsole\.\w+/.test(line.replace(/\/\/.*$/, "")) ? [`${path}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(offending).toEqual([]);
  });

  it.each(SERVICES)("logs as one service in $dir: $service", ({ service, dir }) => {
    const names = runtimeFiles
      .filter((path) => path.startsWith(`${dir}/`))
      .flatMap((path) =>
        [...readFileSync(join(ROOT, path), "utf8").matchAll(/(?:createLogger|exitOnStartupFailure|stopOnSignals)\("([^"]*)"/g)].map(
          (match) => `${match[1]} (${path})`,
        ),
      );
    expect(names.filter((name) => !name.startsWith(`${service} (`))).toEqual([]);
  });
});
