import { randomUUID } from "node:crypto";
import { createLogger } from "@company-graph/kit/observability";
import { MUNICIPALITY_CVR, type CaseEventMessage, type CaseEventType } from "@company-graph/domain";
import { caseEventHandler } from "../src/case-events/handler";
import { CVR } from "./fixtures";
import { DATABASES, startTestCrm, type TestCrm } from "./support";

// Løbende orientering measured from the business events, with fixed data: outdoor serving (TMF)
// promises an update at least every 30 days, company work placement (BIF) every 14.
//   A opened 1 Sep, updated 21 Sep, 11 Oct, 25 Oct — open, heard 25 Oct
//   B opened 10 Sep, never updated — open, silent
//   C opened 5 Oct, updated 15 Oct, closed 20 Oct
//   D opened 2 Oct, updated 5 Nov — open
//   E (BIF) opened 10 Oct, never updated — open
// Report for October (end: 1 November 00:00): TMF has A, B, D open (D heard exactly 30 days
// before: within), A and D within the promise; updates sent in October A×2 + C×1; intervals ending
// in October 20 (A), 14 (A), 10 (C), median 14. BIF: E open and silent past 14 days.

const NOW = new Date("2026-11-20T12:00:00.000Z");
const OUTDOOR = "tmf-outdoor-serving-permit";

function message(
  type: CaseEventType,
  department: "TMF" | "BIF",
  id: string,
  serviceId: string,
  occurredAt: string,
  state: { openedAt: string; lastUpdateSentAt?: string | null; closedAt?: string | null },
): CaseEventMessage {
  const closedAt = state.closedAt ?? null;
  return {
    envelope: {
      messageId: randomUUID(),
      messageType: type as CaseEventType & `case.${string}`,
      senderAuthority: { cvr: MUNICIPALITY_CVR, department },
      kle: "05.04.12",
      sensitivity: "almindelig",
      occurredAt,
      objectId: id,
      cvr: CVR.bikes,
    },
    case: {
      id,
      caseNumber: `${id}-2026`,
      serviceId,
      title: `Sag ${id}`,
      progress: closedAt ? "Afsluttet" : "Oplyst",
      openedAt: state.openedAt,
      decidedAt: closedAt,
      closedAt,
      lastUpdateSentAt: state.lastUpdateSentAt ?? null,
      unitId: "tmf-roads",
    },
  };
}

const EVENTS: CaseEventMessage[] = [
  message("case.opened", "TMF", "A", OUTDOOR, "2026-09-01T08:00:00.000Z", { openedAt: "2026-09-01T08:00:00.000Z" }),
  message("case.update-sent", "TMF", "A", OUTDOOR, "2026-09-21T08:00:00.000Z", {
    openedAt: "2026-09-01T08:00:00.000Z",
    lastUpdateSentAt: "2026-09-21T08:00:00.000Z",
  }),
  message("case.update-sent", "TMF", "A", OUTDOOR, "2026-10-11T08:00:00.000Z", {
    openedAt: "2026-09-01T08:00:00.000Z",
    lastUpdateSentAt: "2026-10-11T08:00:00.000Z",
  }),
  message("case.update-sent", "TMF", "A", OUTDOOR, "2026-10-25T08:00:00.000Z", {
    openedAt: "2026-09-01T08:00:00.000Z",
    lastUpdateSentAt: "2026-10-25T08:00:00.000Z",
  }),
  message("case.opened", "TMF", "B", OUTDOOR, "2026-09-10T08:00:00.000Z", { openedAt: "2026-09-10T08:00:00.000Z" }),
  message("case.opened", "TMF", "C", OUTDOOR, "2026-10-05T08:00:00.000Z", { openedAt: "2026-10-05T08:00:00.000Z" }),
  message("case.update-sent", "TMF", "C", OUTDOOR, "2026-10-15T08:00:00.000Z", {
    openedAt: "2026-10-05T08:00:00.000Z",
    lastUpdateSentAt: "2026-10-15T08:00:00.000Z",
  }),
  message("case.closed", "TMF", "C", OUTDOOR, "2026-10-20T08:00:00.000Z", {
    openedAt: "2026-10-05T08:00:00.000Z",
    lastUpdateSentAt: "2026-10-15T08:00:00.000Z",
    closedAt: "2026-10-20T08:00:00.000Z",
  }),
  message("case.opened", "TMF", "D", OUTDOOR, "2026-10-02T08:00:00.000Z", { openedAt: "2026-10-02T08:00:00.000Z" }),
  message("case.update-sent", "TMF", "D", OUTDOOR, "2026-11-05T08:00:00.000Z", {
    openedAt: "2026-10-02T08:00:00.000Z",
    lastUpdateSentAt: "2026-11-05T08:00:00.000Z",
  }),
  message("case.opened", "BIF", "E", "bif-company-work-placement", "2026-10-10T08:00:00.000Z", { openedAt: "2026-10-10T08:00:00.000Z" }),
];

const FIGURES = "promiseDays openCases updatedWithinPromise shareUpdatedWithinPromise updatesSent intervals medianDaysBetweenUpdates";
const REPORT = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ServiceLevelReport {
  departments { department ongoingUpdates { ${FIGURES} } }
  services { department service { id } ongoingUpdates { ${FIGURES} } } } } }`;
const SCORECARD = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Company { serviceScorecard {
  openCases { title updatePromiseDays isUpdateOverdue } ongoingUpdates { department figures { ${FIGURES} } } } } } }`;
