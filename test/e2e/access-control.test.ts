import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Kind, parse, type ObjectTypeDefinitionNode, type UnionTypeDefinitionNode } from "graphql";
import { caseTypename, type Department } from "@company-graph/domain";
import { DEPARTMENT_POLICIES } from "@company-graph/kit/department";
import { generateSigningKey, renderPolicyMarkdown, signJws, type FieldRule, type PolicyTable } from "@company-graph/kit/auth";
import { policy as crmPolicy, pruneAccessLog } from "@company-graph/crm";
import { documentId, loadTrustedDocuments } from "@company-graph/gateway";
import { readCommittedSupergraph } from "@company-graph/schema";
import type { CompaniesSearchQuery, CompanyProfileQuery, CompanyProfileQueryVariables } from "../generated/graphql";
import { startGraph, type Graph, type GraphQLResponse } from "../harness/graph";
import { demoIdentity, type Actor } from "../harness/identities";

const ROOT = join(__dirname, "..", "..");
const POLICIES: Record<string, PolicyTable> = {
  crm: crmPolicy,
  bif: DEPARTMENT_POLICIES.BIF,
  tmf: {},
  kff: DEPARTMENT_POLICIES.KFF,
  okf: {},
};
const RULES: Record<string, FieldRule> = Object.assign({}, ...Object.values(POLICIES));
/** Field names that smell of personal data: any such field must be in a policy table or sit below one. */
const PERSONAL_LOOKING = /cpr|health|capacity|police|vetting|debt|conviction/i;
/** Types reachable only through a guarded field, with the field that guards them. */
const BELOW_GUARDS: Record<string, string> = {
  PersonIdentity: "personal-data fields",
  PoliceVetting: "AlcoholLicenceCase.vetting",
  AccessLogEntry: "Query.accessLog",
};

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

const ACTORS: { name: string; actor: Actor }[] = [
  { name: "front office", actor: "FRONT_OFFICE" },
  { name: "key account manager", actor: "KEY_ACCOUNT_MANAGER" },
  { name: "BIF caseworker", actor: { role: "CASEWORKER", department: "BIF" } },
  { name: "KFF caseworker", actor: { role: "CASEWORKER", department: "KFF" } },
  { name: "TMF caseworker", actor: { role: "CASEWORKER", department: "TMF" } },
  { name: "analyst", actor: "ANALYST" },
  { name: "auditor", actor: "AUDITOR" },
];

function mayRead(rule: FieldRule, actor: Actor): boolean {
  const identity = typeof actor === "string" ? { role: actor } : actor;
  return rule.kind === "personal"
    ? identity.role === "CASEWORKER" && identity.department === rule.department
    : rule.roles.includes(identity.role);
}

