import type { RequestIdentity } from "@company-graph/kit/auth";
import { createLogger } from "@company-graph/kit/observability";
import { caseEventHandler } from "../src/case-events/handler";
import { crmConfig } from "../src/config";
import { encodeCursor } from "../src/pagination";
import { NOTIFICATION_RETENTION_DAYS, pruneNotifications } from "../src/notification/retention";
import { caseEvent, NOW } from "./case-event-fixtures";
import { CVR, EMPLOYEE, FILLER_CVRS, UNKNOWN_VALID_CVR } from "./fixtures";
import { DATABASES, onlyError, startTestCrm, type TestCrm } from "./support";

// Follow lists and the notifications the business events write for followers, on each database
// the CRM runs on: one per follower and change, in the transaction that applies the change, so a
// redelivery notifies no one twice; a confidential change keeps its details from readers outside
// the department's caseworkers; a reader marks only their own.

const FRONT: RequestIdentity = { userId: EMPLOYEE.front, role: "FRONT_OFFICE" };
const KAM: RequestIdentity = { userId: EMPLOYEE.kam, role: "KEY_ACCOUNT_MANAGER" };
const TMF_CASEWORKER: RequestIdentity = { userId: EMPLOYEE.tmfCaseworker, role: "CASEWORKER", department: "TMF" };
const CONSULTANT: RequestIdentity = { userId: EMPLOYEE.startup, role: "FRONT_OFFICE" };
const MAX_FOLLOWED = 3;

const FOLLOW = `mutation($cvr: ID!) { followCompany(cvr: $cvr) { company { cvr } following followedAt asKeyAccountManager } }`;
const UNFOLLOW = `mutation($cvr: ID!) { unfollowCompany(cvr: $cvr) { company { cvr } following followedAt asKeyAccountManager } }`;
const FOLLOWING = `query($after: String) { me { employee { id } following(first: 2, after: $after) { totalCount edges { node { company { cvr } followedAt asKeyAccountManager } } pageInfo { hasNextPage endCursor } } } }`;
const NOTIFICATIONS = `query($first: Int, $after: String, $unreadOnly: Boolean) { me { notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
  totalCount unreadCount pageInfo { hasNextPage endCursor } edges { node { id kind company { cvr } department occurredAt text objectId withheld read } } } } }`;
const MARK = `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { marked unreadCount } }`;

it("reads how many companies one employee may follow from MAX_FOLLOWED_COMPANIES, 500 unless set", () => {
  expect(crmConfig({}).MAX_FOLLOWED_COMPANIES).toBe(500);
  expect(crmConfig({ MAX_FOLLOWED_COMPANIES: "25" }).MAX_FOLLOWED_COMPANIES).toBe(25);
  expect(() => crmConfig({ MAX_FOLLOWED_COMPANIES: "0" })).toThrow(/MAX_FOLLOWED_COMPANIES/);
});

