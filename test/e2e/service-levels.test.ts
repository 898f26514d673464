/**
 * Service catalogue, service levels, package progress, timeline and key account alerts through
 * the gateway. Every figure is recomputed here from the generated world (graph.world) and the
 * CRM records the test itself creates, never taken from the code under test.
 */
import { DEPARTMENTS, findService, SERVICES, serviceLevel, servicesOfSystem, type Department } from "@company-graph/domain";
import type { Case } from "@company-graph/mocks";
import { startGraph, type Graph } from "../harness/graph";
import type { Actor } from "../harness/identities";

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());
beforeEach(() => {
  for (const department of DEPARTMENTS) {
    graph.simulators[department].requestLog.reset();
    graph.simulators[department].faults.clear();
  }
});

const DAY = 86_400_000;
let keys = 0;
const key = (name: string) => `service-levels-${name}-${++keys}`;

async function ok<Data = any>(
  document: string,
  variables: Record<string, unknown> = {},
  actor: Actor = "KEY_ACCOUNT_MANAGER",
): Promise<Data> {
  const response = await graph.queryAs<Data>(actor, document, variables);
  expect(response.errors).toBeUndefined();
  return response.data as Data;
}

/** Service levels are the development unit's: asked as an analyst. */
const asAnalyst = (document: string, variables: Record<string, unknown> = {}) => graph.queryAs("ANALYST", document, variables);

function staff(role: string) {
  const employee = graph.world.employees.find((candidate) => candidate.role === role);
  if (!employee) throw new Error(`no ${role} in the world`);
  return employee;
}

const allCases = (): Case[] => DEPARTMENTS.flatMap((department) => graph.world.cases[department] as Case[]);
const casesOf = (cvr: string) => allCases().filter((sourceCase) => sourceCase.cvr === cvr);
const isOpen = (sourceCase: Case) => !sourceCase.closedAt && sourceCase.progress !== "Afsluttet";
const target = (serviceId: string) => serviceLevel(findService(serviceId)!).targetProcessingDays;
const wholeDays = (from: string, to: number) => Math.max(0, Math.floor((to - Date.parse(from)) / DAY));
const processingDays = (sourceCase: Case, now: number) => {
  const end = sourceCase.decidedAt ?? sourceCase.closedAt;
  return wholeDays(sourceCase.openedAt, end ? Date.parse(end) : now);
};
const nearestRank = (values: number[], share: number) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(share * sorted.length) - 1];
};
const expectOneCallPerSystem = (path: string) => {
  for (const department of DEPARTMENTS) {
    const log = graph.simulators[department].requestLog;
    expect({ department, calls: log.count(path) }).toEqual({ department, calls: 1 });
  }
};

describe("the service catalogue", () => {
  it("lists the 7 areas, the 94 services with the report's figures, and the packages with their services", async () => {
    const data = await ok(`{
      serviceAreas { number nameEn services { id } }
      services { id nameDa nameEn department offeredBy area { number } annualVolume fte pooledFte informationShare kind theme targetProcessingDays isPermit packageIds }
      servicePackage(id: "cafe-restaurant") { id nameEn services { id department } }
      tmf: services(department: TMF, area: 5) { id }
    }`);
    expect(data.serviceAreas).toHaveLength(7);
    expect(data.serviceAreas.flatMap((area: any) => area.services.map((service: any) => service.id)).sort()).toEqual(
      SERVICES.map((service) => service.id).sort(),
    );
    expect(data.services).toHaveLength(SERVICES.length);
    for (const node of data.services) {
      const service = findService(node.id)!;
      expect(node).toEqual({
        id: service.id,
        nameDa: service.nameDa,
        nameEn: service.nameEn,
        department: serviceLevel(service).system,
        offeredBy: service.department,
        area: { number: service.catalogueArea },
        annualVolume: service.annualVolume,
        fte: service.serviceFte,
        pooledFte: service.pooledFte,
        informationShare: service.informationShare,
        kind: service.kind.toUpperCase(),
        theme: service.theme,
        targetProcessingDays: serviceLevel(service).targetProcessingDays,
        isPermit: service.isPermit,
        packageIds: service.servicePackages,
      });
    }
    expect(data.servicePackage.services).toEqual([
      { id: "kff-alcohol-licence", department: "KFF" },
      { id: "okf-fire-inspection", department: "OKF" },
      { id: "tmf-outdoor-serving-permit", department: "TMF" },
    ]);
    expect(data.tmf.map((service: any) => service.id).sort()).toEqual(
      servicesOfSystem("TMF")
        .filter((service) => service.catalogueArea === 5)
        .map((service) => service.id)
        .sort(),
    );
  });
});