function codes(response: { errors?: { extensions?: Record<string, any> }[] }): string[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

async function accessLogRows() {
  return graph.crmDatabase.prisma.accessLogEntry.findMany({ orderBy: { at: "asc" } });
}

// ---------------------------------------------------------------------------------------------
// The supergraph as clients see it: every object type and field, @inaccessible ones left out.
const supergraph = parse(readCommittedSupergraph());
const hidden = (node: { directives?: readonly { name: { value: string } }[] }) =>
  node.directives?.some((directive) => directive.name.value === "inaccessible") ?? false;
const objectTypes = supergraph.definitions.filter(
  (definition): definition is ObjectTypeDefinitionNode =>
    definition.kind === Kind.OBJECT_TYPE_DEFINITION && !/^(join__|link__|_)/.test(definition.name.value) && !hidden(definition),
);
const clientFields = objectTypes.flatMap((type) =>
  (type.fields ?? []).filter((field) => !hidden(field)).map((field) => `${type.name.value}.${field.name.value}`),
);
const detailsUnions = supergraph.definitions.filter(
  (definition): definition is UnionTypeDefinitionNode =>
    definition.kind === Kind.UNION_TYPE_DEFINITION && /^(Bif|Tmf|Kff|Okf)CaseDetails$/.test(definition.name.value),
);

/** The department whose case details hold a type, e.g. SickPayRefund → BIF. */
function departmentOfDetails(typeName: string): Department {
  const union = detailsUnions.find((candidate) => candidate.types?.some((type) => type.name.value === typeName));
  if (!union) throw new Error(`${typeName} is not a case details type; the matrix cannot reach it`);
  return union.name.value.slice(0, 3).toUpperCase() as Department;
}

/** World data per personal-data details type: a company with such a case, and the case type it uses. */
const CASE_TYPE_OF_DETAILS: Record<string, string> = {
  SickPayRefund: "sick-pay-refund",
  FlexJob: "flex-job",
  AlcoholLicenceCase: "alcohol-licence",
};

function subjectCompany(detailsType: string) {
  const department = departmentOfDetails(detailsType) as "BIF" | "KFF";
  const caseType = CASE_TYPE_OF_DETAILS[detailsType];
  const all = graph.world.cases[department] as { cvr: string; caseType: string; details: any }[];
  const casesOf = (cvr: string) => all.filter((candidate) => candidate.cvr === cvr);
  // A company whose cases in the department fit on one page, so one query sees all of them.
  const sourceCase = all.find((candidate) => candidate.caseType === caseType && casesOf(candidate.cvr).length <= 100);
  if (!sourceCase) throw new Error(`the world has no ${caseType} case`);
  return { department, cvr: sourceCase.cvr, cases: casesOf(sourceCase.cvr).filter((candidate) => candidate.caseType === caseType) };
}

/** A query that reaches `Type.field` of a case's details through the company view. */
function personalFieldQuery(coordinate: string): string {
  const [typeName, fieldName] = coordinate.split(".");
  const department = departmentOfDetails(typeName);
  const caseType = caseTypename(department);
  const selection =
    fieldName === "employee" || fieldName === "manager"
      ? `${fieldName} { cpr name }`
      : fieldName === "vetting"
        ? "vetting { policeStatement publicDebtDkk convictions }"
        : fieldName;
  return `query PersonalField($cvr: ID!) { company(cvr: $cvr) { cvr cases(department: ${department}, first: 100) { edges { node { id ... on ${caseType} { details { __typename ... on ${typeName} { ${selection} } } } } } } } }`;
}

/**
 * A literal for an input type of the supergraph, with placeholder values that pass GraphQL
 * validation but name nothing that exists: an allowed role reaches the resolver and gets
 * BAD_USER_INPUT or NOT_FOUND, so the matrix writes nothing.
 */
function placeholderLiteral(type: any): string {
  if (type.kind === Kind.NON_NULL_TYPE) return placeholderLiteral(type.type);
  if (type.kind === Kind.LIST_TYPE) return `[${placeholderLiteral(type.type)}]`;
  const name: string = type.name.value;
  const scalars: Record<string, string> = {
    ID: '"none"',
    String: '"none"',
    Int: "1",
    Float: "1",
    Boolean: "false",
    Date: '"2026-01-01"',
    DateTime: '"2026-01-01T00:00:00Z"',
  };
  if (scalars[name]) return scalars[name];
  const definition: any = supergraph.definitions.find((candidate: any) => candidate.name?.value === name);
  if (definition?.kind === Kind.ENUM_TYPE_DEFINITION) return definition.values[0].name.value;
  if (definition?.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION) throw new Error(`no placeholder for ${name}`);
  const required = definition.fields.filter((field: any) => field.type.kind === Kind.NON_NULL_TYPE && !field.defaultValue);
  return `{ ${required.map((field: any) => `${field.name.value}: ${placeholderLiteral(field.type)}`).join(", ")} }`;
}

function placeholderMutation(fieldName: string): string {
  const mutationType: any = supergraph.definitions.find(
    (definition: any) => definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === "Mutation",
  );
  const field = mutationType.fields.find((candidate: any) => candidate.name.value === fieldName);
  const args = field.arguments.map((argument: any) => `${argument.name.value}: ${placeholderLiteral(argument.type)}`).join(", ");
  return `mutation { ${fieldName}(${args}) { __typename } }`;
}

/** Root fields the roles rules restrict, with arguments that make them run. */
function rootFieldQuery(coordinate: string): { document: string; variables: Record<string, unknown> } {
  const cvr = graph.world.showcase.restaurant;
  if (coordinate.startsWith("Mutation.")) return { document: placeholderMutation(coordinate.split(".")[1]), variables: {} };
  switch (coordinate) {
    case "Query.company":
      return { document: "query($cvr: ID!) { company(cvr: $cvr) { cvr } }", variables: { cvr } };
    case "Query.companies":
      return { document: "{ companies(first: 1) { totalCount } }", variables: {} };
    case "Query.inquiry":
      return { document: '{ inquiry(id: "none") { id } }', variables: {} };
    case "Query.followUpsOwnedBy":
      return {
        document: "query($owner: ID!) { followUpsOwnedBy(ownerId: $owner) { id } }",
        variables: { owner: graph.world.employees[0].id },
      };
    case "Query.inquiryPartsOwnedBy":
      return {
        document: "query($owner: ID!) { inquiryPartsOwnedBy(ownerId: $owner) { id } }",
        variables: { owner: graph.world.employees[0].id },
      };
    case "Query.accessLog":
      return { document: "{ accessLog(first: 1) { totalCount } }", variables: {} };
    case "Query.registerQuarantine":
      return { document: "{ registerQuarantine { total documents { reason reasonText } } }", variables: {} };
    case "Query.serviceLevels":
      return { document: '{ serviceLevels(from: "2026-01-01", to: "2026-01-31") { from } }', variables: {} };
    case "Query.outreachCandidates":
      return { document: "{ outreachCandidates(first: 1) { totalCount } }", variables: {} };
    case "Query.keyAccountAlerts":
      // The key account manager's own id (the demo KAM of the matrix); others are refused by role.
      return {
        document: "query($me: ID!) { keyAccountAlerts(employeeId: $me) { cvr } }",
        variables: { me: demoIdentity(graph.world, "KEY_ACCOUNT_MANAGER").userId },
      };
    case "Query.changes":
      return { document: "{ changes(first: 1) { edges { cursor } } }", variables: {} };
    case "Query.webhookSubscriptions":
      return { document: "{ webhookSubscriptions { id } }", variables: {} };
    default:
      throw new Error(`the matrix has no query for ${coordinate}; add one`);
  }
}

describe("role × field matrix over the whole supergraph", () => {
  it("has a rule for every personal-looking field and names only fields that exist", () => {
    expect(clientFields.length).toBeGreaterThan(300);
    const detailsTypes = new Set(detailsUnions.flatMap((union) => (union.types ?? []).map((type) => type.name.value)));
    const personalLooking = (coordinate: string) => {
      const [type, field] = coordinate.split(".");
      // A person named in a case's details (an employee, a manager) is personal data too.
      return PERSONAL_LOOKING.test(field) || (detailsTypes.has(type) && /^(employee|manager|person|applicant)$/i.test(field));
    };
    const unguarded = clientFields.filter(
      (coordinate) => personalLooking(coordinate) && !RULES[coordinate] && !BELOW_GUARDS[coordinate.split(".")[0]],
    );
    expect(unguarded).toEqual([]);
    for (const coordinate of Object.keys(RULES)) expect(clientFields).toContain(coordinate);
    for (const typeName of ["PersonIdentity", "PoliceVetting"]) {
      const returning = clientFields.filter((coordinate) => {
        const [type, field] = coordinate.split(".");
        const node = objectTypes
          .find((candidate) => candidate.name.value === type)!
          .fields!.find((candidate) => candidate.name.value === field)!;
        return parseTypeName(node.type) === typeName;
      });
      expect(returning.length).toBeGreaterThan(0);
      for (const coordinate of returning) expect(RULES[coordinate]?.kind).toBe("personal");
    }
  });

  const personal = Object.entries(RULES).filter(([, rule]) => rule.kind === "personal");
  it.each(personal.map(([coordinate]) => [coordinate]))(
    "%s: only the rule's caseworkers see it, everyone else gets null + FORBIDDEN and no leak",
    async (coordinate) => {
      const rule = RULES[coordinate];
      const [typeName, fieldName] = coordinate.split(".");
      const subject = subjectCompany(typeName);
      const secrets = subject.cases
        .map((sourceCase) => JSON.stringify(sourceCase.details[fieldName] ?? ""))
        .map((text) => text.replace(/^"|"$/g, "").slice(0, 40));
      const cprs = subject.cases.map((sourceCase) => (sourceCase.details.employee ?? sourceCase.details.manager)?.cpr as string);
      for (const { name, actor } of ACTORS) {
        const response: any = await graph.queryAs(actor, personalFieldQuery(coordinate), { cvr: subject.cvr });
        const text = JSON.stringify(response.data ?? null);
        const values = (response.data?.company?.cases?.edges ?? [])
          .map((edge: any) => edge.node.details)
          .filter((details: any) => details?.__typename === typeName)
          .map((details: any) => details[fieldName]);
        if (mayRead(rule, actor)) {
          expect([name, codes(response)]).toEqual([name, []]);
          expect(values.length).toBe(subject.cases.length);
          expect(values.every((value: unknown) => value !== null && value !== undefined)).toBe(true);
        } else {
          expect([name, codes(response).includes("FORBIDDEN")]).toEqual([name, true]);
          expect(values.every((value: unknown) => value === null)).toBe(true);
          for (const cpr of cprs) expect(text).not.toContain(cpr);
          for (const secret of secrets)
            if (secret.length > 8 && fieldName !== "employee" && fieldName !== "manager") expect(text).not.toContain(secret);
        }
      }
    },
  );

  const restricted = Object.entries(RULES).filter(([, rule]) => rule.kind === "roles");
  it.each(restricted.map(([coordinate]) => [coordinate]))("%s: only the roles the rule names get past it", async (coordinate) => {
    const { document, variables } = rootFieldQuery(coordinate);
    const fieldName = coordinate.split(".")[1];
    for (const { name, actor } of ACTORS) {
      const response: any = await graph.queryAs(actor, document, variables);
      const forbidden = (response.errors ?? []).some(
        (error: any) => error.extensions?.code === "FORBIDDEN" && error.path?.[0] === fieldName,
      );
      expect([name, forbidden]).toEqual([name, !mayRead(RULES[coordinate], actor)]);
      if (forbidden) expect(response.data?.[fieldName] ?? null).toBeNull();
    }
  });

  it("lists every other field as public in the rendered policy table, which is current", () => {
    const table = readFileSync(join(ROOT, "docs", "access-control-policy.md"), "utf8");
    expect(table).toBe(renderPolicyMarkdown(POLICIES));
    const listed = [...table.matchAll(/^\| `([^`]+)`/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(Object.keys(RULES).sort());
    const publicFields = clientFields.filter((coordinate) => !RULES[coordinate]);
    expect(publicFields.length + listed.length).toBe(clientFields.length);
  });
});

function parseTypeName(type: any): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : parseTypeName(type.type);
}

describe("the access log", () => {
  const SICK_PAY = `query CaseworkerLooksUp($cvr: ID!) { company(cvr: $cvr) { cases(department: BIF, first: 100) { edges { node { ... on BifCase { details { ... on SickPayRefund { healthNote employee { cpr } } } } } } } } }`;

  it("records every personal-data read with who, role, operation, purpose, subject and fields", async () => {
    const subject = subjectCompany("SickPayRefund");
    const before = (await accessLogRows()).length;
    const response: any = await graph.queryAs(
      { role: "CASEWORKER", department: "BIF" },
      SICK_PAY,
      { cvr: subject.cvr },
      { "x-purpose": "refund case 2026-118" },
    );
    expect(response.errors).toBeUndefined();
    const rows = (await accessLogRows()).slice(before);
    expect(rows.length).toBe(subject.cases.length);
    for (const sourceCase of subject.cases) {
      const row = rows.find((candidate) => candidate.subjectCpr === sourceCase.details.employee.cpr)!;
      expect(row).toMatchObject({
        subjectCvr: subject.cvr,
        role: "CASEWORKER",
        department: "BIF",
        operationName: "CaseworkerLooksUp",
        purpose: "refund case 2026-118",
        subgraph: "bif",
      });
      expect([...row.fields].sort()).toEqual(["SickPayRefund.employee", "SickPayRefund.healthNote"]);
      expect(row.userId).toMatch(/\S/);
    }
  });

  it("records nothing for reads of non-personal data, nor for denied reads", async () => {
    const before = (await accessLogRows()).length;
    const cvr = subjectCompany("SickPayRefund").cvr;
    await graph.query(
      `query($cvr: ID!) { company(cvr: $cvr) { name cases(first: 100) { edges { node { id title caseworker { name } ... on BifCase { details { __typename ... on SickPayRefund { refundAmountDkk } } } } } } } }`,
      { cvr },
    );
    await graph.query(SICK_PAY, { cvr });
    expect((await accessLogRows()).length).toBe(before);
  });

  it("is readable by the auditor only, filtered by subject", async () => {
    const subject = subjectCompany("SickPayRefund");
    const cpr = subject.cases[0].details.employee.cpr as string;
    const document = readFileSync(join(ROOT, "test", "operations", "AccessLog.graphql"), "utf8");
    const audit: any = await graph.queryAs("AUDITOR", document, { subjectCpr: cpr });
    expect(audit.errors).toBeUndefined();
    expect(audit.data.accessLog.totalCount).toBeGreaterThan(0);
    expect(audit.data.accessLog.edges.every((edge: any) => edge.node.subjectCpr === cpr && edge.node.subjectCvr === subject.cvr)).toBe(
      true,
    );
    for (const actor of ["KEY_ACCOUNT_MANAGER", { role: "CASEWORKER", department: "BIF" }] as Actor[]) {
      const denied: any = await graph.queryAs(actor, document, { subjectCpr: cpr });
      expect(denied.data.accessLog).toBeNull();
      expect(codes(denied)).toEqual(["FORBIDDEN"]);
    }
  });

  it("withholds the personal data when the log cannot be written (fails closed)", async () => {
    const cvr = subjectCompany("SickPayRefund").cvr;
    await graph.crmDatabase.prisma.$executeRawUnsafe('ALTER TABLE "AccessLogEntry" RENAME TO "AccessLogEntryAway"');
    try {
      const response: any = await graph.queryAs({ role: "CASEWORKER", department: "BIF" }, SICK_PAY, { cvr });
      const details = response.data.company.cases.edges
        .map((edge: any) => edge.node.details)
        .filter((entry: any) => entry && Object.keys(entry).length);
      expect(details.length).toBeGreaterThan(0);
      for (const entry of details) expect([entry.healthNote, entry.employee]).toEqual([null, null]);
      expect(codes(response).every((code) => code === "FORBIDDEN")).toBe(true);
      expect(response.errors[0].message).toMatch(/access log could not record/);
    } finally {
      await graph.crmDatabase.prisma.$executeRawUnsafe('ALTER TABLE "AccessLogEntryAway" RENAME TO "AccessLogEntry"');
    }
  });

  it("is pruned after six months", async () => {
    const now = new Date(graph.world.now);
    const old = new Date(now.getTime() - 200 * 86_400_000);
    const recent = new Date(now.getTime() - 100 * 86_400_000);
    await graph.crmDatabase.prisma.accessLogEntry.createMany({
      data: [
        { at: old, userId: "u-old", role: "CASEWORKER", subgraph: "bif", subjectCvr: "36509120", fields: ["SickPayRefund.healthNote"] },
        {
          at: recent,
          userId: "u-recent",
          role: "CASEWORKER",
          subgraph: "bif",
          subjectCvr: "36509120",
          fields: ["SickPayRefund.healthNote"],
        },
      ],
    });
    expect(await pruneAccessLog(graph.crmDatabase.prisma, now)).toBe(1);
    const users = (await accessLogRows()).map((row) => row.userId);
    expect(users).toContain("u-recent");
    expect(users).not.toContain("u-old");
  });
});

describe("subgraphs answer only the gateway", () => {
  const probes = [
    { name: "a plain query", body: { query: "{ __typename }" } },
    {
      name: "an _entities query",
      body: { query: 'query { _entities(representations: [{ __typename: "Company", cvr: "36509120" }]) { ... on Company { cvr } } }' },
    },
    { name: "the _service SDL", body: { query: "{ _service { sdl } }" } },
  ];
  it.each(["crm", "bif", "tmf", "kff", "okf"])("%s refuses callers without the gateway's token", async (name) => {
    const url = (graph.subgraphUrls as Record<string, string>)[name];
    for (const probe of probes) {
      for (const headers of [
        {},
        { authorization: `Bearer ${graph.tokenFor({ role: "CASEWORKER", department: "BIF" })}` },
        { "x-gateway-token": graph.tokenFor() },
      ] as Record<string, string>[]) {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(probe.body),
        });
        expect([probe.name, response.status]).toEqual([probe.name, 401]);
        const body: any = await response.json();
        expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
        expect(body.data).toBeUndefined();
      }
    }
  });

  it("the CRM's access-log endpoint refuses writes without the gateway's token", async () => {
    const url = (graph.subgraphUrls as Record<string, string>).crm.replace(/\/graphql$/, "/internal/access-log");
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ subgraph: "bif", reads: [{ subjectCvr: "36509120", fields: ["X.y"] }] }),
    });
    expect(response.status).toBe(401);
  });
});

describe("bad input at the gateway: clear errors with codes, never a stack trace or a 500", () => {
  const QUERY = JSON.stringify({ query: "{ companies(first: 1) { totalCount } }" });

  async function post(headers: Record<string, string>, body: string = QUERY) {
    const response = await fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    const text = await response.text();
    expect(response.status).not.toBe(500);
    expect(text).not.toMatch(/stacktrace|\.ts:\d|node_modules|at \w+ \(/);
    return { status: response.status, body: JSON.parse(text) };
  }

  const otherIssuer = generateSigningKey("test-issuer");
  /** Long past on any clock the gateway may keep: a token issued then has expired. */
  const LONG_AGO = Date.UTC(2020, 0, 1);
  /** A valid token's claims, signed by another key under the trusted key id: only the signature is wrong. */
  const forgedToken = () => signJws(JSON.parse(Buffer.from(graph.tokenFor("AUDITOR").split(".")[1], "base64url").toString()), otherIssuer);
  it.each([
    ["no token", () => ({}), /Authentication required/],
    ["not a bearer token", () => ({ authorization: "Basic dXNlcjpwdw==" }), /Bearer/],
    ["garbage", () => ({ authorization: "Bearer not.a.jwt" }), /Invalid token/],
    [
      "an expired token",
      () => ({ authorization: `Bearer ${graph.tokenFor("KEY_ACCOUNT_MANAGER", { now: LONG_AGO, ttlSeconds: 3600 })}` }),
      /expired/,
    ],
    [
      "a token for another audience",
      () => ({ authorization: `Bearer ${graph.tokenFor("KEY_ACCOUNT_MANAGER", { audience: "another-graph" })}` }),
      /meant for/,
    ],
    ["a token signed by another key with the trusted key id", () => ({ authorization: `Bearer ${forgedToken()}` }), /signature/],
    [
      "an alg=none token",
      () => ({
        authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"x","role":"AUDITOR"}').toString("base64url")}.`,
      }),
      /algorithm/,
    ],
  ])("%s is UNAUTHENTICATED", async (_name, headers, message) => {
    const { status, body } = await post(headers());
    expect(status).toBe(401);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(body.errors[0].message).toMatch(message);
    expect(body.data ?? null).toBeNull();
  });

  it("needs no token for /health and /ready", async () => {
    expect((await fetch(`${graph.gatewayBase}/health`)).status).toBe(200);
    expect((await fetch(`${graph.gatewayBase}/ready`)).status).toBe(200);
  });

  const auth = () => ({ authorization: `Bearer ${graph.tokenFor()}` });

  it("refuses a too deep query", async () => {
    const deep = `{ company(cvr: "36509120") { keyAccountManager { ${"unit { employees { ".repeat(6)} id ${"} } ".repeat(6)} } } }`;
    const { status, body } = await post(auth(), JSON.stringify({ query: deep }));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe("OPERATION_TOO_COMPLEX");
    expect(body.errors[0].message).toMatch(/dybde 15, højst 12/);
  });

  it("refuses an operationName the document does not hold, and several operations without one, as the caller's error", async () => {
    const named = await post(auth(), JSON.stringify({ query: `query CompanyProfile { __typename }`, operationName: "CompanyView" }));
    expect(named.status).toBe(400);
    expect(named.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "operationName" });
    expect(named.body.errors[0].message).toMatch(/ingen operation ved navn "CompanyView"/);
    const several = await post(auth(), JSON.stringify({ query: `query A { __typename } query B { __typename }` }));
    expect(several.status).toBe(400);
    expect(several.body.errors[0].extensions.code).not.toBe("INTERNAL_SERVER_ERROR");
  });

  it("refuses a too costly query", async () => {
    const costly =
      "{ companies(first: 100) { edges { node { cvr name cases(first: 100) { edges { node { id title progress openedAt caseworker { name email } } } } } } } }";
    const { status, body } = await post(auth(), JSON.stringify({ query: costly }));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe("OPERATION_TOO_COMPLEX");
    expect(body.errors[0].message).toMatch(/cost/);
  });

  it("refuses a body over the size limit with 413", async () => {
    const { status, body } = await post(auth(), JSON.stringify({ query: `{ __typename }`, variables: { padding: "x".repeat(1_100_000) } }));
    expect(status).toBe(413);
    expect(body.errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses an unknown persisted operation id", async () => {
    const { status, body } = await post(
      auth(),
      JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }),
    );
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });
});

