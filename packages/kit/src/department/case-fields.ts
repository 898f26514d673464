import { findService, isOpen, isPastTarget, processingDays, serviceLevel, targetProcessingDays } from "@company-graph/domain";
import { catalogueService } from "../catalogue-resolvers";
import type { CaseIndexEntry, DepartmentCaseResolvers } from "../generated/resolver-types";
import type { SourceCase } from "./source-contract";

/** The fields of the common Case interface the kit computes rather than copies from the source case. */
type ComputedCaseFields = "service" | "kle" | "isOpen" | "processingDays" | "targetProcessingDays" | "isPastTarget" | "caseworker";

/**
 * Field resolvers of the common Case interface, the same for every department's case type (and
 * the CRM's provided case fields). Checked against the schema with `satisfies`, so their own
 * inferred types, which name no generated type, are what the CRM sees.
 */
export function caseFieldResolvers<Context extends { now: () => Date }>() {
  return {
    service: (sourceCase: SourceCase) => catalogueService(sourceCase.serviceId),
    kle: (sourceCase: SourceCase) => {
      const service = findService(sourceCase.serviceId);
      const known = service ? serviceLevel(service).kle : undefined;
      return {
        subject: sourceCase.kle,
        title: known?.subject === sourceCase.kle ? known.title : "",
        verified: known?.subject === sourceCase.kle && known.verified,
      };
    },
    isOpen: (sourceCase: SourceCase) => isOpen(sourceCase),
    processingDays: (sourceCase: SourceCase, _args: unknown, context: Context) => processingDays(sourceCase, context.now()),
    targetProcessingDays: (sourceCase: SourceCase) => targetProcessingDays(sourceCase),
    isPastTarget: (sourceCase: SourceCase, _args: unknown, context: Context) => isPastTarget(sourceCase, context.now()),
    caseworker: (sourceCase: SourceCase) => ({
      id: sourceCase.caseworker.id,
      name: sourceCase.caseworker.name,
      unit: { id: sourceCase.caseworker.unitId, name: sourceCase.caseworker.unitName },
      email: sourceCase.caseworker.email,
      phone: sourceCase.caseworker.phone,
    }),
  } satisfies Required<Pick<DepartmentCaseResolvers<Context>, ComputedCaseFields>>;
}

/** The internal index entry the CRM subgraph merges into the company's case list. */
export function caseIndexEntry(sourceCase: SourceCase): CaseIndexEntry {
  return {
    id: sourceCase.id,
    department: sourceCase.department,
    serviceId: sourceCase.serviceId,
    title: sourceCase.title,
    progress: sourceCase.progress,
    openedAt: sourceCase.openedAt,
    decidedAt: sourceCase.decidedAt ?? null,
    closedAt: sourceCase.closedAt ?? null,
    lastUpdateSentAt: sourceCase.lastUpdateSentAt ?? null,
    caseworkerId: sourceCase.caseworker.id,
    caseworkerName: sourceCase.caseworker.name,
    caseworkerUnit: sourceCase.caseworker.unitName,
    caseworkerEmail: sourceCase.caseworker.email,
  };
}
