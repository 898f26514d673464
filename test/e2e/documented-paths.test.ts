import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/**
 * The README and docs/architecture.md send newcomers to files: every path they name must exist.
 * Paths are read from inline code and from relative links; `<dept>`-style placeholders, `*` and
 * `{a,b}` match any entry (some must exist), so `mocks/<dept>/openapi.yaml` is checked too.
 */
const ROOT = join(__dirname, "..", "..");
const DOCUMENTS = ["README.md", "docs/architecture.md"];
const TOP_LEVEL = new Set(readdirSync(ROOT).filter((name) => !name.startsWith(".") && name !== "node_modules" && statSync(join(ROOT, name)).isDirectory()));

/** Paths named in a Markdown document, relative to the repository (links relative to the document). */
function namedPaths(document: string): string[] {
  const text = readFileSync(join(ROOT, document), "utf8").replace(/^```[\s\S]*?^```/gm, "");
  const code = [...text.matchAll(/`([^`\s]+)`/g)].map((match) => match[1]).filter((span) => TOP_LEVEL.has(span.split("/")[0]) && span.includes("/"));
  const links = [...text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => relative(ROOT, join(ROOT, dirname(document), target)));
  return [...new Set([...code, ...links].map((path) => path.replace(/[:#].*$/, "").replace(/\/$/, "")))];
}

/** One path segment as a pattern: placeholders, globs and brace alternatives match names. */
function segmentPattern(segment: string): RegExp {
  const source = segment
    .split(/(<[^>]+>|\*|\{[^}]+\})/)
    .map((part) => {
      if (/^<[^>]+>$/.test(part) || part === "*") return "[^/]+";
      if (/^\{[^}]+\}$/.test(part)) return `(?:${part.slice(1, -1).split(",").map(escape).join("|")})`;
      return escape(part);
    })
    .join("");
  return new RegExp(`^${source}$`);
}
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function exists(path: string): boolean {
  let candidates = [ROOT];
  for (const segment of path.split("/")) {
    const pattern = segmentPattern(segment);
    candidates = candidates.flatMap((dir) => {
      if (!/[<*{]/.test(segment)) return existsSync(join(dir, segment)) ? [join(dir, segment)] : [];
      if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
      return readdirSync(dir).filter((name) => pattern.test(name)).map((name) => join(dir, name));
    });
    if (candidates.length === 0) return false;
  }
  return true;
}

/** A path git ignores is made at run time (a dev issuer's key, the bench's cache): a fresh clone lacks it. */
function madeAtRunTime(path: string): boolean {
  // Also as a folder's content: a pattern such as `bench/.cache/` matches only what git knows is a folder.
  const concrete = path.replace(/[<*{].*$/, "x");
  return [concrete, `${concrete}/x`].some((candidate) => spawnSync("git", ["check-ignore", "-q", "--no-index", candidate], { cwd: ROOT }).status === 0);
}

describe.each(DOCUMENTS)("the paths %s names", (document) => {
  const paths = namedPaths(document);

  it("are read from it", () => {
    expect(paths.length).toBeGreaterThan(5);
  });

  it("all exist", () => {
    expect(paths.filter((path) => !exists(path) && !madeAtRunTime(path))).toEqual([]);
  });
});

describe("the path check", () => {
  it("understands placeholders and alternatives, and notices a missing file", () => {
    expect(exists("mocks/<dept>/openapi.yaml")).toBe(true);
    expect(exists("subgraphs/{bif,tmf,kff,okf}/schema.graphql")).toBe(true);
    expect(exists("subgraphs/<dept>/src/source/loaders")).toBe(false);
    expect(exists("packages/kit/src/no-such-module.ts")).toBe(false);
  });
});
