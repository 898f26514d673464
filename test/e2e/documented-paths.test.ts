import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { Graph } from "../harness/graph";

/**
 * The README and docs/architecture.md send newcomers to files: every path they name must exist.
 * Paths are read from inline code and from relative links; `<dept>`-style placeholders, `*` and
 * `{a,b}` match any entry (some must exist), so `mocks/<dept>/openapi.yaml` is checked too.
 */
const ROOT = join(__dirname, "..", "..");
const DOCUMENTS = ["README.md", "docs/architecture.md"];
const TOP_LEVEL = new Set(
  readdirSync(ROOT).filter((name) => !name.startsWith(".") && name !== "node_modules" && statSync(join(ROOT, name)).isDirectory()),
);

/** Paths named in a Markdown document, relative to the repository (links relative to the document). */
function namedPaths(document: string): string[] {
  const text = readFileSync(join(ROOT, document), "utf8").replace(/^```[\s\S]*?^```/gm, "");
  const code = [...text.matchAll(/`([^`\s]+)`/g)]
    .map((match) => match[1])
    .filter((span) => TOP_LEVEL.has(span.split("/")[0]) && span.includes("/"));
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
      return readdirSync(dir)
        .filter((name) => pattern.test(name))
        .map((name) => join(dir, name));
    });
    if (candidates.length === 0) return false;
  }
  return true;
}

/** A path git ignores is made at run time (a dev issuer's key, the bench's cache): a fresh clone lacks it. */
function madeAtRunTime(path: string): boolean {
  // Also as a folder's content: a pattern such as `bench/.cache/` matches only what git knows is a folder.
  const concrete = path.replace(/[<*{].*$/, "x");
  return [concrete, `${concrete}/x`].some(
    (candidate) => spawnSync("git", ["check-ignore", "-q", "--no-index", candidate], { cwd: ROOT }).status === 0,
  );
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

/**
 * The README's request tour names, in order, the files one request passes. Whether each is on the
 * path is measured, not assumed: V8's precise coverage (the inspector's Profiler, function call
 * counts) is reset after a first run of the same request warms every cache and lazy start-up, and
 * read after the second; a named file whose functions were not called for the request fails.
 * The whole graph runs in this process (test/harness/graph.ts), loading the workspaces' built
 * dist/, so a named source file is checked as its compiled twin (src/x.ts → dist/x.js).
 */
const REQUEST_TOUR = { document: "README.md", heading: "### Request tour" };

/** The TypeScript files a section's numbered steps name in inline code, in order of first mention. */
function tourFiles(document: string, heading: string): string[] {
  const text = readFileSync(join(ROOT, document), "utf8");
  const start = text.indexOf(heading);
  if (start < 0) throw new Error(`${document} has no section "${heading}"`);
  const rest = text.slice(start + heading.length);
  const end = rest.search(/^#{2,3} /m);
  const section = rest.slice(0, end === -1 ? undefined : end);
  const steps = section.slice(section.search(/^1\. /m));
  return [...new Set([...steps.matchAll(/`([^`\s]+\.ts)`/g)].map((match) => match[1]))];
}

/** The compiled file the in-process graph runs for a workspace's source file. */
function compiledTwin(path: string): string {
  let workspace = dirname(join(ROOT, path));
  while (!existsSync(join(workspace, "package.json"))) workspace = dirname(workspace);
  const inWorkspace = relative(workspace, join(ROOT, path)).replace(/^src\//, "");
  return join(workspace, "dist", inWorkspace.replace(/\.ts$/, ".js"));
}

interface ScriptCoverage {
  url: string;
  functions: Array<{ ranges: Array<{ count: number }> }>;
}

describe("the README's request tour", () => {
  const named = tourFiles(REQUEST_TOUR.document, REQUEST_TOUR.heading);
  const session = new Session();
  let graph: Graph | undefined;
  let ranForRequest: Set<string>;

  const COMPANY_CASES = `query CompanyCases($cvr: ID!) {
    company(cvr: $cvr) { name cases(first: 20) { totalCount incompleteDepartments edges { node { id department title statusText } } } }
  }`;

  /** Files with a function called since the last take (taking precise coverage resets its counts). */
  async function filesRunSinceLastTake(): Promise<Set<string>> {
    const { result } = (await session.post("Profiler.takePreciseCoverage")) as { result: ScriptCoverage[] };
    return new Set(result.filter((script) => script.functions.some((fn) => fn.ranges[0].count > 0)).map((script) => script.url));
  }

  beforeAll(async () => {
    session.connect();
    await session.post("Profiler.enable");
    // Before the graph's modules load, so every function they define is counted.
    await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: false });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only now, after coverage started
    const { startGraph } = require("../harness/graph") as typeof import("../harness/graph");
    graph = await startGraph();
    const cvr = graph.world.showcase.manufacturer;
    const warmUp = await graph.query(COMPANY_CASES, { cvr });
    expect(warmUp.errors).toBeUndefined();
    await filesRunSinceLastTake();
    const answer = await graph.query(COMPANY_CASES, { cvr });
    ranForRequest = await filesRunSinceLastTake();
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.company.cases.totalCount).toBeGreaterThan(0);
  }, 120_000);
  afterAll(async () => {
    await session.post("Profiler.stopPreciseCoverage");
    session.disconnect();
    await graph?.stop();
  });

  it("names the gateway, the CRM, the departments' kit and the simulated system", () => {
    expect(named.length).toBeGreaterThan(20);
    for (const prefix of ["gateway/src/", "subgraphs/crm/src/", "packages/kit/src/department/", "mocks/"])
      expect(named.some((path) => path.startsWith(prefix))).toBe(true);
  });

  it("names only files that ran for the request", () => {
    expect(named.filter((path) => !ranForRequest.has(pathToFileURL(compiledTwin(path)).href))).toEqual([]);
  });

  it("would notice a file that runs only at start-up", () => {
    expect(ranForRequest.has(pathToFileURL(compiledTwin("subgraphs/bif/src/subgraph.ts")).href)).toBe(false);
    expect(ranForRequest.has(pathToFileURL(compiledTwin("packages/kit/src/department/model.ts")).href)).toBe(false);
    expect(ranForRequest.has(pathToFileURL(compiledTwin("gateway/src/auth/access-control.ts")).href)).toBe(true);
  });
});
