/**
 * Through the gateway: no input yields INTERNAL_SERVER_ERROR. A NUL byte or a
 * lone surrogate in a search, a cursor, a note or an idempotency key is BAD_USER_INPUT naming the
 * argument, and nothing is written; impossible and non-ISO dates are BAD_USER_INPUT too.
 */
import { startGraph, type Graph } from "../harness/graph";

let graph: Graph;
let cvr: string;
beforeAll(async () => {
  graph = await startGraph();
  cvr = graph.world.companies[0].cvr;
});
afterAll(() => graph?.stop());

const ADD_NOTE = `mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`;
const SEARCH = `query($search: String, $after: String) { companies(search: $search, first: 5, after: $after) { edges { node { cvr } } } }`;

async function expectRefused(document: string, variables: Record<string, unknown>, field: string) {
  const response = await graph.queryAs("FRONT_OFFICE", document, variables);
  expect(response.data ?? null).toBeNull();
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
}

describe("text a database cannot hold is refused at the gateway", () => {
  it.each([
    ["a search", SEARCH, () => ({ search: "café\u0000" }), "search"],
    ["a cursor", SEARCH, () => ({ after: "abc\u0000def" }), "after"],
    ["a note", ADD_NOTE, () => ({ input: { idempotencyKey: "nul-note", cvr, summary: "Ringede\u0000" } }), "input.summary"],
    [
      "an idempotency key",
      ADD_NOTE,
      () => ({ input: { idempotencyKey: "nul\u0000key", cvr, summary: "Ringede" } }),
      "input.idempotencyKey",
    ],
    ["a lone surrogate", ADD_NOTE, () => ({ input: { idempotencyKey: "surrogate", cvr, summary: "half \ud800 a pair" } }), "input.summary"],
  ])("%s with a NUL byte is BAD_USER_INPUT naming the argument", async (_what, document, variables, field) => {
    await expectRefused(document, variables(), field);
  });

  it("a NUL byte in a literal argument is named too", async () => {
    await expectRefused(`{ companies(search: "x\\u0000") { edges { node { cvr } } } }`, {}, "search");
  });

  it("nothing was written: no note, no idempotency record", async () => {
    const db = graph.crmDatabase.prisma;
    expect(await db.note.count({ where: { summary: { contains: "Ringede" } } })).toBe(0);
    expect(await db.idempotencyRecord.count({ where: { key: { in: ["nul-note", "surrogate"] } } })).toBe(0);
  });

  it("a well-formed pair (an emoji) is text and is accepted", async () => {
    const response = await graph.queryAs("FRONT_OFFICE", ADD_NOTE, {
      input: { idempotencyKey: "emoji-note", cvr, summary: "Glad kunde 😀" },
    });
    expect(response.errors).toBeUndefined();
  });
});

describe("variables nested deeper than any call stack", () => {
  /** A body whose variable $search, and an undeclared $extra, hold arrays nested 100,000 deep (200 KB, within the body limit). */
  const deeplyNested = (bottom: string) => `${"[".repeat(100_000)}${JSON.stringify(bottom)}${"]".repeat(100_000)}`;
  async function postDeep(bottom: string) {
    const response = await fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${graph.tokenFor("FRONT_OFFICE")}` },
      body: `{"query":${JSON.stringify(SEARCH)},"variables":{"search":${deeplyNested(bottom)}}}`,
    });
    return (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  }

  it("a search given arrays 100,000 deep is BAD_USER_INPUT, Danish first, never INTERNAL_SERVER_ERROR", async () => {
    const answer = await postDeep("café");
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(answer.errors?.[0].message).toMatch(/^Variablen \$search har en ugyldig værdi/);
  });

  it("a NUL byte at the bottom of them is refused naming the argument", async () => {
    const answer = await postDeep("café\u0000");
    expect(answer.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: expect.stringMatching(/^search\[0\]\[0\]/) });
  });

  it("an undeclared variable nested as deep is ignored and the query answered", async () => {
    const response = await fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${graph.tokenFor("FRONT_OFFICE")}` },
      body: `{"query":"{ companies(first: 1) { totalCount } }","variables":{"extra":${deeplyNested("x")}}}`,
    });
    const answer = await response.json();
    expect(answer.errors).toBeUndefined();
    expect(answer.data.companies.totalCount).toEqual(expect.any(Number));
  });
});

