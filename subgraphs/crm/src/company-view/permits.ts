import { caseTypename, type Department } from "@company-graph/domain";
import { gatherCases, gatherPermits, type CompanyWithDepartmentData, type PermitRecord } from "./department-data";
import { providedCase } from "./provided-case";
import { paginate } from "../pagination";
import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";

export type PermitStatus = "ACTIVE" | "EXPIRED" | "NOT_YET_VALID";

const DAY_MS = 86_400_000;
const startOfDay = (date: Date) => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());

export function permitStatus(permit: PermitRecord, now: Date): PermitStatus {
  const today = startOfDay(now);
  if (Date.parse(permit.validFrom) > today) return "NOT_YET_VALID";
  if (permit.validTo && Date.parse(permit.validTo) < today) return "EXPIRED";
  return "ACTIVE";
}

/** Days left until the permit's last valid day; null for permits without an end. */
export function daysUntilExpiry(permit: PermitRecord, now: Date): number | null {
  return permit.validTo ? Math.round((Date.parse(permit.validTo) - startOfDay(now)) / DAY_MS) : null;
}

/** A permit as the Permit type resolves it: the record and a reference to its case. */
export const permitReference = (permit: PermitRecord) => ({
  ...permit,
  case: { __typename: caseTypename(permit.department), id: permit.caseId },
});

/** Active and ending within `withinDays` days (0 = ends today). */
export function isExpiringWithin(permit: PermitRecord, now: Date, withinDays: number): boolean {
  const left = daysUntilExpiry(permit, now);
  return permitStatus(permit, now) === "ACTIVE" && left !== null && left <= withinDays;
}

export interface PermitFilter {
  department?: Department | null;
  status?: PermitStatus | null;
  expiringWithinDays?: number | null;
  first: number;
  after?: string | null;
}

const sortKey = (permit: PermitRecord) => [permit.grantedAt, permit.id];
const newestFirst = (a: string[], b: string[]) =>
  a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : Date.parse(b[0]) - Date.parse(a[0]);

/** Company.permits: every department's permits, newest grant first, filtered and paginated. */
export function companyPermits(company: CompanyWithDepartmentData, filter: PermitFilter, now: Date) {
  if (filter.expiringWithinDays !== undefined && filter.expiringWithinDays !== null && filter.expiringWithinDays < 0) {
    throw badUserInput(refusal.badUserInput.zeroOrMore("expiringWithinDays", filter.expiringWithinDays), "expiringWithinDays");
  }
  const { items, incompleteDepartments } = gatherPermits(company);
  // A permit is granted in one of the company's cases, which its department's index holds (both
  // come from one call to the system): the CRM provides that case's indexed fields (@provides).
  const casesById = new Map(gatherCases(company).items.map((entry) => [entry.id, entry]));
  const withinDays = filter.expiringWithinDays;
  const selected = items
    .filter((permit) => !filter.department || permit.department === filter.department)
    .filter((permit) => !filter.status || permitStatus(permit, now) === filter.status)
    .filter((permit) => withinDays === undefined || withinDays === null || isExpiringWithin(permit, now, withinDays))
    .sort((a, b) => newestFirst(sortKey(a), sortKey(b)));
  const scope = {
    list: `Company(${company.cvr}).permits`,
    filter: { department: filter.department ?? null, status: filter.status ?? null, expiringWithinDays: withinDays ?? null },
  };
  const page = paginate(selected, { scope, first: filter.first, after: filter.after, keyOf: sortKey, compare: newestFirst });
  return {
    ...page,
    edges: page.edges.map(({ cursor, node }) => {
      const permitCase = casesById.get(node.caseId);
      return { cursor, node: permitCase ? { ...node, case: providedCase(permitCase) } : permitReference(node) };
    }),
    incompleteDepartments: filter.department
      ? incompleteDepartments.filter((department) => department === filter.department)
      : incompleteDepartments,
  };
}
