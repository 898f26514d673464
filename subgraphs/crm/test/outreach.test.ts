/**
 * Advertising protection where outreach starts. A protected company needs a
 * recorded consent or legal basis before anyone reaches out, bulk lists leave it out and say
 * how many, and an outreach is contact with the company. Who may (roles, partners) is enforced
 * where the subgraph is served, so test/e2e/advertising-protection.test.ts checks it.
 */
import type { RequestIdentity } from "@company-graph/kit/auth";
import { CVR, EMPLOYEE, FILLER_CVRS } from "./fixtures";
import { DATABASES, onlyError, startTestCrm, type TestCrm } from "./support";

const NOW = new Date("2026-11-02T09:00:00.000Z");
const KAM: RequestIdentity = { userId: EMPLOYEE.kam, role: "KEY_ACCOUNT_MANAGER" };

const RECORD = `mutation Record($input: RecordOutreachInput!) {
  recordOutreach(input: $input) {
    id channel purpose plannedFor recordedAt advertisingProtected
    recordedBy { id }
    company { cvr advertisingProtected }
    basis { kind consentGivenAt consentHow legalReference }
  }
}`;

const CANDIDATES = `query Candidates($filter: OutreachCandidateFilter, $first: Int, $after: String) {
  outreachCandidates(filter: $filter, first: $first, after: $after) {
    totalCount advertisingProtectedLeftOut ceasedLeftOut
    pageInfo { hasNextPage endCursor }
    edges { cursor node { cvr name advertisingProtected } }
  }
}`;

const COMPANY = `query Company($cvr: ID!) {
  company(cvr: $cvr) {
    lastContactAt
    outreach { id channel purpose advertisingProtected basis { kind legalReference } recordedBy { id } }
    timeline(first: 50) { edges { node { kind at isContact summary outreach { id } } } }
  }
}`;

const CAFES = FILLER_CVRS.filter((_, i) => i % 2 === 1);

