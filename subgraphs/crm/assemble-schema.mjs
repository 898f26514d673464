// The CRM's SDL is written by module, next to each module's resolvers (src/<module>/schema.graphql);
// this joins the fragments, in a fixed order, into schema.graphql: the one subgraph SDL that the
// running subgraph, codegen and the supergraph composition (schema/src/subgraphs.ts) read.
// `node assemble-schema.mjs` writes it (npm run generate); `--check` fails if it is out of date.
// The department-specific parts of the company view are written once and expanded here for each
// department of the registry (see expandDepartments), so a department is added in one place.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
// Built before this runs (turbo.json: generate depends on the dependencies' build).
const { DEPARTMENTS, caseTypename, indexFieldNames, subgraphName } = createRequire(import.meta.url)("@company-graph/domain");

/** What the CRM reads of each department's case index and permit index (company-view/department-data.ts). */
const CASE_INDEX_ENTRY =
  "{ id serviceId title progress openedAt decidedAt closedAt lastUpdateSentAt caseworkerId caseworkerName caseworkerUnit caseworkerEmail }";
const PERMIT_RECORD = "{ id caseId serviceId kind grantedAt validFrom validTo conditions }";
/** The case fields the merged lists @provide: the @external fields of the CRM's DepartmentCase stand-in. */
const PROVIDED_CASE =
  "{ department service { id } title progress isOpen openedAt decidedAt closedAt lastUpdateSentAt processingDays targetProcessingDays isPastTarget caseworker { id name email unit { name } } }";

const EXPANSIONS = {
  $DEPARTMENT_DATA: [
    ...DEPARTMENTS.map((department) => `${indexFieldNames(department).caseIndex} ${CASE_INDEX_ENTRY}`),
    ...DEPARTMENTS.map((department) => `${indexFieldNames(department).permitIndex} ${PERMIT_RECORD}`),
  ].join(" "),
  $PROVIDED_CASES: DEPARTMENTS.map((department) => `... on ${caseTypename(department)} ${PROVIDED_CASE}`).join(" "),
};

/**
 * Expands the `$NAME`s and each `$each(selection)` (the selection once per department, under its
 * names), and repeats each `# @each-department` … `# @end` block under each department's names.
 */
function expandDepartments(fragment) {
  const repeated = fragment.replace(/^[ \t]*# @each-department\n([\s\S]*?)^[ \t]*# @end\n/gm, (_block, body) =>
    DEPARTMENTS.map((department) => renamed(body, department)).join(body.startsWith("type ") ? "\n" : ""),
  );
  // Only in the schema, not in its comments, which name the expansions.
  return repeated.replace(/^(?![ \t]*#).*\$.*$/gm, (line) =>
    line
      .replace(/\$each\(([^()]*)\)/g, (_each, selection) => DEPARTMENTS.map((department) => renamed(selection, department)).join(" "))
      .replace(/\$[A-Z_]+/g, (name) => {
        if (!(name in EXPANSIONS)) throw new Error(`assemble-schema.mjs: unknown expansion ${name}`);
        return EXPANSIONS[name];
      }),
  );
}

/** The stand-in's names (DepartmentCase, departmentCaseIndex, …) as the department's (BifCase, bifCaseIndex, …). */
function renamed(text, department) {
  const { caseIndex, permitIndex } = indexFieldNames(department);
  return text
    .replace(/\bDepartmentCase\b/g, caseTypename(department))
    .replace(/\bdepartmentCaseIndex\b/g, caseIndex)
    .replace(/\bdepartmentPermitIndex\b/g, permitIndex)
    .replace(/\bdepartmentStatistics\b/g, `${subgraphName(department)}Statistics`);
}

/** Module order: a type is declared (`type X`) in the first module that has fields of it, extended after. */
const MODULES = [
  "company",
  "contact",
  "employee",
  "inquiry",
  "note",
  "follow-up",
  "package",
  "survey",
  "company-view",
  "catalogue",
  "service-level",
  "access-log",
  "register",
  "outreach",
  "following",
  "notification",
  "change-feed",
  "webhook",
];
const FRAGMENTS = ["src/federation.graphql", ...MODULES.map((module) => `src/${module}/schema.graphql`)];

const NOTICE = "# Assembled by assemble-schema.mjs from the fragments below; edit those, then `npm run generate`.\n";
const assembled =
  NOTICE + FRAGMENTS.map((path) => `# --- ${path}\n${expandDepartments(readFileSync(join(root, path), "utf8")).trimEnd()}\n`).join("\n");

const target = join(root, "schema.graphql");
if (process.argv.includes("--check")) {
  if (readFileSync(target, "utf8") !== assembled) {
    process.stderr.write(
      "subgraphs/crm/schema.graphql is not the assembly of its fragments: run `npm run generate -w @company-graph/crm`\n",
    );
    process.exit(1);
  }
} else {
  writeFileSync(target, assembled);
}
