import { caseTypename, DEPARTMENTS } from "@company-graph/domain";
import { caseFieldResolvers, type SourceCase } from "@company-graph/kit/department";
import type { CaseIndexEntry } from "./department-data";

type ProvidedSource = Pick<
  SourceCase,
  "id" | "department" | "serviceId" | "title" | "progress" | "openedAt" | "decidedAt" | "closedAt" | "lastUpdateSentAt"
> & {
  caseworker: Pick<SourceCase["caseworker"], "id" | "name" | "unitName" | "email">;
};

/**
 * A case of a merged list as the CRM @provides it (company-view/schema.graphql): its reference
 * plus what its index entry holds, in the shape of the department's source case, so the kit's
 * case field resolvers — the ones the department itself runs — give the same values. Every other
 * field of the case is completed by its department.
 */
export function providedCase(entry: CaseIndexEntry): { __typename: string } & ProvidedSource {
  return {
    __typename: caseTypename(entry.department),
    id: entry.id,
    department: entry.department,
    serviceId: entry.serviceId,
    title: entry.title,
    progress: entry.progress as SourceCase["progress"],
    openedAt: entry.openedAt,
    decidedAt: entry.decidedAt,
    closedAt: entry.closedAt,
    lastUpdateSentAt: entry.lastUpdateSentAt,
    caseworker: { id: entry.caseworkerId, name: entry.caseworkerName, unitName: entry.caseworkerUnit, email: entry.caseworkerEmail },
  };
}

const { service, isOpen, processingDays, targetProcessingDays, isPastTarget, caseworker } = caseFieldResolvers<{ now: () => Date }>();
const providedFieldResolvers = { service, isOpen, processingDays, targetProcessingDays, isPastTarget, caseworker };

/** The provided fields that are computed rather than copied, for each department's case type. */
export const providedCaseResolvers = Object.fromEntries(
  DEPARTMENTS.map((department) => [caseTypename(department), providedFieldResolvers]),
);