describe.each(DATABASES)("advertising protection where outreach starts, on %s", (kind) => {
  let crm: TestCrm;
  beforeAll(async () => {
    crm = await startTestCrm(kind, { now: () => NOW });
    // Three cafés protected in the register, one ceased.
    await crm.db.prisma.company.updateMany({ where: { cvr: { in: CAFES.slice(0, 3) } }, data: { advertisingProtected: true } });
    await crm.db.prisma.company.update({
      where: { cvr: CAFES[3] },
      data: { ceasedOn: new Date("2026-06-30T00:00:00Z"), registerStatus: "Ophørt" },
    });
  });
  afterAll(() => crm?.close());

  const record = (input: Record<string, unknown>, as: RequestIdentity = KAM) =>
    crm.execute(RECORD, { input: { channel: "VISIT", purpose: "Besøgsrunde: udeservering 2027", ...input } }, undefined, as);
  const outreachRows = (cvr: string) => crm.db.prisma.outreach.count({ where: { cvr } });

  it("records an outreach to an unprotected company as the caller, and counts it as contact", async () => {
    const result = await record({ idempotencyKey: "bikes-1", cvr: CVR.bikes, channel: "PHONE" });
    expect(result.errors).toBeUndefined();
    expect(result.data!.recordOutreach).toMatchObject({
      channel: "PHONE",
      plannedFor: null,
      recordedAt: NOW.toISOString(),
      advertisingProtected: false,
      recordedBy: { id: EMPLOYEE.kam },
      company: { cvr: CVR.bikes, advertisingProtected: false },
      basis: null,
    });
    const { company } = await crm.ok(COMPANY, { cvr: CVR.bikes }, undefined, KAM);
    expect(company.outreach).toHaveLength(1);
    expect(company.lastContactAt).toBe(NOW.toISOString());
    const event = company.timeline.edges.map((edge: { node: any }) => edge.node).find((node: any) => node.kind === "OUTREACH");
    expect(event).toMatchObject({
      at: NOW.toISOString(),
      isContact: true,
      summary: "Opkald (opsøgende): Besøgsrunde: udeservering 2027",
      outreach: { id: result.data!.recordOutreach.id },
    });
  });

  it("refuses outreach to a protected company without a basis: BAD_USER_INPUT, reason ADVERTISING_PROTECTED, Danish first, nothing written", async () => {
    const refused = await record({ idempotencyKey: "anna-1", cvr: CVR.architect });
    const error = onlyError(refused);
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "ADVERTISING_PROTECTED", field: "basis", cvr: CVR.architect });
    expect(error.message).toMatch(/^Arkitekt Anna Holm \(CVR \d{8}\) er reklamebeskyttet i CVR/);
    expect(refused.data).toBeNull();
    expect(await outreachRows(CVR.architect)).toBe(0);
    expect(await crm.db.prisma.idempotencyRecord.count({ where: { key: "anna-1" } })).toBe(0);
  });

  it("refuses a basis that proves nothing: consent without how or in the future, fields of the other kind", async () => {
    const field = async (input: Record<string, unknown>) => onlyError(await record({ cvr: CVR.architect, ...input })).extensions;
    expect(await field({ idempotencyKey: "b1", basis: { kind: "CONSENT", consentGivenAt: "2026-10-30T10:00:00Z" } })).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "basis.consentHow",
    });
    expect(await field({ idempotencyKey: "b2", basis: { kind: "CONSENT", consentHow: "Mail fra ejeren" } })).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "basis.consentGivenAt",
    });
    expect(
      await field({ idempotencyKey: "b3", basis: { kind: "CONSENT", consentGivenAt: "2026-12-01T10:00:00Z", consentHow: "Mail" } }),
    ).toMatchObject({ field: "basis.consentGivenAt" });
    expect(await field({ idempotencyKey: "b4", basis: { kind: "LEGAL_BASIS", legalReference: "  " } })).toMatchObject({
      field: "basis.legalReference",
    });
    expect(
      await field({ idempotencyKey: "b5", basis: { kind: "LEGAL_BASIS", legalReference: "Restaurationsloven § 27", consentHow: "Mail" } }),
    ).toMatchObject({ field: "basis.consentHow" });
    expect(
      await field({
        idempotencyKey: "b6",
        plannedFor: "2026-10-01T09:00:00Z",
        basis: { kind: "LEGAL_BASIS", legalReference: "Sag 2026-0142" },
      }),
    ).toMatchObject({ field: "plannedFor" });
    expect(await outreachRows(CVR.architect)).toBe(0);
  });

  it("records outreach to a protected company with consent or a legal basis, keeps the basis readable, once per key", async () => {
    const consent = { kind: "CONSENT", consentGivenAt: "2026-10-30T10:00:00Z", consentHow: "E-mail fra indehaveren 30. oktober" };
    const planned = { idempotencyKey: "anna-consent", cvr: CVR.architect, plannedFor: "2026-11-20T10:00:00Z", basis: consent };
    const first = await record(planned);
    expect(first.errors).toBeUndefined();
    expect(first.data!.recordOutreach).toMatchObject({
      advertisingProtected: true,
      plannedFor: "2026-11-20T10:00:00.000Z",
      basis: { ...consent, consentGivenAt: "2026-10-30T10:00:00.000Z", legalReference: null },
    });
    // A retry with the same key answers the first outreach; the same key for something else is refused.
    expect((await record(planned)).data!.recordOutreach.id).toBe(first.data!.recordOutreach.id);
    expect(onlyError(await record({ ...planned, purpose: "Noget andet" })).extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "idempotencyKey",
    });
    const legal = await record({
      idempotencyKey: "anna-legal",
      cvr: CVR.architect,
      channel: "LETTER",
      basis: { kind: "LEGAL_BASIS", legalReference: "Lov om erhvervsfremme § 8" },
    });
    expect(legal.data!.recordOutreach.basis).toEqual({
      kind: "LEGAL_BASIS",
      consentGivenAt: null,
      consentHow: null,
      legalReference: "Lov om erhvervsfremme § 8",
    });
    expect(await outreachRows(CVR.architect)).toBe(2);

    const { company } = await crm.ok(COMPANY, { cvr: CVR.architect }, undefined, KAM);
    expect(company.outreach.map((entry: { basis: { kind: string } }) => entry.basis.kind).sort()).toEqual(["CONSENT", "LEGAL_BASIS"]);
    // The planned visit lies ahead: on the timeline, not yet contact; the letter is.
    expect(company.lastContactAt).toBe(NOW.toISOString());
    const kinds = company.timeline.edges
      .map((edge: { node: { kind: string; at: string } }) => edge.node)
      .filter((node: { kind: string }) => node.kind === "OUTREACH");
    expect(kinds.map((node: { at: string }) => node.at)).toEqual(["2026-11-20T10:00:00.000Z", NOW.toISOString()]);
  });

  it("refuses outreach to a ceased company", async () => {
    expect(onlyError(await record({ idempotencyKey: "ceased", cvr: CAFES[3] })).extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "cvr",
    });
  });

  it("lists candidates without protected or ceased companies, says how many were left out, across pages", async () => {
    const filter = { industryCode: "5630", postalCodes: ["1620"], employeesBands: ["ANTAL_2_4"] };
    const seen: string[] = [];
    let after: string | null = null;
    let page: any;
    do {
      page = (await crm.ok(CANDIDATES, { filter, first: 10, after }, undefined, KAM)).outreachCandidates;
      seen.push(...page.edges.map((edge: { node: { cvr: string } }) => edge.node.cvr));
      expect(page.edges.every((edge: { node: { advertisingProtected: boolean } }) => !edge.node.advertisingProtected)).toBe(true);
      after = page.pageInfo.endCursor;
    } while (page.pageInfo.hasNextPage);
    expect(page).toMatchObject({ totalCount: 26, advertisingProtectedLeftOut: 3, ceasedLeftOut: 1 });
    expect(seen.sort()).toEqual(CAFES.slice(4).sort());
    // Without a filter: every company but the protected four (the architect too) and the ceased one.
    expect((await crm.ok(CANDIDATES, { first: 0 }, undefined, KAM)).outreachCandidates).toMatchObject({
      totalCount: 63 - 5,
      advertisingProtectedLeftOut: 4,
      ceasedLeftOut: 1,
    });
    // Companies with a key account manager, or without one.
    await crm.db.prisma.keyAccountAssignment.create({ data: { cvr: CVR.factory, employeeId: EMPLOYEE.kam } });
    const withKam = (await crm.ok(CANDIDATES, { filter: { hasKeyAccountManager: true } }, undefined, KAM)).outreachCandidates;
    expect(withKam.edges.map((edge: { node: { cvr: string } }) => edge.node.cvr)).toEqual([CVR.factory]);
  });

  it("refuses a filter it cannot read with BAD_USER_INPUT naming it", async () => {
    const field = async (variables: Record<string, unknown>) =>
      onlyError(await crm.execute(CANDIDATES, variables, undefined, KAM)).extensions;
    expect(await field({ filter: { industryCode: "56a" } })).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.industryCode" });
    expect(await field({ filter: { postalCodes: ["DK-1620"] } })).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.postalCodes" });
    expect(await field({ first: 101 })).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    expect(await field({ after: "bogus" })).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });
});