const EMPTY = {
  serviceId: null,
  opened: 0,
  decided: 0,
  closed: 0,
  medianProcessingDays: null,
  p90ProcessingDays: null,
  decidedPastTarget: 0,
  openAtEnd: 0,
  openAtEndWithoutUpdate: 0,
  updatesSentInPeriod: 0,
  companies: 0,
  keyAccountCompanies: 0,
};

describe.each(DATABASES)("løbende orientering from the business events on %s", (kind) => {
  let crm: TestCrm;
  beforeAll(async () => {
    crm = await startTestCrm(kind, { now: () => NOW });
    const handle = caseEventHandler({ db: crm.db.prisma, now: () => NOW, logger: createLogger("crm-test") });
    for (const event of EVENTS) expect(await handle(JSON.stringify(event))).toMatchObject({ kind: "applied" });
  });
  afterAll(() => crm?.close());

  it("measures a period per department and service: open cases updated within the promise, updates sent, median days between updates", async () => {
    const representation = {
      __typename: "ServiceLevelReport",
      from: "2026-10-01",
      to: "2026-10-31",
      department: null,
      serviceId: null,
      bifStatistics: { department: "BIF", total: EMPTY, services: [] },
      tmfStatistics: { department: "TMF", total: EMPTY, services: [] },
      kffStatistics: null,
      okfStatistics: null,
    };
    const [report] = (await crm.ok(REPORT, { r: [representation] }))._entities;
    const tmf = {
      openCases: 3,
      updatedWithinPromise: 2,
      shareUpdatedWithinPromise: 2 / 3,
      updatesSent: 3,
      intervals: 3,
      medianDaysBetweenUpdates: 14,
    };
    const bif = {
      openCases: 1,
      updatedWithinPromise: 0,
      shareUpdatedWithinPromise: 0,
      updatesSent: 0,
      intervals: 0,
      medianDaysBetweenUpdates: null,
    };
    expect(report.departments).toEqual([
      { department: "BIF", ongoingUpdates: { promiseDays: null, ...bif } },
      { department: "TMF", ongoingUpdates: { promiseDays: null, ...tmf } },
    ]);
    const row = (id: string) => report.services.find((service: any) => service.service.id === id).ongoingUpdates;
    expect(row(OUTDOOR)).toEqual({ promiseDays: 30, ...tmf });
    expect(row("bif-company-work-placement")).toEqual({ promiseDays: 14, ...bif });
    expect(row("tmf-excavation-permit")).toEqual({
      promiseDays: 30,
      openCases: 0,
      updatedWithinPromise: 0,
      shareUpdatedWithinPromise: null,
      updatesSent: 0,
      intervals: 0,
      medianDaysBetweenUpdates: null,
    });
  });

  it("puts the company's last year on its scorecard, by the rule its open cases are marked with", async () => {
    const index = (department: "TMF" | "BIF") =>
      EVENTS.filter((event) => event.envelope.senderAuthority.department === department && "case" in event)
        .map((event) => ("case" in event ? event.case : null)!)
        .filter((found, position, all) => !all.slice(position + 1).some((other) => other.id === found.id))
        .map(({ id, serviceId, title, progress, openedAt, decidedAt, closedAt, lastUpdateSentAt }) => ({
          id,
          serviceId,
          title,
          progress,
          openedAt,
          decidedAt,
          closedAt,
          lastUpdateSentAt,
          caseworkerId: "c",
          caseworkerName: "C",
          caseworkerUnit: "U",
          caseworkerEmail: "c@kk.dk",
        }));
    const representation = {
      __typename: "Company",
      cvr: CVR.bikes,
      bifCaseIndex: index("BIF"),
      tmfCaseIndex: index("TMF"),
      kffCaseIndex: [],
      okfCaseIndex: [],
      bifPermitIndex: [],
      tmfPermitIndex: [],
      kffPermitIndex: [],
      okfPermitIndex: [],
    };
    const [{ serviceScorecard }] = (await crm.ok(SCORECARD, { r: [representation] }))._entities;
    expect(serviceScorecard.openCases).toEqual([
      { title: "Sag A", updatePromiseDays: 30, isUpdateOverdue: false },
      { title: "Sag B", updatePromiseDays: 30, isUpdateOverdue: true },
      { title: "Sag D", updatePromiseDays: 30, isUpdateOverdue: false },
      { title: "Sag E", updatePromiseDays: 14, isUpdateOverdue: true },
    ]);
    // To 20 November: D's update of 5 November (34 days after its opening) counts too.
    expect(serviceScorecard.ongoingUpdates).toEqual([
      {
        department: "BIF",
        figures: {
          promiseDays: null,
          openCases: 1,
          updatedWithinPromise: 0,
          shareUpdatedWithinPromise: 0,
          updatesSent: 0,
          intervals: 0,
          medianDaysBetweenUpdates: null,
        },
      },
      {
        department: "TMF",
        figures: {
          promiseDays: null,
          openCases: 3,
          updatedWithinPromise: 2,
          shareUpdatedWithinPromise: 2 / 3,
          updatesSent: 5,
          intervals: 5,
          medianDaysBetweenUpdates: 20,
        },
      },
      {
        department: "KFF",
        figures: {
          promiseDays: null,
          openCases: 0,
          updatedWithinPromise: 0,
          shareUpdatedWithinPromise: null,
          updatesSent: 0,
          intervals: 0,
          medianDaysBetweenUpdates: null,
        },
      },
      {
        department: "OKF",
        figures: {
          promiseDays: null,
          openCases: 0,
          updatedWithinPromise: 0,
          shareUpdatedWithinPromise: null,
          updatesSent: 0,
          intervals: 0,
          medianDaysBetweenUpdates: null,
        },
      },
    ]);
  });
});