describe.each(DATABASES)("follow lists and notifications on %s", (kind) => {
  let crm: TestCrm;
  let handle: ReturnType<typeof caseEventHandler>;
  beforeAll(async () => {
    crm = await startTestCrm(kind, { now: () => NOW, maxFollowedCompanies: MAX_FOLLOWED });
    handle = caseEventHandler({ db: crm.db.prisma, now: () => NOW, logger: createLogger("crm-test") });
    await crm.db.prisma.keyAccountAssignment.create({ data: { cvr: CVR.bikes, employeeId: EMPLOYEE.kam, from: NOW } });
  });
  afterAll(() => crm?.close());

  const notificationsOf = async (as: RequestIdentity, variables: Record<string, unknown> = {}) =>
    (await crm.ok(NOTIFICATIONS, { first: 20, ...variables }, undefined, as)).me.notifications;

  it("follows a company once, as the token's employee, and a key account manager follows their accounts without choosing to", async () => {
    const first = (await crm.ok(FOLLOW, { cvr: CVR.bikes }, undefined, FRONT)).followCompany;
    expect(first).toEqual({ company: { cvr: CVR.bikes }, following: true, followedAt: NOW.toISOString(), asKeyAccountManager: false });
    expect((await crm.ok(FOLLOW, { cvr: CVR.bikes }, undefined, FRONT)).followCompany).toEqual(first);
    expect(await crm.db.prisma.companyFollow.findMany({ where: { cvr: CVR.bikes } })).toEqual([
      expect.objectContaining({ employeeId: EMPLOYEE.front }),
    ]);

    const kam = (await crm.ok(FOLLOWING, {}, undefined, KAM)).me;
    expect(kam.employee).toEqual({ id: EMPLOYEE.kam });
    expect(kam.following.edges).toEqual([{ node: { company: { cvr: CVR.bikes }, followedAt: null, asKeyAccountManager: true } }]);
    // Unfollowing an own account leaves the assignment's following in place.
    expect((await crm.ok(UNFOLLOW, { cvr: CVR.bikes }, undefined, KAM)).unfollowCompany).toMatchObject({
      following: true,
      asKeyAccountManager: true,
    });
    expect((await crm.ok(UNFOLLOW, { cvr: CVR.factory }, undefined, KAM)).unfollowCompany).toMatchObject({
      following: false,
      asKeyAccountManager: false,
    });
  });

  it("refuses an invalid or unknown CVR in Danish, and an employee the CRM does not know", async () => {
    for (const [cvr, danish] of [
      ["12345678", '"12345678" er ikke et gyldigt CVR-nummer'],
      [UNKNOWN_VALID_CVR, `CRM'et har ingen virksomhed med CVR-nummer ${UNKNOWN_VALID_CVR}`],
    ]) {
      for (const mutation of [FOLLOW, UNFOLLOW]) {
        const error = onlyError(await crm.execute(mutation, { cvr }, undefined, FRONT));
        expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "cvr" });
        expect(error.message.startsWith(danish)).toBe(true);
      }
    }
    expect(await crm.db.prisma.companyFollow.count({ where: { cvr: UNKNOWN_VALID_CVR } })).toBe(0);
    expect(
      onlyError(await crm.execute(FOLLOW, { cvr: CVR.bikes }, undefined, { userId: "e-nobody", role: "FRONT_OFFICE" })).extensions,
    ).toMatchObject({ code: "FORBIDDEN" });
  });

  it("stops at the configured number of followed companies with a coded refusal, also when the follows arrive at once", async () => {
    const requests = FILLER_CVRS.slice(0, MAX_FOLLOWED + 2).map((cvr) => crm.execute(FOLLOW, { cvr }, undefined, CONSULTANT));
    const results = await Promise.all(requests);
    expect(results.filter((result) => !result.errors)).toHaveLength(MAX_FOLLOWED);
    const refused = results.filter((result) => result.errors).map(onlyError);
    expect(refused).toHaveLength(2);
    for (const error of refused) {
      expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "FOLLOW_LIMIT_REACHED", limit: MAX_FOLLOWED });
      expect(error.message).toMatch(/^Du følger allerede 3 virksomheder/);
    }
    expect(await crm.db.prisma.companyFollow.count({ where: { employeeId: EMPLOYEE.startup } })).toBe(MAX_FOLLOWED);
    const followed = (await crm.db.prisma.companyFollow.findMany({ where: { employeeId: EMPLOYEE.startup } })).map((row) => row.cvr);
    // Following one already followed is no new follow; after unfollowing one, another fits.
    expect((await crm.execute(FOLLOW, { cvr: followed[0] }, undefined, CONSULTANT)).errors).toBeUndefined();
    await crm.ok(UNFOLLOW, { cvr: followed[0] }, undefined, CONSULTANT);
    expect((await crm.execute(FOLLOW, { cvr: CVR.factory }, undefined, CONSULTANT)).errors).toBeUndefined();

    const page = (await crm.ok(FOLLOWING, {}, undefined, CONSULTANT)).me.following;
    expect(page.totalCount).toBe(MAX_FOLLOWED);
    const rest = (await crm.ok(FOLLOWING, { after: page.pageInfo.endCursor }, undefined, CONSULTANT)).me.following;
    expect([...page.edges, ...rest.edges].map((edge: any) => edge.node.company.cvr)).toEqual([...followed.slice(1), CVR.factory].sort());
  });

  it("notifies each follower once of a decision, however often the broker delivers it, and no one else", async () => {
    await crm.ok(FOLLOW, { cvr: CVR.bikes }, undefined, TMF_CASEWORKER);
    const decided = caseEvent({ type: "case.decided", cvr: CVR.bikes });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => handle(decided.body)));
    expect(outcomes.filter((outcome) => outcome.kind === "applied")).toHaveLength(1);
    expect((await handle(decided.body)).kind).toBe("duplicate");
    const rows = await crm.db.prisma.notification.findMany({ where: { objectId: decided.message.envelope.objectId } });
    expect(rows.map((row) => row.employeeId).sort()).toEqual([EMPLOYEE.front, EMPLOYEE.kam, EMPLOYEE.tmfCaseworker].sort());

    const [kamNotification] = (await notificationsOf(KAM)).edges.map((edge: any) => edge.node);
    expect(kamNotification).toEqual({
      id: expect.any(String),
      kind: "CASE_DECIDED",
      company: { cvr: CVR.bikes },
      department: "TMF",
      occurredAt: "2026-11-20T09:00:00.000Z",
      text: "Teknik- og Miljøforvaltningen har truffet afgørelse 20. november 2026: Udeservering, Istedgade 12",
      objectId: decided.message.envelope.objectId,
      withheld: false,
      read: false,
    });
    expect((await notificationsOf(CONSULTANT)).totalCount).toBe(0);
    // A change followers are not notified of stays in the history only.
    await handle(caseEvent({ type: "case.progressed", cvr: CVR.bikes }).body);
    await handle(caseEvent({ type: "permit.granted", cvr: CVR.factory }).body);
    expect((await notificationsOf(KAM)).totalCount).toBe(1);
  });

  it("keeps a confidential case's title and id from followers outside the department's caseworkers, and stores none of it for them", async () => {
    const event = caseEvent({ type: "case.closed", cvr: CVR.bikes });
    const confidential = { ...event.message, envelope: { ...event.message.envelope, sensitivity: "fortrolig" as const } };
    expect((await handle(JSON.stringify(confidential))).kind).toBe("applied");
    const latest = async (as: RequestIdentity) => (await notificationsOf(as, { first: 1 })).edges[0].node;

    const front = await latest(FRONT);
    expect(front).toMatchObject({
      kind: "CASE_CLOSED",
      withheld: true,
      objectId: null,
      text: "Teknik- og Miljøforvaltningen har afsluttet sagen 20. november 2026: en fortrolig sag (kun forvaltningens sagsbehandlere ser detaljerne)",
    });
    expect(front.text).not.toContain("Istedgade");
    expect((await latest(KAM)).withheld).toBe(true);
    expect(await latest(TMF_CASEWORKER)).toMatchObject({
      withheld: false,
      objectId: event.message.envelope.objectId,
      text: expect.stringContaining("Udeservering, Istedgade 12"),
    });
    const stored = await crm.db.prisma.notification.findMany({
      where: {
        changeSequence: (await crm.db.prisma.companyChange.findUniqueOrThrow({ where: { messageId: event.messageId } })).sequence,
        withheld: true,
      },
    });
    expect(stored.map((row) => [row.subject, row.objectId])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it("pages the reader's notifications newest first, counts the unread, and marks only the reader's own read", async () => {
    const all = await notificationsOf(FRONT);
    expect(all).toMatchObject({ totalCount: 2, unreadCount: 2 });
    expect(all.edges.map((edge: any) => edge.node.kind)).toEqual(["CASE_CLOSED", "CASE_DECIDED"]);
    const firstPage = await notificationsOf(FRONT, { first: 1 });
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    expect(
      (await notificationsOf(FRONT, { first: 1, after: firstPage.pageInfo.endCursor })).edges.map((edge: any) => edge.node.kind),
    ).toEqual(["CASE_DECIDED"]);
    expect(
      onlyError(await crm.execute(NOTIFICATIONS, { first: 1, after: firstPage.pageInfo.endCursor, unreadOnly: true }, undefined, FRONT))
        .extensions,
    ).toMatchObject({ code: "BAD_USER_INPUT" });
    // A forged cursor of this list with a sequence past bigint, or no number at all.
    const forged = (sequence: string) => encodeCursor({ list: "notifications", filter: { unreadOnly: false } }, [sequence]);
    for (const sequence of ["9223372036854775808", "1e3", "-1"]) {
      expect(onlyError(await crm.execute(NOTIFICATIONS, { first: 1, after: forged(sequence) }, undefined, FRONT)).extensions).toMatchObject(
        { code: "BAD_USER_INPUT", field: "after" },
      );
    }

    const frontIds = all.edges.map((edge: any) => edge.node.id);
    // Another reader names Freja's notifications: nothing of hers is marked.
    expect((await crm.ok(MARK, { ids: frontIds }, undefined, KAM)).markNotificationsRead).toEqual({ marked: 0, unreadCount: 2 });
    expect((await notificationsOf(FRONT)).unreadCount).toBe(2);
    expect((await crm.ok(MARK, { ids: [frontIds[1], "not-an-id"] }, undefined, FRONT)).markNotificationsRead).toEqual({
      marked: 1,
      unreadCount: 1,
    });
    expect((await crm.ok(MARK, { ids: [frontIds[1]] }, undefined, FRONT)).markNotificationsRead).toEqual({ marked: 0, unreadCount: 1 });
    const unread = await notificationsOf(FRONT, { unreadOnly: true });
    expect(unread).toMatchObject({ totalCount: 1, unreadCount: 1 });
    expect(unread.edges[0].node.id).toBe(frontIds[0]);
    expect(
      onlyError(await crm.execute(MARK, { ids: Array.from({ length: 101 }, () => frontIds[0]) }, undefined, FRONT)).extensions,
    ).toMatchObject({ code: "BAD_USER_INPUT", field: "ids" });
    expect(
      (await crm.ok(`mutation { markAllNotificationsRead { marked unreadCount } }`, {}, undefined, KAM)).markAllNotificationsRead,
    ).toEqual({ marked: 2, unreadCount: 0 });
    expect((await notificationsOf(FRONT)).unreadCount).toBe(1);
  });

  it(`keeps notifications ${NOTIFICATION_RETENTION_DAYS} days`, async () => {
    const count = () => crm.db.prisma.notification.count();
    const held = await count();
    expect(held).toBeGreaterThan(0);
    expect(await pruneNotifications(crm.db.prisma, new Date(NOW.getTime() + NOTIFICATION_RETENTION_DAYS * 86_400_000))).toBe(0);
    expect(await count()).toBe(held);
    expect(await pruneNotifications(crm.db.prisma, new Date(NOW.getTime() + NOTIFICATION_RETENTION_DAYS * 86_400_000 + 1))).toBe(held);
    expect(await count()).toBe(0);
  });
});