describe("package progress", () => {
  it("shows the restaurant's café package with its cases from KFF, ØKF and TMF, complete", async () => {
    const cvr = graph.world.showcase.restaurant;
    const data = await ok(
      `query($cvr: ID!) { company(cvr: $cvr) { packageProgress {
        package { id } enrolment { id } detectedFromCases status incompleteDepartments
        services { service { id } department status cases { id department } }
      } } }`,
      { cvr },
    );
    const packages = data.company.packageProgress;
    expect(packages.map((progress: any) => progress.package.id)).toEqual(["cafe-restaurant"]);
    const cafe = packages[0];
    expect(cafe).toMatchObject({ enrolment: null, detectedFromCases: true, status: "COMPLETE", incompleteDepartments: [] });
    for (const row of cafe.services) {
      const expected = casesOf(cvr)
        .filter((sourceCase) => sourceCase.serviceId === row.service.id)
        .sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt));
      expect(expected.length).toBeGreaterThan(0);
      expect(row.cases.map((node: any) => node.id)).toEqual(expected.map((sourceCase) => sourceCase.id));
      expect(row.status).toBe(expected.some((sourceCase) => sourceCase.decidedAt || sourceCase.closedAt) ? "DONE" : "IN_PROGRESS");
    }
    expect(cafe.services.map((row: any) => row.department)).toEqual(["KFF", "OKF", "TMF"]);
    expectOneCallPerSystem("/company-records");
  });

  it("shows an enrolled package the company has not started", async () => {
    const cvr = graph.world.showcase.bicycleRetailer;
    await ok(`mutation($input: EnrolInPackageInput!) { enrolInPackage(input: $input) { id } }`, {
      input: { idempotencyKey: key("enrol"), cvr, packageId: "growth" },
    });
    const data = await ok(
      `query($cvr: ID!) { company(cvr: $cvr) { packageProgress { package { id } enrolment { id } detectedFromCases status services { status cases { id } } } } }`,
      { cvr },
    );
    expect(data.company.packageProgress).toHaveLength(1);
    expect(data.company.packageProgress[0]).toMatchObject({ package: { id: "growth" }, detectedFromCases: false, status: "NOT_STARTED" });
    expect(data.company.packageProgress[0].enrolment).not.toBeNull();
    expect(data.company.packageProgress[0].services.every((row: any) => row.status === "NOT_STARTED" && row.cases.length === 0)).toBe(true);
  });
});

