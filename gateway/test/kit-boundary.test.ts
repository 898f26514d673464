import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/**
 * The kit exports by concern (its package.json `exports`). The gateway serves no department, so it
 * takes neither `@company-graph/kit/department` nor a root barrel, and no kit module it loads
 * reaches into the kit's department/ folder by a relative import either.
 */
const ROOT = join(__dirname, "..", "..");
const KIT = join(ROOT, "packages", "kit");
const kitPackage = JSON.parse(readFileSync(join(KIT, "package.json"), "utf8")) as { exports: Record<string, { default: string }> };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const specifiers = (source: string) =>
  [...source.matchAll(/\bfrom\s+"([^"]+)"|\brequire\("([^"]+)"\)|\bimport\("([^"]+)"\)/g)].map((match) => match[1] ?? match[2] ?? match[3]);

/** The source module of a kit subpath: ./dist/auth/index.js → src/auth/index.ts. */
function entrySource(subpath: string): string {
  const target = kitPackage.exports[`./${subpath}`]?.default;
  if (!target) throw new Error(`the kit exports no ./${subpath}`);
  return join(KIT, target.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));
}

/** Every kit source file a module loads through relative imports, itself included. */
function kitClosure(start: string, seen = new Set<string>()): Set<string> {
  if (seen.has(start)) return seen;
  seen.add(start);
  for (const specifier of specifiers(readFileSync(start, "utf8")).filter((s) => s.startsWith("."))) {
    const base = join(dirname(start), specifier.replace(/\.js$/, ""));
    const resolved = [`${base}.ts`, join(base, "index.ts")].find(existsSync);
    if (resolved) kitClosure(resolved, seen);
  }
  return seen;
}

const gatewayFiles = sourceFiles(join(ROOT, "gateway", "src"));
const kitImports = gatewayFiles.flatMap((path) =>
  specifiers(readFileSync(path, "utf8"))
    .filter((specifier) => specifier === "@company-graph/kit" || specifier.startsWith("@company-graph/kit/"))
    .map((specifier) => ({ file: relative(ROOT, path), specifier })),
);

describe("the gateway's use of the kit", () => {
  it("is found", () => {
    expect(kitImports.map(({ specifier }) => specifier)).toEqual(
      expect.arrayContaining(["@company-graph/kit/auth", "@company-graph/kit/errors"]),
    );
  });

  it("the kit has no root export: each importer names the concern it needs", () => {
    expect(Object.keys(kitPackage.exports)).not.toContain(".");
  });

  it("imports neither the kit root nor its department code", () => {
    const offending = kitImports.filter(
      ({ specifier }) =>
        specifier === "@company-graph/kit" ||
        specifier === "@company-graph/kit/department" ||
        specifier.startsWith("@company-graph/kit/department/"),
    );
    expect(offending).toEqual([]);
  });

  it("loads no kit module under department/ through the entries it imports", () => {
    const subpaths = [...new Set(kitImports.map(({ specifier }) => specifier.slice("@company-graph/kit/".length)))];
    const loaded = subpaths.flatMap((subpath) =>
      [...kitClosure(entrySource(subpath))].map((path) => ({ subpath, module: relative(KIT, path) })),
    );
    expect(loaded.length).toBeGreaterThan(subpaths.length);
    expect(loaded.filter(({ module }) => module.startsWith("src/department/"))).toEqual([]);
  });
});