describe("dates are ISO 8601 days that exist", () => {
  it.each(["yesterday", "i morgen", "garbage", "2026-02-30T10:00:00Z"])(
    "occurredAt %j is BAD_USER_INPUT and writes nothing",
    async (occurredAt) => {
      const response = await graph.queryAs("FRONT_OFFICE", ADD_NOTE, {
        input: { idempotencyKey: `date-${occurredAt}`, cvr, summary: "Dato", occurredAt },
      });
      expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      expect(await graph.crmDatabase.prisma.idempotencyRecord.count({ where: { key: `date-${occurredAt}` } })).toBe(0);
    },
  );

  it.each(["0000-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "1900-01-01T00:30:00+01:00", "2200-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])(
    "occurredAt %j, outside the years 1900–2199, is BAD_USER_INPUT naming it, Danish first, and writes nothing",
    async (occurredAt) => {
      const idempotencyKey = `year-${occurredAt}`;
      const response = await graph.queryAs("FRONT_OFFICE", ADD_NOTE, { input: { idempotencyKey, cvr, summary: "Dato", occurredAt } });
      expect(response.data ?? null).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.occurredAt" });
      expect(response.errors![0].message).toMatch(/DateTime skal (ligge i årene 1900–2199|være en ISO 8601-værdi)/);
      expect(await graph.crmDatabase.prisma.idempotencyRecord.count({ where: { key: idempotencyKey } })).toBe(0);
    },
  );

  it.each(["0000-01-01", "1899-12-31", "2200-01-01"])(
    "a Date %j outside the years 1900–2199 is BAD_USER_INPUT, in a variable or a literal",
    async (from) => {
      for (const response of [
        await graph.queryAs("ANALYST", `query($from: Date!) { serviceLevels(from: $from, to: "2026-03-31") { from } }`, { from }),
        await graph.queryAs("ANALYST", `{ serviceLevels(from: "${from}", to: "2026-03-31") { from } }`),
      ]) {
        expect(response.data?.serviceLevels ?? null).toBeNull();
        expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
        expect(response.errors?.[0].message).toMatch(/Date skal ligge i årene 1900–2199/);
      }
    },
  );

  it("moments inside the range, its first one included, are accepted", async () => {
    for (const occurredAt of ["1900-01-01T00:00:00Z", "2026-01-01T00:00:00+14:00"]) {
      const response = await graph.queryAs("FRONT_OFFICE", ADD_NOTE, {
        input: { idempotencyKey: `year-ok-${occurredAt}`, cvr, summary: "Dato", occurredAt },
      });
      expect(response.errors).toBeUndefined();
    }
    const late = await graph.queryAs("ANALYST", `{ serviceLevels(from: "2026-01-01", to: "2199-12-31") { from } }`);
    expect(late.errors?.map((error) => error.message).join() ?? "").not.toMatch(/1900–2199/);
  });

  it('a Date "2026-02-30" is refused, not stored as 2026-03-02', async () => {
    const response = await graph.queryAs("ANALYST", `query($from: Date!) { serviceLevels(from: $from, to: "2026-03-31") { from } }`, {
      from: "2026-02-30",
    });
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it.each(["20260101", "true", "FOO", "{ year: 2026 }", '["2026-01-01"]'])(
    "a Date written as the literal %s is BAD_USER_INPUT, never an internal error",
    async (literal) => {
      const response = await graph.queryAs("ANALYST", `{ serviceLevels(from: ${literal}, to: "2026-03-31") { from } }`);
      expect(response.data?.serviceLevels ?? null).toBeNull();
      expect(response.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "from" });
      expect(response.errors?.[0].message).toMatch(/^from: Date skal være en ISO 8601-værdi/);
      expect(response.errors?.[0].message).not.toMatch(/undefined/);
    },
  );

  it("a document's other operation may use $from as a String: only the operation that runs is checked", async () => {
    const document = `query Levels($from: Date!) { serviceLevels(from: $from, to: "2026-03-31") { from } }
      query Search($from: String) { companies(search: $from, first: 1) { totalCount } }`;
    const response = await fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${graph.tokenFor("KEY_ACCOUNT_MANAGER")}` },
      body: JSON.stringify({ query: document, variables: { from: "acme" }, operationName: "Search" }),
    });
    const answer = await response.json();
    expect(answer.errors).toBeUndefined();
    expect(answer.data.companies.totalCount).toEqual(expect.any(Number));
  });
});

describe("a cursor continues only the list and filter that gave it out", () => {
  const COMPANIES = `query($search: String, $after: String) { companies(search: $search, first: 2, after: $after) { pageInfo { endCursor } edges { node { cvr } } } }`;
  const CANDIDATES = `query($after: String) { outreachCandidates(first: 2, after: $after) { pageInfo { endCursor } } }`;
  const CASES = `query($cvr: ID!, $department: Department, $after: String) { company(cvr: $cvr) { cases(department: $department, first: 1, after: $after) { pageInfo { endCursor } edges { node { id } } } } }`;
  const TIMELINE = `query($cvr: ID!, $after: String, $days: Int) { company(cvr: $cvr) { timeline(first: 1, after: $after, permitExpiringWithinDays: $days) { pageInfo { endCursor } } } }`;
  const ACCESS_LOG = `query($subjectCvr: ID, $after: String) { accessLog(subjectCvr: $subjectCvr, first: 1, after: $after) { pageInfo { endCursor } } }`;

  /** Companies with cases in BIF, TMF and another BIF company. */
  function companiesWithCases(): [string, string] {
    const bif = [...new Set((graph.world.cases.BIF as { cvr: string }[]).map((entry) => entry.cvr))];
    return [bif[0], bif[1]];
  }

  async function expectCursorRefused(actor: Parameters<Graph["queryAs"]>[0], document: string, variables: Record<string, unknown>) {
    const response = await graph.queryAs(actor, document, variables);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    expect(response.errors![0].message).toMatch(/^(Markøren hører til en anden liste|".*" er ikke en markør)/);
  }

  const endCursor = (response: { data?: any; errors?: unknown[] }, path: (data: any) => { pageInfo: { endCursor: string | null } }) => {
    expect(response.errors).toBeUndefined();
    const cursor = path(response.data).pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));
    return cursor!;
  };

  it("companies: a cursor of another search, or of the outreach list, is BAD_USER_INPUT", async () => {
    const ofSearch = endCursor(await graph.queryAs("FRONT_OFFICE", COMPANIES, { search: "a" }), (data) => data.companies);
    const ofAll = endCursor(await graph.queryAs("FRONT_OFFICE", COMPANIES, {}), (data) => data.companies);
    const ofCandidates = endCursor(await graph.queryAs("FRONT_OFFICE", CANDIDATES, {}), (data) => data.outreachCandidates);
    await expectCursorRefused("FRONT_OFFICE", COMPANIES, { search: "b", after: ofSearch });
    await expectCursorRefused("FRONT_OFFICE", COMPANIES, { after: ofSearch });
    await expectCursorRefused("FRONT_OFFICE", COMPANIES, { search: "a", after: ofAll });
    await expectCursorRefused("FRONT_OFFICE", COMPANIES, { after: ofCandidates });
    await expectCursorRefused("FRONT_OFFICE", CANDIDATES, { after: ofAll });
    // Its own list and filter continue as before.
    expect((await graph.queryAs("FRONT_OFFICE", COMPANIES, { search: "a", after: ofSearch })).errors).toBeUndefined();
    expect((await graph.queryAs("FRONT_OFFICE", COMPANIES, { search: " a ", after: ofSearch })).errors).toBeUndefined();
  });

  it("cases and timeline: a cursor of another company, another department filter or the other list is BAD_USER_INPUT", async () => {
    const [cvr, other] = companiesWithCases();
    const ofCases = endCursor(await graph.queryAs("KEY_ACCOUNT_MANAGER", CASES, { cvr }), (data) => data.company.cases);
    const ofBifCases = endCursor(
      await graph.queryAs("KEY_ACCOUNT_MANAGER", CASES, { cvr, department: "BIF" }),
      (data) => data.company.cases,
    );
    const ofTimeline = endCursor(await graph.queryAs("KEY_ACCOUNT_MANAGER", TIMELINE, { cvr }), (data) => data.company.timeline);
    await expectCursorRefused("KEY_ACCOUNT_MANAGER", CASES, { cvr: other, after: ofCases });
    await expectCursorRefused("KEY_ACCOUNT_MANAGER", CASES, { cvr, department: "TMF", after: ofBifCases });
    await expectCursorRefused("KEY_ACCOUNT_MANAGER", CASES, { cvr, after: ofBifCases });
    await expectCursorRefused("KEY_ACCOUNT_MANAGER", CASES, { cvr, after: ofTimeline });
    await expectCursorRefused("KEY_ACCOUNT_MANAGER", TIMELINE, { cvr, after: ofCases });
    await expectCursorRefused("KEY_ACCOUNT_MANAGER", TIMELINE, { cvr: other, after: ofTimeline });
    await expectCursorRefused("KEY_ACCOUNT_MANAGER", TIMELINE, { cvr, days: 5, after: ofTimeline });
    expect((await graph.queryAs("KEY_ACCOUNT_MANAGER", CASES, { cvr, department: "BIF", after: ofBifCases })).errors).toBeUndefined();
    expect((await graph.queryAs("KEY_ACCOUNT_MANAGER", TIMELINE, { cvr, after: ofTimeline })).errors).toBeUndefined();
  });

  it("the access log: a cursor of another subject is BAD_USER_INPUT", async () => {
    const [cvr] = companiesWithCases();
    const BIF_CASEWORKER = { role: "CASEWORKER", department: "BIF" } as const;
    // Two reads of personal data about the company, so its log has a second page.
    for (let read = 0; read < 2; read++)
      expect(
        (
          await graph.queryAs(
            BIF_CASEWORKER,
            `query($cvr: ID!) { company(cvr: $cvr) { cases(department: BIF, first: 100) { edges { node { ... on BifCase { details { ... on SickPayRefund { healthNote } ... on FlexJob { workCapacityNote } } } } } } } }`,
            { cvr },
          )
        ).errors,
      ).toBeUndefined();
    const ofAll = endCursor(await graph.queryAs("AUDITOR", ACCESS_LOG, {}), (data) => data.accessLog);
    await expectCursorRefused("AUDITOR", ACCESS_LOG, { subjectCvr: cvr, after: ofAll });
    expect((await graph.queryAs("AUDITOR", ACCESS_LOG, { after: ofAll })).errors).toBeUndefined();
  });

  it("a forged cursor whose key a database cannot hold is BAD_USER_INPUT, not an internal error", async () => {
    const genuine = endCursor(await graph.queryAs("FRONT_OFFICE", COMPANIES, {}), (data) => data.companies);
    const decoded = JSON.parse(Buffer.from(genuine, "base64url").toString("utf8"));
    const forge = (key: unknown[]) => Buffer.from(JSON.stringify(Array.isArray(decoded) ? key : { ...decoded, key })).toString("base64url");
    for (const key of [
      ["a\u0000b", "12345678"],
      ["\ud800", "12345678"],
    ])
      await expectCursorRefused("FRONT_OFFICE", COMPANIES, { after: forge(key) });
  });
});