describe("the timeline", () => {
  it("merges the manufacturer's case events from four departments with its CRM activity, newest first, across pages", async () => {
    const cvr = graph.world.showcase.manufacturer;
    const front = staff("front-office");
    const consultant = staff("business-consultant");
    const registered = await ok(`mutation($input: RegisterInquiryInput!) { registerInquiry(input: $input) { id } }`, {
      input: {
        idempotencyKey: key("inquiry"),
        cvr,
        channel: "PHONE",
        topic: "Wage subsidy for two welders",
        serviceId: "bif-wage-subsidy",
        assigneeId: front.id,
        receivedAt: new Date(Date.parse(graph.world.now) - 3 * DAY).toISOString(),
      },
    });
    const inquiryId = registered.registerInquiry.id;
    await ok(`mutation($input: HandOverInquiryInput!) { handOverInquiry(input: $input) { id } }`, {
      input: { idempotencyKey: key("handover"), inquiryId, toEmployeeId: consultant.id },
    });
    const note = await ok(`mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`, {
      input: { idempotencyKey: key("note"), cvr, inquiryId, summary: "Called the HR manager about the welders." },
    });
    const followUp = await ok(`mutation($input: AddFollowUpInput!) { addFollowUp(input: $input) { id } }`, {
      input: {
        idempotencyKey: key("follow-up"),
        cvr,
        inquiryId,
        description: "Send the subsidy rules",
        deadline: new Date(Date.parse(graph.world.now) + 7 * DAY).toISOString(),
        ownerId: consultant.id,
      },
    });
    await ok(`mutation($input: CloseInquiryInput!) { closeInquiry(input: $input) { id } }`, {
      input: { inquiryId, outcome: "Rules sent, application expected" },
    });
    const survey = await ok(`mutation($input: RecordSurveyResponseInput!) { recordSurveyResponse(input: $input) { id } }`, {
      input: {
        idempotencyKey: key("survey"),
        cvr,
        inquiryId,
        serviceId: "bif-wage-subsidy",
        processingSpeed: 4,
        competence: 5,
        fixedContactPerson: 3,
        ongoingUpdates: 4,
        overall: 4,
      },
    });

    const events: any[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const data: any = await ok(
        `query($cvr: ID!, $after: String) { company(cvr: $cvr) { timeline(first: 40, after: $after) {
          totalCount incompleteDepartments pageInfo { hasNextPage endCursor }
          edges { cursor node { id kind at summary department case { id } service { id } inquiry { id } note { id } followUp { id } surveyResponse { id } } }
        } } }`,
        { cvr, after },
      );
      const timeline = data.company.timeline;
      expect(timeline.incompleteDepartments).toEqual([]);
      events.push(...timeline.edges.map((edge: any) => edge.node));
      after = timeline.pageInfo.hasNextPage ? timeline.pageInfo.endCursor : null;
      pages++;
    } while (after);

    const iso = (value: string) => new Date(value).toISOString();
    const expected: { id: string; at: string }[] = [];
    for (const sourceCase of casesOf(cvr)) {
      expected.push({ id: `CASE_OPENED:${sourceCase.id}`, at: iso(sourceCase.openedAt) });
      if (sourceCase.decidedAt) expected.push({ id: `CASE_DECIDED:${sourceCase.id}`, at: iso(sourceCase.decidedAt) });
      if (sourceCase.closedAt) expected.push({ id: `CASE_CLOSED:${sourceCase.id}`, at: iso(sourceCase.closedAt) });
      if (sourceCase.lastUpdateSentAt) expected.push({ id: `CASE_UPDATE_SENT:${sourceCase.id}`, at: iso(sourceCase.lastUpdateSentAt) });
    }
    // The inquiry has one part; its closing is the part's.
    const [part] = await graph.crmDatabase.prisma.inquiryPart.findMany({ where: { inquiryId } });
    const crmIds = [
      `INQUIRY_RECEIVED:${inquiryId}`,
      `INQUIRY_CLOSED:${part.id}`,
      `NOTE:${note.addNote.id}`,
      `FOLLOW_UP_AGREED:${followUp.addFollowUp.id}`,
      `SURVEY_RESPONSE:${survey.recordSurveyResponse.id}`,
    ];
    const seededKam = await graph.crmDatabase.prisma.keyAccountAssignment.findMany({ where: { cvr } });
    const handovers = await graph.crmDatabase.prisma.inquiryHandover.findMany({ where: { partId: part.id } });
    expect(handovers).toHaveLength(1);
    crmIds.push(
      `INQUIRY_HANDED_OVER:${handovers[0].id}`,
      ...seededKam.map((assignment) => `KEY_ACCOUNT_MANAGER_ASSIGNED:${assignment.id}`),
    );
    // The development seed step's inquiries of the manufacturer (subgraphs/crm/dev/crm-activity.ts), with their notes and follow-ups.
    const seededInquiries = await graph.crmDatabase.prisma.inquiry.findMany({
      where: { cvr, id: { not: inquiryId } },
      include: { parts: true, notes: true, followUps: true },
    });
    expect(seededInquiries.length).toBeGreaterThan(0);
    for (const inquiry of seededInquiries) {
      crmIds.push(
        `INQUIRY_RECEIVED:${inquiry.id}`,
        ...inquiry.parts.filter((seededPart) => seededPart.closedAt).map((seededPart) => `INQUIRY_CLOSED:${seededPart.id}`),
        ...inquiry.notes.map((seededNote) => `NOTE:${seededNote.id}`),
        ...inquiry.followUps.flatMap((seededFollowUp) => [
          `FOLLOW_UP_AGREED:${seededFollowUp.id}`,
          ...(seededFollowUp.completedAt ? [`FOLLOW_UP_DONE:${seededFollowUp.id}`] : []),
        ]),
      );
    }

    expect(new Set(DEPARTMENTS.filter((department) => casesOf(cvr).some((sourceCase) => sourceCase.department === department))).size).toBe(
      4,
    );
    expect(pages).toBeGreaterThan(3);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    // Permits too: granted; expired once the last valid day passed, or expiring within 30 days.
    const today = Date.UTC(
      new Date(graph.world.now).getUTCFullYear(),
      new Date(graph.world.now).getUTCMonth(),
      new Date(graph.world.now).getUTCDate(),
    );
    for (const permit of DEPARTMENTS.flatMap((department) =>
      graph.world.permits[department].filter((candidate) => candidate.cvr === cvr),
    )) {
      expected.push({ id: `PERMIT_GRANTED:${permit.id}`, at: iso(permit.grantedAt) });
      if (permit.validTo && Date.parse(permit.validTo) < today)
        expected.push({ id: `PERMIT_EXPIRED:${permit.id}`, at: iso(permit.validTo) });
      else if (permit.validTo && Date.parse(permit.validTo) - today <= 30 * 86_400_000)
        expected.push({ id: `PERMIT_EXPIRING:${permit.id}`, at: iso(permit.validTo) });
    }
    expect(events.map((event) => event.id).sort()).toEqual([...expected.map((event) => event.id), ...crmIds].sort());
    for (const event of expected) expect(events.find((node) => node.id === event.id)!.at).toBe(event.at);
    // Newest first; equal instants (mutations made at the same clock tick) by id.
    for (let i = 1; i < events.length; i++) {
      const [previous, current] = [events[i - 1], events[i]];
      expect(previous.at > current.at || (previous.at === current.at && previous.id < current.id)).toBe(true);
    }
    const surveyEvent = events.find((event) => event.kind === "SURVEY_RESPONSE");
    expect(surveyEvent).toMatchObject({
      surveyResponse: { id: survey.recordSurveyResponse.id },
      service: { id: "bif-wage-subsidy" },
      inquiry: { id: inquiryId },
    });
    const caseEvent = events.find((event) => event.kind === "CASE_OPENED");
    expect(caseEvent.case.id).toBe(caseEvent.id.split(":")[1]);
  });
});

