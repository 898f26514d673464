import type { RequestIdentity } from "@company-graph/kit/auth";
import type { CaseEventMessage, CaseEventType, Department } from "@company-graph/domain";
import { applyCaseEvent } from "../src/case-events/apply";
import { caseEvent, NOW } from "./case-event-fixtures";
import { CVR, EMPLOYEE } from "./fixtures";
import { DATABASES, onlyError, startTestCrm, type TestCrm } from "./support";
import { partner } from "./webhook-support";

// The change feed: the companies' change history, oldest first, with cursors a reader resumes
// from for good; each reader sees only its part of it — a partner its grant's changes scope,
// never an advertising-protected company, never a confidential change's details. (Which roles
// and grant fields reach Query.changes at all is the field policy's, tested through the gateway.)

const FRONT: RequestIdentity = { userId: EMPLOYEE.front, role: "FRONT_OFFICE" };
const TMF_CASEWORKER: RequestIdentity = { userId: EMPLOYEE.tmfCaseworker, role: "CASEWORKER", department: "TMF" };

const CHANGES = `query($first: Int, $after: String, $filter: ChangeFilter) { changes(first: $first, after: $after, filter: $filter) {
  pageInfo { hasNextPage endCursor }
  edges { cursor node { id kind cvr department occurredAt withheld summary objectId case { caseNumber title progress serviceId openedAt decidedAt closedAt lastUpdateSentAt } permit { kind caseId grantedAt validFrom validTo revokedAt } } } } }`;

/** An event of any department and sensitivity, built from the TMF fixture. */
function event(options: { type?: CaseEventType; cvr?: string; department?: Department; confidential?: boolean } = {}): CaseEventMessage {
  const { message } = caseEvent({ type: options.type ?? "case.decided", cvr: options.cvr });
  message.envelope.senderAuthority.department = options.department ?? "TMF";
  if (options.confidential) message.envelope.sensitivity = "fortrolig";
  return message;
}

