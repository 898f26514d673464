import { defaultFieldResolver, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import type { Department } from "@company-graph/domain";
import { forbidden } from "../errors";
import { refusal } from "../refusals";
import type { AccessLogRecorder, DataSubject } from "./access-log";
import { COMPANY_WORK_ROLES, type RequestIdentity, type Role } from "./identity";

/** Kinds of personal data the department systems hold (see docs/access-control.md). */
export type PersonalDataCategory = "EMPLOYEE_IDENTITY" | "EMPLOYEE_HEALTH" | "LICENCE_APPLICANT_IDENTITY" | "POLICE_VETTING";

/**
 * A field's rule. `personal`: personal data only that department's caseworkers may read; every
 * read is logged. `roles`: a field only some roles may read (not personal data, not logged).
 */
export type FieldRule =
  | { kind: "personal"; category: PersonalDataCategory; department: Department; why: string; subject: (parent: never) => DataSubject }
  | { kind: "roles"; roles: readonly Role[]; why: string };

/** A subgraph's need-to-know policy by schema coordinate ("Type.field"); unlisted fields are public to internal roles. */
export type PolicyTable = Record<string, FieldRule>;

export function personalData(
  category: PersonalDataCategory,
  department: Department,
  why: string,
  subject: (parent: never) => DataSubject,
): FieldRule {
  return { kind: "personal", category, department, why, subject };
}

export function restrictedTo(roles: readonly Role[], why: string): FieldRule {
  return { kind: "roles", roles, why };
}

/**
 * The CRM's rule for its company-by-company records, Query.company among them. In the kit because
 * the gateway predicts it: its early fetches start only for a caller the CRM would answer.
 */
export const COMPANY_RECORDS_RULE = restrictedTo(COMPANY_WORK_ROLES, "company-by-company records are for the roles that serve companies");

/**
 * Whether the field wrappers (applyFieldPolicy) would let this identity read a root field with
 * this rule: for a caller outside the subgraph that must know beforehand (the gateway's early
 * fetches). A root type has no interfaces, so a partner's grant must name the coordinate itself.
 */
export function mayReadRootField(
  identity: RequestIdentity | undefined,
  coordinate: `${"Query" | "Mutation"}.${string}`,
  rule: FieldRule | undefined,
): boolean {
  if (!identity) return false;
  if (identity.role === "PARTNER" && !identity.grant?.fields.includes(coordinate)) return false;
  return !rule || ruleAllows(rule, identity);
}

/** Whether the rule lets this identity read the field. */
export function ruleAllows(rule: FieldRule, identity: Pick<RequestIdentity, "role" | "department">): boolean {
  return rule.kind === "personal"
    ? identity.role === "CASEWORKER" && identity.department === rule.department
    : rule.roles.includes(identity.role);
}

/** Who may read a field, in words, for the rendered policy table. */
export function ruleAudience(rule: FieldRule): string {
  return rule.kind === "personal" ? `CASEWORKER of ${rule.department}` : rule.roles.join(", ");
}

/** Whether a partner's grant names the field, on its type or on an interface the type implements. */
export function grantCovers(grant: RequestIdentity["grant"], type: GraphQLObjectType, field: string): boolean {
  if (!grant) return false;
  return [type.name, ...type.getInterfaces().map((iface) => iface.name)].some((typeName) => grant.fields.includes(`${typeName}.${field}`));
}

/** What a guarded resolver needs from the request: who asks, and where reads are logged. */
export interface RequestAccess {
  identity: RequestIdentity;
  accessLog: AccessLogRecorder;
}

// A symbol-keyed property rather than a WeakMap: Apollo Server shallow-copies the context per
// operation, and the copy keeps enumerable symbol properties but not WeakMap identity.
const ACCESS = Symbol("request access");

/** Attaches the verified identity to a request context (serveSubgraph does this for every request). */
export function attachAccess(context: object, access: RequestAccess): void {
  (context as { [ACCESS]?: RequestAccess })[ACCESS] = access;
}

export function accessOf(context: unknown): RequestAccess | undefined {
  return typeof context === "object" && context !== null ? (context as { [ACCESS]?: RequestAccess })[ACCESS] : undefined;
}

const hasDirective = (node: { directives?: readonly { name: { value: string } }[] } | undefined | null, name: string) =>
  node?.directives?.some((directive) => directive.name.value === name || directive.name.value === `federation__${name}`) ?? false;

/** Key fields of an entity type: the gateway needs them to join subgraphs, and they identify, not describe. */
function keyFieldsOf(type: GraphQLObjectType): Set<string> {
  const keys = new Set<string>();
  for (const node of [type.astNode, ...(type.extensionASTNodes ?? [])]) {
    for (const directive of node?.directives ?? []) {
      if (directive.name.value !== "key" && directive.name.value !== "federation__key") continue;
      const fields = directive.arguments?.find((argument) => argument.name.value === "fields")?.value;
      if (fields?.kind === "StringValue") for (const name of fields.value.split(/[\s{}]+/)) if (name) keys.add(name);
    }
  }
  return keys;
}

/**
 * Enforces a policy table on a built subgraph schema by wrapping field resolvers:
 * a denied field resolves to null with a FORBIDDEN error while the rest of the answer arrives;
 * a personal-data field is released only after its read is in the access log; an integration
 * partner reads only the fields its grant names (federation plumbing, @inaccessible fields and
 * entity keys excepted). A request without a verified identity is denied everything guarded.
 */
export function applyFieldPolicy(schema: GraphQLSchema, table: PolicyTable): GraphQLSchema {
  for (const coordinate of Object.keys(table)) {
    const [typeName, fieldName] = coordinate.split(".");
    const type = schema.getType(typeName);
    if (!isObjectType(type) || !type.getFields()[fieldName]) throw new Error(`policy names ${coordinate}, which the schema does not have`);
    // A denied mutation may null the whole answer (nothing was written); elsewhere the rest must arrive.
    if (typeName !== schema.getMutationType()?.name && type.getFields()[fieldName].type.toString().endsWith("!"))
      throw new Error(`policy guards ${coordinate}, which must be nullable so a denial can answer null`);
  }
  for (const type of Object.values(schema.getTypeMap())) {
    // Introspection types (__Type) and federation's own (_Service) are not data.
    if (!isObjectType(type) || type.name.startsWith("_")) continue;
    const typeIsInternal = hasDirective(type.astNode, "inaccessible");
    const keys = keyFieldsOf(type);
    for (const [fieldName, field] of Object.entries(type.getFields())) {
      if (fieldName.startsWith("_")) continue;
      const coordinate = `${type.name}.${fieldName}`;
      const rule = table[coordinate];
      const partnerExempt = typeIsInternal || keys.has(fieldName) || hasDirective(field.astNode, "inaccessible");
      wrapField(field, type, coordinate, rule, partnerExempt);
    }
  }
  return schema;
}

function wrapField(
  field: GraphQLField<unknown, unknown>,
  type: GraphQLObjectType,
  coordinate: string,
  rule: FieldRule | undefined,
  partnerExempt: boolean,
): void {
  const resolve = field.resolve ?? defaultFieldResolver;
  field.resolve = (parent, args, context, info) => {
    const access = accessOf(context);
    if (!access) throw forbidden(refusal.forbidden.needsIdentity(coordinate), coordinate);
    const { identity } = access;
    if (identity.role === "PARTNER" && !partnerExempt && !grantCovers(identity.grant, type, info.fieldName))
      throw forbidden(refusal.forbidden.notInPartnerGrant(coordinate), coordinate);
    if (!rule) return resolve(parent, args, context, info);
    if (!ruleAllows(rule, identity))
      throw forbidden(
        rule.kind === "personal"
          ? refusal.forbidden.personalDataOnlyFor(coordinate, rule.department, rule.why)
          : refusal.forbidden.onlyFor(coordinate, rule.roles),
        coordinate,
      );
    if (rule.kind === "roles") return resolve(parent, args, context, info);
    return releaseLogged(resolve(parent, args, context, info), rule, parent, access, coordinate);
  };
}

async function releaseLogged(
  value: unknown,
  rule: Extract<FieldRule, { kind: "personal" }>,
  parent: unknown,
  access: RequestAccess,
  coordinate: string,
): Promise<unknown> {
  const resolved = await value;
  if (resolved === null || resolved === undefined) return resolved;
  try {
    await access.accessLog.record(coordinate, rule.subject(parent as never));
  } catch {
    // Fail closed: a read that is not in the log does not happen.
    throw forbidden(refusal.forbidden.withheldUnlogged(coordinate), coordinate);
  }
  return resolved;
}

/** The committed policy tables as a markdown table (docs/access-control-policy.md is generated from it). */
export function renderPolicyMarkdown(tables: Record<string, PolicyTable>): string {
  const rows = Object.entries(tables).flatMap(([subgraph, table]) =>
    Object.entries(table).map(
      ([coordinate, rule]) =>
        `| \`${coordinate}\` | ${subgraph} | ${rule.kind === "personal" ? `personal data: ${rule.category}` : "restricted"} | ${ruleAudience(rule)} | ${rule.kind === "personal" ? "yes" : "no"} | ${rule.why} |`,
    ),
  );
  return [
    "<!-- Generated from the CRM's src/policy.ts and the kit's department/personal-data.ts by `npm run policy-doc`; a test fails when it is stale. -->",
    "# Need-to-know policy table",
    "",
    "Every field not listed is readable by the internal roles (FRONT_OFFICE, KEY_ACCOUNT_MANAGER, CASEWORKER,",
    "ANALYST, AUDITOR). An integration partner (PARTNER) reads only the fields its grant names, and",
    "never a field listed here unless the rule names PARTNER. A denied field answers null with a",
    "FORBIDDEN error. See [access-control.md](access-control.md).",
    "",
    "| field | subgraph | kind | who may read it | logged | why |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
