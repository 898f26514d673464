import { badUserInput } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import type { Company, Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { CompanyCursor } from "../company/search";

export interface OutreachCandidateFilter {
  industryCode?: string | null;
  postalCodes?: string[] | null;
  employeesBands?: string[] | null;
  segment?: string | null;
  hasKeyAccountManager?: boolean | null;
}

const MAX_LISTED = 100;

function listed(values: string[] | null | undefined, field: string, pattern: RegExp): string[] | undefined {
  if (values === null || values === undefined) return undefined;
  if (values.length > MAX_LISTED) throw badUserInput(refusal.badUserInput.tooManyValues(field, MAX_LISTED), field);
  const bad = values.find((value) => !pattern.test(value));
  if (bad !== undefined) throw badUserInput(refusal.badUserInput.invalidValue(field, bad), field);
  return values;
}

/** The filter as a Prisma condition; advertising protection and ceasing are applied by the caller. */
function candidateCondition(filter: OutreachCandidateFilter | null | undefined): Prisma.CompanyWhereInput {
  const industryCode = filter?.industryCode?.trim();
  if (industryCode !== undefined && !/^\d{1,6}$/.test(industryCode))
    throw badUserInput(refusal.badUserInput.industryCodeDigits, "filter.industryCode");
  const postalCodes = listed(filter?.postalCodes, "filter.postalCodes", /^\d{4}$/);
  const bands = listed(filter?.employeesBands, "filter.employeesBands", /^[A-Z0-9_]{1,40}$/);
  const hasKam = filter?.hasKeyAccountManager;
  return {
    ...(industryCode ? { industryCode: { startsWith: industryCode } } : {}),
    ...(postalCodes ? { postalCode: { in: postalCodes } } : {}),
    ...(bands ? { sizeBand: { in: bands } } : {}),
    ...(filter?.segment ? { segment: filter.segment } : {}),
    ...(hasKam === true
      ? { kamAssignments: { some: { until: null } } }
      : hasKam === false
        ? { kamAssignments: { none: { until: null } } }
        : {}),
  };
}

/**
 * A list of companies to approach: the rule of use of the CVR register keeps advertising-protected
 * companies out of bulk and grouped lists altogether (not flagged, absent), and a ceased company
 * is nobody to visit. What was left out is counted, so whoever plans the round knows the list is
 * not the whole segment. Ordered like companies(): Danish sort key, then CVR number.
 */
export async function outreachCandidates(
  db: PrismaClient,
  filter: OutreachCandidateFilter | null | undefined,
  after: CompanyCursor | null,
  take: number,
) {
  const matching = candidateCondition(filter);
  const eligible: Prisma.CompanyWhereInput = { AND: [matching, { advertisingProtected: false, ceasedOn: null }] };
  const page: Prisma.CompanyWhereInput = after
    ? { AND: [eligible, { OR: [{ nameSortKey: { gt: after.sortKey } }, { nameSortKey: after.sortKey, cvr: { gt: after.cvr } }] }] }
    : eligible;
  const [rows, totalCount, advertisingProtectedLeftOut, ceasedLeftOut]: [Company[], number, number, number] = await Promise.all([
    db.company.findMany({ where: page, orderBy: [{ nameSortKey: "asc" }, { cvr: "asc" }], take }),
    db.company.count({ where: eligible }),
    db.company.count({ where: { AND: [matching, { advertisingProtected: true, ceasedOn: null }] } }),
    db.company.count({ where: { AND: [matching, { ceasedOn: { not: null } }] } }),
  ]);
  return { rows, totalCount, advertisingProtectedLeftOut, ceasedLeftOut };
}