describe.each(DATABASES)("the change feed on %s", (kind) => {
  let crm: TestCrm;
  const apply = (message: CaseEventMessage) => applyCaseEvent(crm.db.prisma, message, () => NOW);
  const changes = async (as: RequestIdentity, variables: Record<string, unknown> = {}) =>
    (await crm.ok(CHANGES, { first: 50, ...variables }, undefined, as)).changes;

  beforeAll(async () => {
    crm = await startTestCrm(kind, { now: () => NOW });
    // In order: bikes decided (TMF), factory permit granted (TMF), bikes confidential decided (BIF),
    // the protected architect's case decided (TMF), bikes closed (KFF).
    for (const message of [
      event({ cvr: CVR.bikes }),
      event({ cvr: CVR.factory, type: "permit.granted" }),
      event({ cvr: CVR.bikes, department: "BIF", confidential: true }),
      event({ cvr: CVR.architect }),
      event({ cvr: CVR.bikes, type: "case.closed", department: "KFF" }),
    ])
      expect(await apply(message)).toBe("applied");
  });
  afterAll(() => crm?.close());

  it("lists every change oldest first, and a cursor resumes exactly after it, for good", async () => {
    const all = await changes(FRONT);
    expect(all.edges.map((edge: any) => [edge.node.cvr, edge.node.kind, edge.node.department])).toEqual([
      [CVR.bikes, "CASE_DECIDED", "TMF"],
      [CVR.factory, "PERMIT_GRANTED", "TMF"],
      [CVR.bikes, "CASE_DECIDED", "BIF"],
      [CVR.architect, "CASE_DECIDED", "TMF"],
      [CVR.bikes, "CASE_CLOSED", "KFF"],
    ]);
    const ids = all.edges.map((edge: any) => Number(edge.node.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result: any = await changes(FRONT, { first: 2, after });
      seen.push(...result.edges.map((edge: any) => edge.node.id));
      after = result.pageInfo.endCursor;
      if (!result.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(all.edges.map((edge: any) => edge.node.id));

    // Nothing new: an empty page that keeps the reader's place; a new change then arrives after it.
    const empty = await changes(FRONT, { after });
    expect(empty).toEqual({ pageInfo: { hasNextPage: false, endCursor: after }, edges: [] });
    const later = event({ cvr: CVR.factory, type: "case.opened" });
    await apply(later);
    const next = await changes(FRONT, { after });
    expect(next.edges.map((edge: any) => edge.node.objectId)).toEqual([later.envelope.objectId]);
  });

  it("filters by company (one CVR or a list), department and kind, and binds each cursor to its filter", async () => {
    const bikes = await changes(FRONT, { filter: { cvr: CVR.bikes } });
    expect(bikes.edges.map((edge: any) => edge.node.department)).toEqual(["TMF", "BIF", "KFF"]);
    const two = await changes(FRONT, { filter: { cvr: [CVR.factory, CVR.bikes], kinds: ["CASE_CLOSED", "PERMIT_GRANTED"] } });
    expect(two.edges.map((edge: any) => edge.node.kind)).toEqual(["PERMIT_GRANTED", "CASE_CLOSED"]);
    expect((await changes(FRONT, { filter: { departments: ["KFF"] } })).edges).toHaveLength(1);

    // The same filter in another order is the same list: its cursor continues it.
    const reordered = await changes(FRONT, {
      first: 1,
      filter: { kinds: ["PERMIT_GRANTED", "CASE_CLOSED"], cvr: [CVR.bikes, CVR.factory] },
    });
    expect(reordered.edges[0].cursor).toBe(two.edges[0].cursor);
    const otherList = onlyError(
      await crm.execute(CHANGES, { after: bikes.pageInfo.endCursor, filter: { cvr: CVR.factory } }, undefined, FRONT),
    );
    expect(otherList.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    const forged = Buffer.from(
      JSON.stringify({
        list: "changes",
        filter: JSON.parse(Buffer.from(bikes.pageInfo.endCursor, "base64url").toString()).filter,
        key: ["1e99"],
      }),
    ).toString("base64url");
    expect(onlyError(await crm.execute(CHANGES, { after: forged, filter: { cvr: CVR.bikes } }, undefined, FRONT)).extensions).toMatchObject(
      { code: "BAD_USER_INPUT", field: "after" },
    );
    const invalid = onlyError(await crm.execute(CHANGES, { filter: { cvr: "12345678" } }, undefined, FRONT));
    expect(invalid.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.cvr" });
    expect(onlyError(await crm.execute(CHANGES, { first: 101 }, undefined, FRONT)).extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("withholds a confidential change's details from all but the sending department's caseworkers", async () => {
    const confidential = (await changes(FRONT, { filter: { departments: ["BIF"] } })).edges[0].node;
    expect(confidential).toMatchObject({
      kind: "CASE_DECIDED",
      department: "BIF",
      withheld: true,
      summary: null,
      objectId: null,
      case: null,
      permit: null,
      occurredAt: expect.any(String),
    });
    // A TMF caseworker is not BIF's.
    expect((await changes(TMF_CASEWORKER, { filter: { departments: ["BIF"] } })).edges[0].node.withheld).toBe(true);
    const bifCaseworker: RequestIdentity = { userId: "bif-1", role: "CASEWORKER", department: "BIF" };
    expect((await changes(bifCaseworker, { filter: { departments: ["BIF"] } })).edges[0].node).toMatchObject({
      withheld: false,
      summary: "Afgørelse: Udeservering, Istedgade 12",
      case: { title: "Udeservering, Istedgade 12" },
    });
  });

  it("gives a partner only its grant's departments, kinds and companies, never a protected company or a confidential change's details", async () => {
    const everything = partner({
      departments: ["BIF", "TMF", "KFF", "OKF"],
      kinds: ["case.decided", "case.closed", "permit.granted", "case.opened"],
    });
    const seen = (await changes(everything)).edges.map((edge: any) => edge.node);
    expect(seen.map((node: any) => node.cvr)).not.toContain(CVR.architect);
    expect(seen.find((node: any) => node.department === "BIF")).toMatchObject({
      withheld: true,
      summary: null,
      case: null,
      objectId: null,
    });
    expect(seen.find((node: any) => node.kind === "PERMIT_GRANTED").permit).toEqual({
      kind: "outdoor-serving",
      caseId: expect.any(String),
      grantedAt: expect.any(String),
      validFrom: expect.any(String),
      validTo: "2027-03-31T00:00:00.000Z",
      revokedAt: null,
    });
    // Naming the protected company does not bring it back.
    expect((await changes(everything, { filter: { cvr: CVR.architect } })).edges).toEqual([]);

    const narrow = partner({ departments: ["TMF"], kinds: ["case.decided"], cvrs: [CVR.bikes] });
    expect((await changes(narrow)).edges.map((edge: any) => [edge.node.cvr, edge.node.kind, edge.node.department])).toEqual([
      [CVR.bikes, "CASE_DECIDED", "TMF"],
    ]);
    // A filter asks within the grant, never beyond it.
    expect((await changes(narrow, { filter: { departments: ["KFF"], cvr: CVR.factory } })).edges).toEqual([]);
    // Without a changes scope a partner follows nothing.
    expect((await changes(partner(undefined))).edges).toEqual([]);
  });
});