describe("integration partners", () => {
  const profile = readFileSync(join(ROOT, "test", "operations", "CompanyProfile.graphql"), "utf8");
  const profileOf = (cvr: string) => persisted(profile, { cvr } satisfies CompanyProfileQueryVariables);
  const persisted = (document: string, variables: Record<string, unknown>) =>
    JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: documentId(document) } } });

  // Typed by graphql-codegen from test/operations (test/codegen.ts): the answer of the trusted operation the body names.
  async function asPartner<Data = any>(grant: { fields: string[]; operations: string[] }, body: string) {
    const response = await fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${graph.tokenFor({ role: "PARTNER", grant })}` },
      body,
    });
    expect(response.status).not.toBe(500);
    return { status: response.status, body: (await response.json()) as GraphQLResponse<Data> };
  }

  it("the manifest of trusted operations is current with test/operations and the web workspace's operations", () => {
    const manifest = loadTrustedDocuments();
    const files = readdirSync(join(ROOT, "test", "operations")).filter((file: string) => file.endsWith(".graphql"));
    const documents = files.map((file: string) => readFileSync(join(ROOT, "test", "operations", file), "utf8"));
    // The workspace's codegen writes its documents (web/src/generated, built before these tests).
    documents.push(
      ...Object.values(JSON.parse(readFileSync(join(ROOT, "web", "src", "generated", "persisted-documents.json"), "utf8")) as string[]),
    );
    expect(manifest.size).toBe(new Set(documents).size);
    for (const document of documents) expect(manifest.has(documentId(document))).toBe(true);
  });

  it("run trusted operations and read the fields of their grant", async () => {
    const { body: granted } = await asPartner<CompanyProfileQuery>(
      { fields: ["Query.company", "Company.name", "Company.employees"], operations: ["CompanyProfile"] },
      profileOf(graph.world.showcase.restaurant),
    );
    expect(granted).toEqual({
      data: { company: { cvr: graph.world.showcase.restaurant, name: expect.any(String), employees: expect.any(Number) } },
    });
  });

  it("get null + FORBIDDEN for fields outside their grant, the rest still arrives", async () => {
    const { body } = await asPartner<CompanyProfileQuery>(
      { fields: ["Query.company", "Company.name"], operations: [] },
      profileOf(graph.world.showcase.restaurant),
    );
    expect(body.data?.company).toEqual({ cvr: graph.world.showcase.restaurant, name: expect.any(String), employees: null });
    expect(codes(body)).toEqual(["FORBIDDEN"]);
  });

  it("may not send their own queries, nor trusted operations outside their grant", async () => {
    const raw = await asPartner<CompanyProfileQuery>(
      { fields: ["Query.company", "Company.name"], operations: [] },
      JSON.stringify({ query: profile, variables: { cvr: graph.world.showcase.restaurant } }),
    );
    expect(raw.status).toBe(403);
    expect(codes(raw.body)).toEqual(["FORBIDDEN"]);
    const other = await asPartner<CompaniesSearchQuery>(
      { fields: ["Query.companies"], operations: ["CompanyProfile"] },
      persisted(readFileSync(join(ROOT, "test", "operations", "CompaniesSearch.graphql"), "utf8"), {}),
    );
    expect(codes(other.body)).toEqual(["FORBIDDEN"]);
  });

  it("never see personal data, even when their grant names it", async () => {
    const document = readFileSync(join(ROOT, "test", "operations", "CaseworkerRefundCase.graphql"), "utf8");
    const everything = [
      "Query.company",
      "Company.cases",
      "CaseConnection.edges",
      "CaseEdge.node",
      "BifCase.details",
      "SickPayRefund.refundAmountDkk",
      "SickPayRefund.employee",
      "SickPayRefund.healthNote",
      "FlexJob.weeklyHours",
      "FlexJob.employee",
      "FlexJob.workCapacityNote",
      "PersonIdentity.cpr",
      "PersonIdentity.name",
    ];
    const { body } = await asPartner(
      { fields: everything, operations: [] },
      persisted(document, { cvr: subjectCompany("SickPayRefund").cvr }),
    );
    const details = body.data.company.cases.edges
      .map((edge: any) => edge.node.details)
      .filter((entry: any) => entry?.__typename === "SickPayRefund");
    expect(details.length).toBeGreaterThan(0);
    for (const entry of details) {
      expect(entry.refundAmountDkk).toEqual(expect.any(Number));
      expect([entry.employee, entry.healthNote]).toEqual([null, null]);
    }
  });
});

describe("production mode", () => {
  let production: Graph;
  beforeAll(async () => {
    production = await startGraph({ world: graph.world, production: true });
  });
  afterAll(() => production?.stop());

  it("refuses introspection with a clear error", async () => {
    const response: any = await production.query("{ __schema { types { name } } }");
    expect(response.data ?? null).toBeNull();
    expect(response.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(response.errors[0].message).toMatch(/introspection/i);
  });

  const MISSPELT: [string, string, Record<string, unknown>][] = [
    ["a field", `{ compan(cvr: "36509120") { name } }`, {}],
    ["a nested field", `{ companies(first: 1) { edges { node { nam } } } }`, {}],
    ["an argument", `{ companies(frist: 1) { totalCount } }`, {}],
    ["an enum literal", `query($cvr: ID!) { company(cvr: $cvr) { cases(department: BIFF) { totalCount } } }`, { cvr: "36509120" }],
    [
      "an enum value in a variable",
      `query($cvr: ID!, $department: Department) { company(cvr: $cvr) { cases(department: $department) { totalCount } } }`,
      { cvr: "36509120", department: "BIFF" },
    ],
    [
      "an input field",
      `mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`,
      { input: { idempotencyKey: "k", cvr: "36509120", summary: "x", ocurredAt: "2026-01-01T00:00:00Z" } },
    ],
  ];

  it.each(MISSPELT)(
    'names no field, argument or value the caller did not write for %s (no "Did you mean")',
    async (_what, document, variables) => {
      const development: any = await graph.query(document, variables);
      expect(development.errors.map((error: any) => error.message).join("\n")).toMatch(/Did you mean/);
      const response: any = await production.query(document, variables);
      expect(response.errors.length).toBeGreaterThan(0);
      expect(response.errors.map((error: any) => error.message).join("\n")).not.toMatch(/Did you mean|"BIF"|"name"|"first"|"company"/);
      expect(response.errors.map((error: any) => error.extensions.code)).toEqual(
        response.errors.map(() => expect.stringMatching(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/)),
      );
    },
  );

  it("a subgraph in production suggests nothing either", async () => {
    const document = `{ companys(first: 1) { totalCount } }`;
    const answer = async (graph: Graph) => {
      const response = await fetch(graph.subgraphUrls.crm, {
        method: "POST",
        headers: await graph.gatewayHeaders("crm", document),
        body: JSON.stringify({ query: document }),
      });
      return ((await response.json()) as any).errors.map((error: any) => error.message).join("\n");
    };
    expect(await answer(graph)).toMatch(/Did you mean "company" or "companies"\?/);
    expect(await answer(production)).not.toMatch(/Did you mean|companies/);
  });
});
