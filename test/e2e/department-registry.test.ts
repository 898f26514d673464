import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEPARTMENTS, subgraphName } from "@company-graph/domain";

/**
 * Adding a department is its own files (subgraphs/<code>/, mocks/<code>/, deploy/base/<code>.yaml) plus one entry in the
 * registry, packages/domain/src/departments.ts, which everything else iterates. This test finds
 * every other tracked file that names every department (an enumeration of them, in code, config
 * or schema) and holds that set to the list below, each with what a new department changes
 * there. A new hard-coded list fails it: derive it from the registry, or add it here with a reason.
 */
const ROOT = join(__dirname, "..", "..");

const REGISTRY = "packages/domain/src/departments.ts";

/** Files that name every department and would change for a new one, beyond its folders and the registry line. */
const ALSO_TOUCHED: Record<string, string> = {
  // The department's own data: its services, packages and service levels, its units and demo cases.
  "packages/domain/data/catalogue.json": "the department's catalogue services",
  "packages/domain/data/services.json": "the department's catalogue services",
  "packages/domain/data/packages.json": "service packages that include its services",
  "packages/domain/data/service-levels.json": "its services' target processing times",
  "mocks/generator/people.ts": "its units and caseworkers in the simulated world",
  "mocks/generator/showcase.ts": "the showcase companies' cases with it",
  // Typed per department, so the compiler asks for the entry.
  "mocks/generator/index.ts": "its simulator's case types (mocks/<code>/case-types.ts) in the world's typed table",
  "packages/kit/src/department/personal-data.ts": "its need-to-know policy table (Record<Department, …>)",
  "web/src/labels.ts": "its short name in the workspace's label table (Record<Department, …>)",
  // What clients see: the enum and the interface's description.
  "packages/kit/graphql/shared-types.graphql": "a value of enum Department",
  "packages/kit/graphql/department-case.graphql": "its case type in the Case interface's description",
  // One container and route per service.
  Dockerfile: "copies its workspace into the image",
  "deploy/base/kustomization.yaml": "its Deployment and Service",
  "deploy/base/gateway.yaml": "the gateway's SUBGRAPH_<CODE>_URL",
  "deploy/base/network-policies.yaml": "who may reach its subgraph",
  "deploy/overlays/production/external-systems.yaml": "its case system's address in production",
};

/** Committed generated files (their generators iterate the registry; staleness tests keep them fresh), prose, tests and the registry. */
function isExempt(path: string): boolean {
  if (path === REGISTRY) return true;
  if (
    DEPARTMENTS.some(
      (department) => path.startsWith(`subgraphs/${subgraphName(department)}/`) || path.startsWith(`mocks/${subgraphName(department)}/`),
    )
  )
    return true;
  if (/(^|\/)test\/|\.test\.ts$|^bench\//.test(path)) return true;
  if (/\.md$/.test(path)) return true;
  return (
    ["package-lock.json", "schema/supergraph.graphql", "schema/api-schema.graphql", "subgraphs/crm/schema.graphql"].includes(path) ||
    path.includes("/generated/")
  );
}

/** The department's code as an identifier would carry it: BIF, bif (bifCaseIndex, subgraphs/bif), Bif (BifCase). */
function codePatterns(department: string): RegExp[] {
  const lower = department.toLowerCase();
  const capitalised = department[0] + lower.slice(1);
  return [
    new RegExp(`(?<![A-Za-z])${department}(?![A-Z])`),
    new RegExp(`(?<![A-Za-z])${lower}(?![a-z])`),
    new RegExp(`(?<![A-Za-z])${capitalised}(?![a-z])`),
  ];
}
const PATTERNS = DEPARTMENTS.map(codePatterns);

function namesEveryDepartment(text: string): boolean {
  return PATTERNS.every((patterns) => patterns.some((pattern) => pattern.test(text)));
}

function enumeratingFiles(): string[] {
  const tracked = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
  return tracked.filter((path) => !isExempt(path) && namesEveryDepartment(readFileSync(join(ROOT, path), "utf8"))).sort();
}

describe("a new department", () => {
  const found = enumeratingFiles();

  it(`touches its folders, one registry line and the ${Object.keys(ALSO_TOUCHED).length} files listed here (its data, typed tables, the GraphQL enum, deployment)`, () => {
    expect(found).toEqual(Object.keys(ALSO_TOUCHED).sort());
  });

  it("is counted by a check that notices a hard-coded list", () => {
    expect(namesEveryDepartment(`for (const name of ["bif", "tmf", "kff", "okf"])`)).toBe(true);
    expect(namesEveryDepartment("/^(?:bif|tmf|kff|okf)(Case|Permit)Index$/")).toBe(true);
    expect(namesEveryDepartment("BifCase TmfCase KffCase OkfCase")).toBe(true);
    expect(namesEveryDepartment("DEPARTMENTS.map(subgraphName)")).toBe(false);
  });
});