describe("the service scorecard and key account alerts", () => {
  it("scores the manufacturer's open cases, departments, contact person and follow-ups as the world says", async () => {
    const cvr = graph.world.showcase.manufacturer;
    const now = Date.parse(graph.world.now);
    const data = await ok(
      `query($cvr: ID!) { company(cvr: $cvr) { keyAccountManager { id } serviceScorecard {
        openCasesPastTarget hasFixedContactPerson keyAccountManager { id } incompleteDepartments
        openCases { case { id } department service { id } processingDays targetProcessingDays isPastTarget lastUpdateSentAt daysSinceLastUpdate }
        departments { department cases medianProcessingDays pastTarget }
        overdueFollowUps { id }
        latestSatisfaction { id }
      } } }`,
      { cvr },
    );
    const scorecard = data.company.serviceScorecard;
    const open = casesOf(cvr).filter(isOpen);
    expect(scorecard.openCases.map((status: any) => status.case.id).sort()).toEqual(open.map((sourceCase) => sourceCase.id).sort());
    for (const status of scorecard.openCases) {
      const source = open.find((sourceCase) => sourceCase.id === status.case.id)!;
      const days = processingDays(source, now);
      expect(status).toMatchObject({
        processingDays: days,
        targetProcessingDays: target(source.serviceId),
        isPastTarget: days > target(source.serviceId),
      });
      expect(status.daysSinceLastUpdate).toBe(wholeDays(source.lastUpdateSentAt ?? source.openedAt, now));
    }
    expect(scorecard.openCasesPastTarget).toBe(
      open.filter((sourceCase) => processingDays(sourceCase, now) > target(sourceCase.serviceId)).length,
    );
    for (const row of scorecard.departments) {
      const cases = casesOf(cvr).filter((sourceCase) => sourceCase.department === row.department);
      expect(row.cases).toBe(cases.length);
      expect(row.pastTarget).toBe(cases.filter((sourceCase) => processingDays(sourceCase, now) > target(sourceCase.serviceId)).length);
    }
    expect(scorecard.hasFixedContactPerson).toBe(data.company.keyAccountManager !== null);
    expect(scorecard.keyAccountManager).toEqual(data.company.keyAccountManager);
    expectOneCallPerSystem("/company-records");
  });

  it("gives a key account manager each company's alerts with one call per department system", async () => {
    const assignments = await graph.crmDatabase.prisma.keyAccountAssignment.findMany({ where: { until: null } });
    const employeeId = assignments[0].employeeId;
    const cvrs = assignments.filter((assignment) => assignment.employeeId === employeeId).map((assignment) => assignment.cvr);
    expect(cvrs.length).toBeGreaterThan(1);
    const now = Date.parse(graph.world.now);
    const alertsQuery = `query($employeeId: ID!) { keyAccountAlerts(employeeId: $employeeId) { cvr name alerts(noUpdateForDays: 20) {
        hasAlerts incompleteDepartments overdueFollowUps { id } casesPastTarget { case { id } } casesWithoutRecentUpdate { case { id } daysSinceLastUpdate }
        messages
      } } }`;
    // Only the key account manager themself: a colleague asking for them is refused.
    const colleague = assignments.find((assignment) => assignment.employeeId !== employeeId)!.employeeId;
    const refused = await graph.queryAs({ role: "KEY_ACCOUNT_MANAGER", userId: colleague }, alertsQuery, { employeeId });
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect(refused.data?.keyAccountAlerts ?? null).toBeNull();
    const data = await ok(alertsQuery, { employeeId }, { role: "KEY_ACCOUNT_MANAGER", userId: employeeId });
    expect(data.keyAccountAlerts.map((company: any) => company.cvr).sort()).toEqual([...cvrs].sort());
    for (const company of data.keyAccountAlerts) {
      const open = casesOf(company.cvr).filter(isOpen);
      const pastTarget = open.filter((sourceCase) => processingDays(sourceCase, now) > target(sourceCase.serviceId));
      const silent = open.filter((sourceCase) => wholeDays(sourceCase.lastUpdateSentAt ?? sourceCase.openedAt, now) > 20);
      expect(company.alerts.casesPastTarget.map((status: any) => status.case.id).sort()).toEqual(
        pastTarget.map((sourceCase) => sourceCase.id).sort(),
      );
      expect(company.alerts.casesWithoutRecentUpdate.map((status: any) => status.case.id).sort()).toEqual(
        silent.map((sourceCase) => sourceCase.id).sort(),
      );
      // One line per alert: the follow-ups and cases above, then permits expiring or expired without renewal (the café's outdoor serving).
      expect(company.alerts.messages.length).toBeGreaterThanOrEqual(
        pastTarget.length + silent.length + company.alerts.overdueFollowUps.length,
      );
      expect(company.alerts.hasAlerts).toBe(company.alerts.messages.length > 0);
    }
    expectOneCallPerSystem("/company-records");
  });

  it("rejects a negative noUpdateForDays with a coded error", async () => {
    const response = await graph.query(`query($cvr: ID!) { company(cvr: $cvr) { alerts(noUpdateForDays: -1) { hasAlerts } } }`, {
      cvr: graph.world.showcase.manufacturer,
    });
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("service levels for the development unit", () => {
  const SERVICE_FIELDS = `department service { id } casesOpened casesDecided casesClosed
    processingTime { count medianDays p90Days targetDays pastTarget sharePastTarget }
    volume { cases reportAnnualVolume expectedInPeriod ratio }
    updates { openCasesAtEnd openCasesWithoutUpdate updatesSent }
    satisfaction { responses overall processingSpeed }
    companiesServed companiesWithKeyAccountManager keyAccountManagerShare`;

  /** The figures of a set of cases for [from, to], computed here from the world. */
  function expectedFigures(cases: Case[], from: string, to: string, keyAccountCvrs: Set<string>) {
    const start = Date.parse(from);
    const end = Date.parse(to) + DAY;
    const within = (value: string | null | undefined) =>
      value !== null && value !== undefined && Date.parse(value) >= start && Date.parse(value) < end;
    const decided = cases.filter((sourceCase) => within(sourceCase.decidedAt));
    const days = decided.map((sourceCase) => Math.floor((Date.parse(sourceCase.decidedAt!) - Date.parse(sourceCase.openedAt)) / DAY));
    const openAtEnd = cases.filter(
      (sourceCase) => Date.parse(sourceCase.openedAt) < end && !(sourceCase.closedAt && Date.parse(sourceCase.closedAt) < end),
    );
    const served = new Set(
      cases
        .filter((sourceCase) => Date.parse(sourceCase.openedAt) < end && !(sourceCase.closedAt && Date.parse(sourceCase.closedAt) < start))
        .map((sourceCase) => sourceCase.cvr),
    );
    return {
      casesOpened: cases.filter((sourceCase) => within(sourceCase.openedAt)).length,
      casesDecided: decided.length,
      casesClosed: cases.filter((sourceCase) => within(sourceCase.closedAt)).length,
      count: decided.length,
      medianDays: nearestRank(days, 0.5),
      p90Days: nearestRank(days, 0.9),
      pastTarget: decided.filter((sourceCase, i) => days[i] > target(sourceCase.serviceId)).length,
      openCasesAtEnd: openAtEnd.length,
      openCasesWithoutUpdate: openAtEnd.filter(
        (sourceCase) => !(sourceCase.lastUpdateSentAt && Date.parse(sourceCase.lastUpdateSentAt) < end),
      ).length,
      updatesSent: cases.filter((sourceCase) => within(sourceCase.lastUpdateSentAt)).length,
      companiesServed: served.size,
      companiesWithKeyAccountManager: [...served].filter((cvr) => keyAccountCvrs.has(cvr)).length,
    };
  }

  const actualFigures = (row: any) => ({
    casesOpened: row.casesOpened,
    casesDecided: row.casesDecided,
    casesClosed: row.casesClosed,
    count: row.processingTime.count,
    medianDays: row.processingTime.medianDays,
    p90Days: row.processingTime.p90Days,
    pastTarget: row.processingTime.pastTarget,
    openCasesAtEnd: row.updates.openCasesAtEnd,
    openCasesWithoutUpdate: row.updates.openCasesWithoutUpdate,
    updatesSent: row.updates.updatesSent,
    companiesServed: row.companiesServed,
    companiesWithKeyAccountManager: row.companiesWithKeyAccountManager,
  });

  it("answers every service and department of a period as the world and the CRM say, with one call per system", async () => {
    const from = "2026-02-01";
    const to = "2026-07-31";
    const cvr = graph.world.showcase.restaurant;
    const surveyScores = [
      { overall: 5, processingSpeed: 4 },
      { overall: 2, processingSpeed: 1 },
    ];
    for (const score of surveyScores) {
      await ok(`mutation($input: RecordSurveyResponseInput!) { recordSurveyResponse(input: $input) { id } }`, {
        input: {
          idempotencyKey: key("survey"),
          cvr,
          serviceId: "kff-alcohol-licence",
          competence: 3,
          fixedContactPerson: 3,
          ongoingUpdates: 3,
          ...score,
        },
      });
    }
    // The CRM's clock is the world's now, so the answers above fall outside [from, to]: move them in.
    await graph.crmDatabase.prisma.surveyResponse.updateMany({
      where: { cvr, serviceId: "kff-alcohol-licence" },
      data: { respondedAt: new Date("2026-03-15T10:00:00Z") },
    });
    for (const department of DEPARTMENTS) graph.simulators[department].requestLog.reset();

    const data = await ok(
      `query($from: Date!, $to: Date!) { serviceLevels(from: $from, to: $to) { from to incompleteDepartments services { ${SERVICE_FIELDS} } departments { ${SERVICE_FIELDS} } } }`,
      { from, to },
      "ANALYST",
    );
    expectOneCallPerSystem("/statistics/service-levels");
    for (const department of DEPARTMENTS) expect(graph.simulators[department].requestLog.count()).toBe(1);

    const report = data.serviceLevels;
    expect(report.incompleteDepartments).toEqual([]);
    const keyAccountCvrs = new Set(
      (await graph.crmDatabase.prisma.keyAccountAssignment.findMany({ where: { until: null } })).map((assignment) => assignment.cvr),
    );
    expect(report.services).toHaveLength(SERVICES.length);
    const periodDays = (Date.parse(to) - Date.parse(from)) / DAY + 1;
    for (const row of report.services) {
      const service = findService(row.service.id)!;
      const cases = allCases().filter((sourceCase) => sourceCase.serviceId === service.id);
      expect({ service: service.id, ...actualFigures(row) }).toEqual({
        service: service.id,
        ...expectedFigures(cases, from, to, keyAccountCvrs),
      });
      expect(row.department).toBe(serviceLevel(service).system);
      expect(row.processingTime.targetDays).toBe(serviceLevel(service).targetProcessingDays);
      const annual = service.annualVolume ?? service.volumeBreakdown?.reduce((sum, part) => sum + part.value, 0) ?? null;
      expect(row.volume.reportAnnualVolume).toBe(annual);
      if (annual !== null) expect(row.volume.expectedInPeriod).toBeCloseTo((annual * periodDays) / 365, 6);
    }
    for (const row of report.departments) {
      const cases = graph.world.cases[row.department as Department] as Case[];
      expect({ department: row.department, ...actualFigures(row) }).toEqual({
        department: row.department,
        ...expectedFigures(cases, from, to, keyAccountCvrs),
      });
    }
    const alcohol = report.services.find((row: any) => row.service.id === "kff-alcohol-licence");
    expect(alcohol.satisfaction).toEqual({ responses: 2, overall: 3.5, processingSpeed: 2.5 });
    const kff = report.departments.find((row: any) => row.department === "KFF");
    expect(kff.satisfaction.responses).toBe(2);
    const bif = report.departments.find((row: any) => row.department === "BIF");
    expect(bif.satisfaction.responses).toBe(0);
  });

  it("limits the report to one service and asks only its department's system", async () => {
    const data = await ok(
      `{ serviceLevels(from: "2026-01-01", to: "2026-10-31", serviceId: "tmf-outdoor-serving-permit") { incompleteDepartments services { service { id } casesOpened } departments { department casesOpened } } }`,
      {},
      "ANALYST",
    );
    const expected = expectedFigures(
      allCases().filter((sourceCase) => sourceCase.serviceId === "tmf-outdoor-serving-permit"),
      "2026-01-01",
      "2026-10-31",
      new Set(),
    );
    expect(data.serviceLevels.services).toEqual([{ service: { id: "tmf-outdoor-serving-permit" }, casesOpened: expected.casesOpened }]);
    expect(data.serviceLevels.departments).toEqual([{ department: "TMF", casesOpened: expected.casesOpened }]);
    expect(graph.simulators.TMF.requestLog.count("/statistics/service-levels")).toBe(1);
    for (const department of ["BIF", "KFF", "OKF"] as const) expect(graph.simulators[department].requestLog.count()).toBe(0);
  });

  it("counts the start-up funnel from CRM inquiries and enrolments and KES cases", async () => {
    const from = "2025-11-01";
    const to = "2026-10-31";
    const data = await ok(
      `query($from: Date!, $to: Date!) { serviceLevels(from: $from, to: $to) { startupFunnel { steps { order key nameEn count definition } } } }`,
      { from, to },
      "ANALYST",
    );
    const steps = data.serviceLevels.startupFunnel.steps;
    expect(steps.map((step: any) => step.key)).toEqual([
      "FIRST_CONTACTS",
      "SCREENINGS",
      "COURSE_PARTICIPATION",
      "INDIVIDUAL_COUNSELLING",
      "START_UPS",
      "STATUS_AFTER_YEAR_1",
    ]);
    const opened = (serviceId: string) =>
      graph.world.cases.BIF.filter(
        (sourceCase) =>
          sourceCase.serviceId === serviceId &&
          Date.parse(sourceCase.openedAt) >= Date.parse(from) &&
          Date.parse(sourceCase.openedAt) < Date.parse(to) + DAY,
      ).length;
    const db = graph.crmDatabase.prisma;
    const inPeriod = { gte: new Date(from), lt: new Date(Date.parse(to) + DAY) };
    const startupServices = [
      "kes-single-entry-triage",
      "kes-entrepreneur-courses",
      "kes-growth-graduate",
      "kes-international-entrepreneurs",
      "kes-one-to-one-advice",
    ];
    const inquiries = await db.inquiry.findMany({ where: { receivedAt: inPeriod }, include: { parts: true } });
    const startupInquiries = inquiries.filter(
      (inquiry) =>
        inquiry.parts.some((part) => part.serviceId && startupServices.includes(part.serviceId)) ||
        inquiry.companyStage === "PRE_START" ||
        inquiry.companyStage === "START_UP",
    );
    expect(steps[0].count).toBe(startupInquiries.length + opened("kes-single-entry-triage"));
    expect(steps[1].count).toBe(await db.packageEnrolment.count({ where: { packageId: "startup", enrolledAt: inPeriod } }));
    expect(steps[2].count).toBe(opened("kes-entrepreneur-courses"));
    expect(steps[3].count).toBe(opened("kes-one-to-one-advice"));
    expect(steps[4].count).toBe(
      new Set(inquiries.filter((inquiry) => inquiry.companyStage === "START_UP").map((inquiry) => inquiry.cvr)).size,
    );
    expect(steps[2].count).toBeGreaterThan(0);
    expect(steps.every((step: any) => step.definition.length > 0)).toBe(true);
  });

  it("rejects a period that ends before it starts and an unknown service with coded errors", async () => {
    const backwards = await asAnalyst(`{ serviceLevels(from: "2026-05-01", to: "2026-04-01") { incompleteDepartments } }`);
    expect(backwards.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const unknown = await asAnalyst(
      `{ serviceLevels(from: "2026-04-01", to: "2026-05-01", serviceId: "no-such-service") { incompleteDepartments } }`,
    );
    expect(unknown.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    for (const department of DEPARTMENTS) expect(graph.simulators[department].requestLog.count()).toBe(0);
  });

  it("lists a department whose system fails as incomplete and still answers the others", async () => {
    graph.simulators.OKF.faults.set({ status: 503 });
    const response = await asAnalyst(
      `{ serviceLevels(from: "2026-01-01", to: "2026-06-30") { incompleteDepartments departments { department } } }`,
    );
    expect(response.data?.serviceLevels.incompleteDepartments).toEqual(["OKF"]);
    expect(response.data?.serviceLevels.departments.map((row: any) => row.department)).toEqual(["BIF", "TMF", "KFF"]);
    expect(response.errors?.some((error) => error.extensions?.code === "SOURCE_UNAVAILABLE")).toBe(true);
  });
});
