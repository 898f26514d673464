import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

// Production code must reach the register and the department systems over their contracts only:
// an import of the simulators would make a deployment depend on generated demo data.
const ROOT = resolve(__dirname, "..", "..");
const MOCKS_DIR = join(ROOT, "mocks");
const MOCKS_PACKAGE = "@company-graph/mocks";

/** The workspaces that run in production: the gateway, every subgraph and the packages they share. */
function productionWorkspaces(): string[] {
  const under = (dir: string) =>
    readdirSync(join(ROOT, dir))
      .map((name) => join(ROOT, dir, name))
      .filter((path) => statSync(path).isDirectory());
  return [join(ROOT, "gateway"), ...under("subgraphs"), ...under("packages")];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Every import, export-from, require and import() of one file that reaches the simulators. */
function simulatorImports(file: string, text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((reference) => reference.fileName)
    .filter((specifier) => {
      if (specifier === MOCKS_PACKAGE || specifier.startsWith(`${MOCKS_PACKAGE}/`)) return true;
      if (!specifier.startsWith(".") && !specifier.startsWith("/")) return false;
      const target = resolve(dirname(file), specifier);
      return target === MOCKS_DIR || target.startsWith(MOCKS_DIR + sep);
    });
}

describe("production code does not depend on the simulators", () => {
  it("finds an import of the simulators in any form", () => {
    const file = join(ROOT, "subgraphs", "crm", "src", "planted.ts");
    const planted = [
      `import { generateWorld } from "${MOCKS_PACKAGE}";`,
      `import type { World } from "${MOCKS_PACKAGE}/dist/generator";`,
      `export * from "../../../mocks/cvr/register";`,
      `const cvr = require("../../../mocks/dist/cvr/documents.js");`,
      `const later = () => import("${MOCKS_PACKAGE}");`,
      `import { CvrClient } from "./cvr/cvr-client";`,
      `import type { components } from "./generated/cvr-api";`,
    ].join("\n");
    expect(simulatorImports(file, planted)).toEqual([
      MOCKS_PACKAGE,
      `${MOCKS_PACKAGE}/dist/generator`,
      "../../../mocks/cvr/register",
      "../../../mocks/dist/cvr/documents.js",
      MOCKS_PACKAGE,
    ]);
  });

  it("no file under the gateway's, a subgraph's or a shared package's src/ imports them", () => {
    const files = productionWorkspaces().flatMap((workspace) => {
      try {
        return sourceFiles(join(workspace, "src"));
      } catch {
        return [];
      }
    });
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) =>
      simulatorImports(file, readFileSync(file, "utf8")).map((specifier) => `${relative(ROOT, file)} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it("no production workspace lists them among its dependencies (tests may, as a devDependency)", () => {
    const listing = productionWorkspaces().flatMap((workspace) => {
      let manifest: {
        name?: string;
        dependencies?: Record<string, string>;
        optionalDependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      try {
        manifest = JSON.parse(readFileSync(join(workspace, "package.json"), "utf8"));
      } catch {
        return [];
      }
      const runtime = { ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies };
      return MOCKS_PACKAGE in runtime ? [manifest.name ?? relative(ROOT, workspace)] : [];
    });
    expect(listing).toEqual([]);
  });
});
