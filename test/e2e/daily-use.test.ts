/**
 * What a key account manager and the front office notice in daily use: the progress
 * filter, "never in contact", permits on the timeline and in the alerts, Danish texts.
 */
import { CASE_PROGRESS, DEPARTMENTS } from "@company-graph/domain";
import { startGraph, type Graph } from "../harness/graph";

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

const DAY = 86_400_000;
const sourceCasesOf = (cvr: string) =>
  DEPARTMENTS.flatMap((department) => graph.world.cases[department].filter((sourceCase) => sourceCase.cvr === cvr));
const sourcePermitsOf = (cvr: string) =>
  DEPARTMENTS.flatMap((department) => graph.world.permits[department].filter((permit) => permit.cvr === cvr));

/** English phrases the graph used to compose; none may appear in a Danish answer. */
const ENGLISH_PHRASES = [
  /Case opened:/,
  /Decision:/,
  /Update sent:/,
  /Case closed:/,
  /Survey answered/,
  /Inquiry/,
  /Note:/,
  /Follow-up/,
  /Permit /,
  /Enrolled in/,
  /Key account manager/,
  /outdoor-serving/,
  /\bexpires\b/,
  /\bdays?\b/,
];

describe("Company.cases(progress:)", () => {
  it("filters by every progress value exactly as the department systems hold the cases", async () => {
    const companies = [
      graph.world.showcase.restaurant,
      graph.world.showcase.manufacturer,
      ...graph.world.companies
        .filter((company) => sourceCasesOf(company.cvr).length >= 5)
        .slice(0, 3)
        .map((company) => company.cvr),
    ];
    let nonEmpty = 0;
    for (const cvr of companies) {
      for (const progress of CASE_PROGRESS) {
        const response: any = await graph.query(
          `query($cvr: ID!, $progress: CaseProgress) { company(cvr: $cvr) { cases(progress: $progress, first: 100) { totalCount edges { node { id progress } } } } }`,
          {
            cvr,
            progress: progress.toUpperCase(),
          },
        );
        expect(response.errors).toBeUndefined();
        const expected = sourceCasesOf(cvr)
          .filter((sourceCase) => sourceCase.progress === progress)
          .map((sourceCase) => sourceCase.id)
          .sort();
        const nodes = response.data.company.cases.edges.map((edge: any) => edge.node);
        expect(response.data.company.cases.totalCount).toBe(expected.length);
        if (expected.length <= 100) expect(nodes.map((node: any) => node.id).sort()).toEqual(expected);
        expect(nodes.every((node: any) => node.progress === progress.toUpperCase())).toBe(true);
        if (expected.length) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(5);
  });

  it("gives the café its closed (AFSLUTTET) cases", async () => {
    const cvr = graph.world.showcase.restaurant;
    const closed = sourceCasesOf(cvr).filter((sourceCase) => sourceCase.progress === "Afsluttet");
    expect(closed.length).toBeGreaterThan(0);
    const response: any = await graph.query(
      `query($cvr: ID!) { company(cvr: $cvr) { cases(progress: AFSLUTTET, open: false) { totalCount } } }`,
      { cvr },
    );
    expect(response.data.company.cases.totalCount).toBe(closed.length);
  });
});

describe("contact with the company", () => {
  it("counts department case activity: a company with cases but no CRM records has lastContactAt", async () => {
    const now = Date.parse(graph.world.now);
    const prisma = graph.crmDatabase.prisma;
    let checked = 0;
    for (const company of graph.world.companies) {
      const cases = sourceCasesOf(company.cvr);
      if (cases.length < 3) continue;
      const crmRecords =
        (await prisma.inquiry.count({ where: { cvr: company.cvr } })) +
        (await prisma.note.count({ where: { cvr: company.cvr } })) +
        (await prisma.surveyResponse.count({ where: { cvr: company.cvr } }));
      if (crmRecords > 0) continue;
      const expected = Math.max(
        ...cases
          .flatMap((sourceCase) =>
            [sourceCase.openedAt, sourceCase.decidedAt, sourceCase.lastUpdateSentAt]
              .filter((at): at is string => Boolean(at))
              .map(Date.parse),
          )
          .filter((at) => at <= now),
      );
      const response: any = await graph.query(
        `query($cvr: ID!) { company(cvr: $cvr) { lastContactAt alerts { lastContactAt } timeline(first: 100) { edges { node { kind at isContact } } } municipalContacts { contacts { latestContactAt roles } } } }`,
        { cvr: company.cvr },
      );
      expect(response.errors).toBeUndefined();
      const view = response.data.company;
      expect(view.lastContactAt).toBe(new Date(expected).toISOString());
      expect(view.alerts.lastContactAt).toBe(view.lastContactAt);
      // The timeline's newest contact event is the same moment; follow-ups and enrolments are not contact.
      const contactEvents = view.timeline.edges
        .map((edge: any) => edge.node)
        .filter((event: any) => event.isContact && Date.parse(event.at) <= now);
      expect(contactEvents[0].at).toBe(view.lastContactAt);
      expect(view.timeline.edges.some((edge: any) => edge.node.kind === "FOLLOW_UP_AGREED" && edge.node.isContact)).toBe(false);
      const caseworkerLatest = view.municipalContacts.contacts
        .filter((contact: any) => contact.roles.includes("CASEWORKER"))
        .map((contact: any) => Date.parse(contact.latestContactAt));
      expect(Math.max(...caseworkerLatest.filter((at: number) => at <= now))).toBe(expected);
      if (++checked === 3) break;
    }
    expect(checked).toBe(3);
  });
});

describe("permits on the timeline, in the alerts and in package progress (the café 36509120)", () => {
  const PERMIT_VIEW = `query($cvr: ID!) {
    company(cvr: $cvr) {
      timeline(first: 100) { edges { node { kind at summary permit { id kind kindText validTo } } } }
      alerts { hasAlerts messages permitsExpiringSoon { id kind kindText daysUntilExpiry } permitsExpiredNotRenewed { id } }
      packageProgress { package { id } status notices permitsExpiringSoon { id } }
      permits { edges { node { id kind kindText } } }
    }
  }`;

  it("shows the outdoor-serving permit that runs out within 21 days, in Danish", async () => {
    const cvr = graph.world.showcase.restaurant;
    const now = Date.parse(graph.world.now);
    const outdoor = sourcePermitsOf(cvr).filter((permit) => permit.kind === "outdoor-serving");
    const expiring = outdoor.find(
      (permit) => permit.validTo && Date.parse(permit.validTo) >= now - DAY && Date.parse(permit.validTo) - now <= 21 * DAY,
    )!;
    expect(expiring).toBeDefined();

    const response: any = await graph.query(PERMIT_VIEW, { cvr });
    expect(response.errors).toBeUndefined();
    const { timeline, alerts, packageProgress, permits } = response.data.company;
    const events = timeline.edges.map((edge: any) => edge.node);

    // Every permit's grant is on the timeline; the expiring one also on its last valid day.
    for (const permit of sourcePermitsOf(cvr))
      expect(events.some((event: any) => event.kind === "PERMIT_GRANTED" && event.permit.id === permit.id)).toBe(true);
    const expiringEvent = events.find((event: any) => event.kind === "PERMIT_EXPIRING" && event.permit.id === expiring.id);
    expect(expiringEvent.summary).toMatch(/^Tilladelse udløber om \d+ dage?: udeservering$/);
    // Last year's outdoor-serving permit has run out: PERMIT_EXPIRED, but no alert, since this year's renewed it.
    const expired = outdoor.find((permit) => permit.validTo && Date.parse(permit.validTo) < now - DAY)!;
    expect(events.find((event: any) => event.kind === "PERMIT_EXPIRED" && event.permit.id === expired.id).summary).toBe(
      "Tilladelse udløbet: udeservering",
    );
    expect(alerts.permitsExpiredNotRenewed.map((permit: any) => permit.id)).not.toContain(expired.id);

    expect(alerts.hasAlerts).toBe(true);
    expect(alerts.permitsExpiringSoon).toEqual([
      expect.objectContaining({ id: expiring.id, kind: "outdoor-serving", kindText: "udeservering" }),
    ]);
    expect(alerts.permitsExpiringSoon[0].daysUntilExpiry).toBeLessThanOrEqual(21);
    expect(alerts.messages).toContain(`Tilladelse udløber om ${alerts.permitsExpiringSoon[0].daysUntilExpiry} dage: udeservering`);

    // The package the permit belongs to says so, whatever its status.
    const withPermit = packageProgress.filter((progress: any) =>
      progress.permitsExpiringSoon.some((permit: any) => permit.id === expiring.id),
    );
    expect(withPermit.length).toBeGreaterThan(0);
    for (const progress of withPermit)
      expect(progress.notices).toContain(
        `En tilladelse i pakken udløber om ${alerts.permitsExpiringSoon[0].daysUntilExpiry} dage: udeservering`,
      );

    expect(permits.edges.find((edge: any) => edge.node.id === expiring.id).node).toEqual({
      id: expiring.id,
      kind: "outdoor-serving",
      kindText: "udeservering",
    });
  });

  it("lets the window be configured: 0 days means no permit alert for one ending in a few days", async () => {
    const response: any = await graph.query(
      `query($cvr: ID!) { company(cvr: $cvr) { alerts(permitExpiringWithinDays: 0) { permitsExpiringSoon { id } } } }`,
      { cvr: graph.world.showcase.restaurant },
    );
    expect(response.data.company.alerts.permitsExpiringSoon).toEqual([]);
    const refused: any = await graph.query(
      `query($cvr: ID!) { company(cvr: $cvr) { alerts(permitExpiringWithinDays: -1) { hasAlerts } } }`,
      { cvr: graph.world.showcase.restaurant },
    );
    expect(refused.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(refused.errors[0].message).toMatch(/skal være 0 eller mere/);
  });
});

describe("permit alerts only while the company trades", () => {
  it("raises none for a company the CVR register reports ceased", async () => {
    const now = Date.parse(graph.world.now);
    const company = graph.world.companies.find(
      (candidate) =>
        candidate.cvr !== graph.world.showcase.restaurant &&
        sourcePermitsOf(candidate.cvr).some(
          (permit) => permit.validTo && Date.parse(permit.validTo) >= now && Date.parse(permit.validTo) - now <= 25 * DAY,
        ),
    )!;
    const query = `query($cvr: ID!) { company(cvr: $cvr) { alerts { permitsExpiringSoon { id } } } }`;
    expect((await graph.query(query, { cvr: company.cvr })).data!.company.alerts.permitsExpiringSoon.length).toBeGreaterThan(0);
    await graph.crmDatabase.prisma.company.update({ where: { cvr: company.cvr }, data: { ceasedOn: new Date(now - 10 * DAY) } });
    try {
      expect((await graph.query(query, { cvr: company.cvr })).data!.company.alerts.permitsExpiringSoon).toEqual([]);
    } finally {
      await graph.crmDatabase.prisma.company.update({ where: { cvr: company.cvr }, data: { ceasedOn: null } });
    }
  });
});

describe("Danish first", () => {
  it("composes every timeline summary, alert and permit kind in Danish by default", async () => {
    for (const cvr of [graph.world.showcase.restaurant, graph.world.showcase.manufacturer]) {
      const response: any = await graph.query(
        `query($cvr: ID!) { company(cvr: $cvr) { timeline(first: 100) { edges { node { kind summary } } } alerts(noUpdateForDays: 0) { messages } permits(first: 100) { edges { node { kindText } } } packageProgress { notices } } }`,
        { cvr },
      );
      expect(response.errors).toBeUndefined();
      const company = response.data.company;
      const summaries = company.timeline.edges.map((edge: any) => edge.node.summary);
      expect(summaries.some((summary: string) => summary.startsWith("Sag oprettet: "))).toBe(true);
      const texts = [
        ...summaries,
        ...company.alerts.messages,
        ...company.permits.edges.map((edge: any) => edge.node.kindText),
        ...company.packageProgress.flatMap((progress: any) => progress.notices),
      ];
      expect(texts.length).toBeGreaterThan(10);
      // The generated titles are Danish; what the graph adds around them must be, too.
      for (const text of texts)
        for (const phrase of ENGLISH_PHRASES) expect({ text, english: phrase.test(text) }).toEqual({ text, english: false });
      // Enum values stay as they are.
      expect(company.timeline.edges.some((edge: any) => edge.node.kind === "CASE_OPENED")).toBe(true);
    }
  });

  it("answers in English when the client sends Accept-Language: en, through the gateway", async () => {
    const query = `query($cvr: ID!) { company(cvr: $cvr) { timeline(first: 100) { edges { node { kind summary } } } alerts { messages } } }`;
    const ask = async (language: string | null) => {
      const response: any = await graph.query(
        query,
        { cvr: graph.world.showcase.restaurant },
        language ? { "accept-language": language } : {},
      );
      expect(response.errors).toBeUndefined();
      return response.data.company;
    };
    const english = await ask("en-GB,en;q=0.9,da;q=0.5");
    const summaries = english.timeline.edges.map((edge: any) => edge.node.summary);
    expect(summaries.some((summary: string) => summary.startsWith("Case opened: "))).toBe(true);
    expect(summaries.some((summary: string) => /^Permit expires in \d+ days?: outdoor serving$/.test(summary))).toBe(true);
    expect(english.alerts.messages.some((message: string) => /^Permit expires in \d+ days: outdoor serving$/.test(message))).toBe(true);

    const danish = await ask("da, en;q=0.8");
    expect(danish.timeline.edges.map((edge: any) => edge.node.kind)).toEqual(english.timeline.edges.map((edge: any) => edge.node.kind));
    expect(danish.timeline.edges.some((edge: any) => edge.node.summary.startsWith("Sag oprettet: "))).toBe(true);
    expect(await ask(null)).toEqual(danish);
    // A header longer than any real language list is not passed on: Danish, not an error.
    expect(await ask(`en,${"x".repeat(300)}`)).toEqual(danish);
  });
});

describe("people with the same name", () => {
  it("shows every employee with department and unit, so namesakes differ", async () => {
    const response: any = await graph.query(`{ employees { id name displayName unit { name } } }`);
    expect(response.errors).toBeUndefined();
    const employees: any[] = response.data.employees;
    const byName = new Map<string, any[]>();
    for (const employee of employees) byName.set(employee.name, [...(byName.get(employee.name) ?? []), employee]);
    const namesakes = [...byName.values()].filter((group) => group.length > 1);
    expect(namesakes.length).toBeGreaterThan(0);
    for (const group of namesakes) expect(new Set(group.map((employee) => employee.displayName)).size).toBe(group.length);
    const caseworker = employees.find((employee) => employee.id.startsWith("BIF-"))!;
    expect(caseworker.displayName).toBe(`${caseworker.name} (BIF, ${caseworker.unit.name})`);
  });

  it("qualifies the café's municipal contacts the same way", async () => {
    const response: any = await graph.query(
      `query($cvr: ID!) { company(cvr: $cvr) { municipalContacts { contacts { employeeId name unit displayName departments } } } }`,
      { cvr: graph.world.showcase.restaurant },
    );
    expect(response.errors).toBeUndefined();
    const contacts: any[] = response.data.company.municipalContacts.contacts;
    expect(contacts.length).toBeGreaterThan(0);
    for (const contact of contacts)
      expect(contact.displayName).toMatch(new RegExp(`^${contact.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(.+\\)$`));
  });
});
