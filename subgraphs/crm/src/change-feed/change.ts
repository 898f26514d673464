import { CASE_EVENT_TYPES, type CaseEventType, type Department } from "@company-graph/domain";
import type { ChangeKind } from "../generated/graphql";
import type { CompanyChange } from "../generated/prisma/client.js";

/** The schema's name of a message type: case.update-sent is CASE_UPDATE_SENT. */
export function changeKindOf(type: string): ChangeKind {
  if (!(CASE_EVENT_TYPES as readonly string[]).includes(type)) throw new Error(`a change of unknown kind in the history: ${type}`);
  return type.replace(/[.-]/g, "_").toUpperCase() as ChangeKind;
}

/** The message type of a schema kind: CASE_UPDATE_SENT is case.update-sent. */
export function messageTypeOf(kind: ChangeKind): CaseEventType {
  return CASE_EVENT_TYPES.find((type) => changeKindOf(type) === kind)!;
}

interface ChangeCaseView {
  caseNumber: string;
  title: string;
  progress: string;
  serviceId: string;
  openedAt: string;
  decidedAt: string | null;
  closedAt: string | null;
  lastUpdateSentAt: string | null;
}

interface ChangePermitView {
  kind: string;
  caseId: string;
  grantedAt: string;
  validFrom: string;
  validTo: string | null;
  revokedAt: string | null;
}

/** A change as one reader may see it: plain JSON, the feed's node and a webhook delivery's data alike. */
export interface ChangeView {
  id: string;
  kind: ChangeKind;
  cvr: string;
  department: Department;
  occurredAt: string;
  withheld: boolean;
  summary: string | null;
  objectId: string | null;
  case: ChangeCaseView | null;
  permit: ChangePermitView | null;
}

/** Who reads: a caseworker of the sending department is the only one who sees a confidential change's details. */
export interface ChangeReader {
  role: string;
  department?: string;
}

/**
 * The change for this reader. A confidential (fortrolig) change is a case about the company's
 * employees (sick pay, flex jobs): only the sending department's caseworkers may read its title,
 * ids and dates; everyone else — a partner always — gets its kind, department and date. The
 * payload was validated field by field when the event arrived; only the fields named here leave
 * the CRM (never the case's unit or the permit's own service).
 */
export function changeView(row: CompanyChange, reader: ChangeReader): ChangeView {
  const withheld = row.sensitivity !== "almindelig" && !(reader.role === "CASEWORKER" && reader.department === row.department);
  const payload = row.payload as Record<string, unknown>;
  const text = (field: string) => payload[field] as string;
  const optional = (field: string) => (payload[field] ?? null) as string | null;
  const isCase = row.kind.startsWith("case.");
  return {
    id: String(row.sequence),
    kind: changeKindOf(row.kind),
    cvr: row.cvr,
    department: row.department as Department,
    occurredAt: row.occurredAt.toISOString(),
    withheld,
    summary: withheld ? null : row.summary,
    objectId: withheld ? null : row.objectId,
    case:
      withheld || !isCase
        ? null
        : {
            caseNumber: text("caseNumber"),
            title: text("title"),
            progress: text("progress"),
            serviceId: text("serviceId"),
            openedAt: text("openedAt"),
            decidedAt: optional("decidedAt"),
            closedAt: optional("closedAt"),
            lastUpdateSentAt: optional("lastUpdateSentAt"),
          },
    permit:
      withheld || isCase
        ? null
        : {
            kind: text("kind"),
            caseId: text("caseId"),
            grantedAt: text("grantedAt"),
            validFrom: text("validFrom"),
            validTo: optional("validTo"),
            revokedAt: optional("revokedAt"),
          },
  };
}

const COVERED_TYPES = { node: "Change", case: "ChangeCase", permit: "ChangePermit" } as const;

/**
 * A change as a partner's webhook delivers it: only the fields its grant names (`Change.summary`,
 * `ChangeCase.title`, …), as the feed would answer the same partner — a field outside the grant is
 * left out rather than null, so a receiver never mistakes it for "no value".
 */
export function grantedView(view: ChangeView, grantFields: readonly string[]): Partial<ChangeView> {
  const pick = <T extends object>(type: string, value: T) =>
    Object.fromEntries(Object.entries(value).filter(([field]) => grantFields.includes(`${type}.${field}`)));
  const node = pick(COVERED_TYPES.node, view) as Partial<ChangeView> & Record<string, unknown>;
  if (node.case) node.case = pick(COVERED_TYPES.case, node.case) as unknown as ChangeCaseView;
  if (node.permit) node.permit = pick(COVERED_TYPES.permit, node.permit) as unknown as ChangePermitView;
  return node;
}
