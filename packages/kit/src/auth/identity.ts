import { CASE_EVENT_TYPES, DEPARTMENTS, cvrProblem, type CaseEventType, type Department } from "@company-graph/domain";
import { TokenError } from "./token-error";

/**
 * The roles of the report's organisation model. SYSTEM is the gateway itself (readiness
 * probes); no user token may carry it.
 */
export const ROLES = ["FRONT_OFFICE", "KEY_ACCOUNT_MANAGER", "CASEWORKER", "ANALYST", "PARTNER", "AUDITOR"] as const;
export type UserRole = (typeof ROLES)[number];
export type Role = UserRole | "SYSTEM";

/**
 * The roles that work with individual companies (the CRM's `Query.company` and its kin). The
 * development unit's analysts see aggregates, auditors read the access log; partners reach these
 * fields only when their grant names them. Read by the CRM's policy table and by the gateway,
 * which starts no work for a company lookup the caller may not make.
 */
export const COMPANY_WORK_ROLES: readonly Role[] = ["FRONT_OFFICE", "KEY_ACCOUNT_MANAGER", "CASEWORKER", "PARTNER"];

/** What an integration partner may read: `Type.field` coordinates and trusted operation names. */
export interface PartnerGrant {
  /** e.g. "Query.company", "Company.name", "Case.title" (an interface covers its implementations). */
  fields: string[];
  /** Names of the trusted operations the partner may run; empty means any trusted operation. */
  operations: string[];
  /** Which companies' changes the partner may follow (the change feed and webhooks); absent: none. */
  changes?: ChangeScope;
}

/**
 * A partner's share of the companies' change history: the departments and kinds (message types)
 * it may follow, and, when given, only these companies (an erhvervshus following its clients).
 */
export interface ChangeScope {
  departments: Department[];
  kinds: CaseEventType[];
  cvrs?: string[];
}

/** Who is asking, as the gateway verified it. */
export interface Identity {
  userId: string;
  role: Role;
  /** The caseworker's department. */
  department?: Department;
  /** The caseworker's unit (e.g. bif-refusion). */
  unit?: string;
  grant?: PartnerGrant;
}

/** Identity plus what the gateway knows about the request it forwards to a subgraph. */
export interface RequestIdentity extends Identity {
  /** Why the data is read (the client's `x-purpose` header), for the access log. */
  purpose?: string;
  operationId?: string;
  operationName?: string;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === "string");

/** The identity claims of a token (`sub`, `role`, `department`, `unit`, `grant`), checked. */
export function identityFromClaims(claims: Record<string, unknown>, options: { allowSystem?: boolean } = {}): Identity {
  const { sub, role, department, unit, grant } = claims;
  if (typeof sub !== "string" || !sub) throw new TokenError("invalid-claims", "the token names no user (sub)");
  const roles: readonly string[] = options.allowSystem ? [...ROLES, "SYSTEM"] : ROLES;
  if (typeof role !== "string" || !roles.includes(role))
    throw new TokenError("invalid-claims", `the token's role ${JSON.stringify(role)} is not one of ${ROLES.join(", ")}`);
  if (department !== undefined && (typeof department !== "string" || !(DEPARTMENTS as readonly string[]).includes(department)))
    throw new TokenError("invalid-claims", `the token's department ${JSON.stringify(department)} is not one of ${DEPARTMENTS.join(", ")}`);
  if (role === "CASEWORKER" && !department) throw new TokenError("invalid-claims", "a caseworker's token must name the department");
  if (unit !== undefined && typeof unit !== "string") throw new TokenError("invalid-claims", "the token's unit must be a string");
  let partnerGrant: PartnerGrant | undefined;
  if (role === "PARTNER") {
    const candidate = grant as { fields?: unknown; operations?: unknown } | undefined;
    if (!candidate || !isStringArray(candidate.fields) || !(candidate.operations === undefined || isStringArray(candidate.operations)))
      throw new TokenError("invalid-claims", "a partner's token must carry a grant { fields: string[], operations: string[] }");
    partnerGrant = {
      fields: candidate.fields,
      operations: candidate.operations ?? [],
      ...changeScopeOf((grant as { changes?: unknown }).changes),
    };
  }
  return {
    userId: sub,
    role: role as Role,
    ...(department ? { department: department as Department } : {}),
    ...(unit ? { unit } : {}),
    ...(partnerGrant ? { grant: partnerGrant } : {}),
  };
}

/** A grant's `changes`, checked: known departments and message types, valid CVR numbers. */
function changeScopeOf(changes: unknown): { changes?: ChangeScope } {
  if (changes === undefined) return {};
  const candidate = changes as { departments?: unknown; kinds?: unknown; cvrs?: unknown } | null;
  const within = (values: unknown, known: readonly string[]) => isStringArray(values) && values.every((value) => known.includes(value));
  if (
    !candidate ||
    !within(candidate.departments, DEPARTMENTS) ||
    !within(candidate.kinds, CASE_EVENT_TYPES) ||
    !(candidate.cvrs === undefined || (isStringArray(candidate.cvrs) && candidate.cvrs.every((cvr) => !cvrProblem(cvr))))
  )
    throw new TokenError(
      "invalid-claims",
      "a partner grant's changes must be { departments: Department[], kinds: message types[], cvrs?: CVR numbers[] }",
    );
  return {
    changes: {
      departments: candidate.departments as Department[],
      kinds: candidate.kinds as CaseEventType[],
      ...(candidate.cvrs ? { cvrs: candidate.cvrs as string[] } : {}),
    },
  };
}

/** The claims that carry an identity, the inverse of identityFromClaims. */
export function identityClaims(identity: Identity): Record<string, unknown> {
  return {
    sub: identity.userId,
    role: identity.role,
    ...(identity.department ? { department: identity.department } : {}),
    ...(identity.unit ? { unit: identity.unit } : {}),
    ...(identity.grant ? { grant: identity.grant } : {}),
  };
}
