import { isOpen, type Department } from "@company-graph/domain";
import { gatherCases, oioProgress, type CaseIndexEntry, type CompanyWithDepartmentData } from "./department-data";
import { paginate } from "../pagination";
import { providedCase } from "./provided-case";

export interface CaseFilter {
  department?: Department | null;
  open?: boolean | null;
  progress?: string | null;
  first: number;
  after?: string | null;
}

/** Newest first; equal times by id, so the order is total and cursors are stable. */
const sortKey = (entry: CaseIndexEntry) => [entry.openedAt, entry.id];
const newestFirst = (a: string[], b: string[]) =>
  a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : Date.parse(b[0]) - Date.parse(a[0]);

/** Company.cases: every department's cases in one list, filtered, newest first, paginated. */
export function companyCases(company: CompanyWithDepartmentData, filter: CaseFilter) {
  const { items, incompleteDepartments } = gatherCases(company);
  const selected = items
    .filter((entry) => !filter.department || entry.department === filter.department)
    .filter((entry) => filter.open === undefined || filter.open === null || isOpen(entry) === filter.open)
    .filter((entry) => !filter.progress || entry.progress === oioProgress(filter.progress))
    .sort((a, b) => newestFirst(sortKey(a), sortKey(b)));
  const scope = {
    list: `Company(${company.cvr}).cases`,
    filter: { department: filter.department ?? null, open: filter.open ?? null, progress: filter.progress ?? null },
  };
  const page = paginate(selected, { scope, first: filter.first, after: filter.after, keyOf: sortKey, compare: newestFirst });
  return {
    ...page,
    // The fields the index holds go back with the reference (@provides); the gateway asks the department only for the rest.
    edges: page.edges.map(({ cursor, node }) => ({ cursor, node: providedCase(node) })),
    incompleteDepartments: filter.department
      ? incompleteDepartments.filter((department) => department === filter.department)
      : incompleteDepartments,
  };
}
