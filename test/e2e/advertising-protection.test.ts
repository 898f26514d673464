/**
 * Through the gateway: advertising protection (reklamebeskyttelse) wherever
 * outreach starts, and secret (hemmelig) contact data from the CVR register in no answer.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { startGraph, type Graph } from "../harness/graph";

const CANDIDATES = readFileSync(join(__dirname, "..", "operations", "OutreachCandidates.graphql"), "utf8");
const RECORD = `mutation Record($input: RecordOutreachInput!) {
  recordOutreach(input: $input) { id advertisingProtected recordedBy { id } company { cvr advertisingProtected } basis { kind consentGivenAt consentHow legalReference } }
}`;

let graph: Graph;
let register: Graph["cvr"]["register"];
beforeAll(async () => {
  // The harness fills the CRM from the simulated register, as npm start does.
  graph = await startGraph();
  register = graph.cvr.register;
});
afterAll(() => graph?.stop());

const documentOf = (cvr: string) => register.company(cvr)!;
const protectedCvrs = () => graph.world.companies.map((company) => company.cvr).filter((cvr) => documentOf(cvr).reklamebeskyttet);
const codes = (response: { errors?: { extensions?: Record<string, any> }[] }) =>
  (response.errors ?? []).map((error) => error.extensions?.code);

describe("outreach to an advertising-protected company", () => {
  it("is flagged where a key account manager decides, and refused without a basis, Danish first, nothing written", async () => {
    const cvr = protectedCvrs()[0];
    expect(cvr).toBeDefined();
    const viewed = await graph.query(`query($cvr: ID!) { company(cvr: $cvr) { name advertisingProtected register { name } } }`, { cvr });
    expect(viewed.data!.company).toMatchObject({
      advertisingProtected: true,
      register: { name: documentOf(cvr).virksomhedMetadata.nyesteNavn!.navn },
    });

    const input = { idempotencyKey: "protected-1", cvr, channel: "VISIT", purpose: "Besøgsrunde: nye affaldsregler" };
    const refused = await graph.query(RECORD, { input });
    expect(refused.data).toBeNull();
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "ADVERTISING_PROTECTED", field: "basis" });
    expect(refused.errors![0].message).toContain("er reklamebeskyttet i CVR");
    const english = await graph.query(RECORD, { input }, { "accept-language": "en" });
    expect(english.errors![0].message).toContain("is advertising-protected in the CVR register");
    expect(await graph.crmDatabase.prisma.outreach.count({ where: { cvr } })).toBe(0);

    const consent = { kind: "CONSENT", consentGivenAt: "2026-10-28T14:00:00Z", consentHow: "Ringede selv og bad om et besøg" };
    const recorded = await graph.query(RECORD, { input: { ...input, basis: consent } });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordOutreach).toMatchObject({
      advertisingProtected: true,
      // The token's employee, not anyone the input could name.
      recordedBy: { id: graph.world.employees.find((employee) => employee.role === "key-account-manager")!.id },
      basis: { ...consent, consentGivenAt: "2026-10-28T14:00:00.000Z", legalReference: null },
    });
    const outreach = await graph.query(
      `query($cvr: ID!) { company(cvr: $cvr) { lastContactAt outreach { id basis { kind consentHow } } } }`,
      { cvr },
    );
    expect(outreach.data!.company.outreach).toEqual([
      { id: recorded.data!.recordOutreach.id, basis: { kind: "CONSENT", consentHow: consent.consentHow } },
    ]);
    expect(outreach.data!.company.lastContactAt).toBe(new Date(graph.world.now).toISOString());
  });
});

const REGISTER_INQUIRY = `mutation Register($input: RegisterInquiryInput!) { registerInquiry(input: $input) { id channel registeredBy { id } } }`;

describe("an outreach inquiry (registerInquiry, channel OUTREACH)", () => {
  const inquiry = (cvr: string, idempotencyKey: string, channel = "OUTREACH") => ({
    idempotencyKey,
    cvr,
    channel,
    topic: "Opsøgende besøg: vækstpotentiale",
    serviceId: "kes-growth-graduate",
  });

  it("on an advertising-protected company is refused until the outreach is recorded under a basis, Danish first, nothing written", async () => {
    const cvr = protectedCvrs()[1];
    const refused = await graph.query(REGISTER_INQUIRY, { input: inquiry(cvr, "outreach-inquiry-1") });
    expect(refused.data).toBeNull();
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "ADVERTISING_PROTECTED", field: "channel", cvr });
    expect(refused.errors![0].message).toContain("er reklamebeskyttet i CVR");
    expect(await graph.crmDatabase.prisma.inquiry.count({ where: { cvr } })).toBe(0);
    // An outreach recorded without a basis is refused itself, so it cannot open the way either.
    expect(
      codes(await graph.query(RECORD, { input: { idempotencyKey: "outreach-inquiry-no-basis", cvr, channel: "VISIT", purpose: "Besøg" } })),
    ).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await graph.query(REGISTER_INQUIRY, { input: inquiry(cvr, "outreach-inquiry-2") }))).toEqual(["BAD_USER_INPUT"]);

    // An inquiry the company started itself is no outreach: accepted as before.
    const ownInitiative = await graph.query(REGISTER_INQUIRY, { input: inquiry(cvr, "outreach-inquiry-phone", "PHONE") });
    expect(ownInitiative.errors).toBeUndefined();

    const basis = { kind: "LEGAL_BASIS", legalReference: "Erhvervsfremmeloven § 10" };
    expect(
      (await graph.query(RECORD, { input: { idempotencyKey: "outreach-inquiry-basis", cvr, channel: "VISIT", purpose: "Besøg", basis } }))
        .errors,
    ).toBeUndefined();
    const accepted = await graph.query(REGISTER_INQUIRY, { input: inquiry(cvr, "outreach-inquiry-3") });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.registerInquiry).toMatchObject({ channel: "OUTREACH" });
  });

  it("on an unprotected company is accepted; on a company the CRM does not know it is refused naming cvr", async () => {
    const unprotected = graph.world.companies.map((company) => company.cvr).find((cvr) => !documentOf(cvr).reklamebeskyttet)!;
    expect((await graph.query(REGISTER_INQUIRY, { input: inquiry(unprotected, "outreach-inquiry-unprotected") })).errors).toBeUndefined();
    const unknown = await graph.query(REGISTER_INQUIRY, {
      input: { ...inquiry("10000009", "outreach-inquiry-unknown"), companyName: "Ukendt ApS" },
    });
    expect(unknown.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "cvr" });
    expect(await graph.crmDatabase.prisma.company.count({ where: { cvr: "10000009" } })).toBe(0);
  });
});

describe("a legal basis's reference", () => {
  it.each([
    ["blank with a zero-width space", " \u200b "],
    ["zero-width and direction marks around nothing", "\u200b\u200c\u200d\u2060\ufeff\u202e\u00ad"],
    ["Hangul fillers and the braille blank, which render as nothing", "\u3164\u3164\u115f\u2800\uffa0 1"],
    ["punctuation only", "§§§ --- ..."],
    ["too short", "§ 8"],
    ["letters without a number", "Erhvervsfremmeloven"],
  ])("is BAD_USER_INPUT naming basis.legalReference when %s", async (_name, legalReference) => {
    const cvr = protectedCvrs()[2];
    const before = await graph.crmDatabase.prisma.outreach.count();
    const response = await graph.query(RECORD, {
      input: {
        idempotencyKey: `reference-${legalReference}`,
        cvr,
        channel: "LETTER",
        purpose: "Brev om nye regler",
        basis: { kind: "LEGAL_BASIS", legalReference },
      },
    });
    expect(response.data).toBeNull();
    expect(response.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "basis.legalReference" });
    expect(response.errors![0].message).toMatch(/^basis\.legalReference skal (være en egentlig henvisning|udfyldes)/);
    expect(await graph.crmDatabase.prisma.outreach.count()).toBe(before);
  });

  it("is stored as it reads, invisible characters removed", async () => {
    const cvr = protectedCvrs()[2];
    const response = await graph.query(RECORD, {
      input: {
        idempotencyKey: "reference-visible",
        cvr,
        channel: "LETTER",
        purpose: "Brev",
        basis: { kind: "LEGAL_BASIS", legalReference: "  Erhvervs\u200bfremmeloven\u00a0§\u202e 10 " },
      },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.recordOutreach.basis.legalReference).toBe("Erhvervsfremmeloven § 10");
  });
});

describe("bulk lists for campaigns and visit rounds", () => {
  it("never hold an advertising-protected or ceased company, and say how many were left out", async () => {
    const listed: string[] = [];
    let after: string | null = null;
    let page: any;
    do {
      const response: any = await graph.query(CANDIDATES, { first: 100, after });
      expect(response.errors).toBeUndefined();
      page = response.data.outreachCandidates;
      listed.push(...page.edges.map((edge: { node: { cvr: string; advertisingProtected: boolean } }) => edge.node.cvr));
      after = page.pageInfo.endCursor;
    } while (page.pageInfo.hasNextPage);
    const isProtected = new Set(protectedCvrs());
    const companies = await graph.crmDatabase.prisma.company.findMany({ select: { cvr: true, ceasedOn: true } });
    const ceased = new Set(companies.filter((company) => company.ceasedOn).map((company) => company.cvr));
    expect(isProtected.size).toBeGreaterThan(0);
    expect(listed.filter((cvr) => isProtected.has(cvr) || ceased.has(cvr))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(page.totalCount).toBe(listed.length);
    expect(page.advertisingProtectedLeftOut).toBe([...isProtected].filter((cvr) => !ceased.has(cvr)).length);
    expect(page.ceasedLeftOut).toBe(ceased.size);
    expect(listed.length + page.advertisingProtectedLeftOut + page.ceasedLeftOut).toBe(companies.length);
  });

  it("are for the front office and key account managers only: a partner gets none, whatever its grant names", async () => {
    const partner = {
      role: "PARTNER" as const,
      grant: {
        fields: [
          "Query.outreachCandidates",
          "OutreachCandidateConnection.totalCount",
          "OutreachCandidateConnection.edges",
          "CompanyEdge.node",
          "Company.name",
        ],
        operations: ["OutreachCandidates"],
      },
    };
    // A partner may send trusted documents only; this one is trusted (test/operations), and still refused.
    const response = await fetch(`${graph.gatewayBase}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${graph.tokenFor(partner)}` },
      body: JSON.stringify({
        variables: { first: 5 },
        extensions: { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update(CANDIDATES).digest("hex") } },
      }),
    });
    const body = (await response.json()) as any;
    expect(body.data?.outreachCandidates ?? null).toBeNull();
    expect(codes(body)).toEqual(["FORBIDDEN"]);
    for (const actor of ["CASEWORKER", "ANALYST", "AUDITOR"] as const) {
      const refused = await graph.queryAs(actor, CANDIDATES, { first: 5 });
      expect(refused.data?.outreachCandidates ?? null).toBeNull();
      expect(codes(refused)).toEqual(["FORBIDDEN"]);
    }
    const front = await graph.queryAs("FRONT_OFFICE", CANDIDATES, { first: 5 });
    expect(front.errors).toBeUndefined();
    const analyst = await graph.queryAs("ANALYST", RECORD, {
      input: { idempotencyKey: "analyst-1", cvr: graph.world.showcase.bicycleRetailer, channel: "PHONE", purpose: "x" },
    });
    expect(codes(analyst)).toEqual(["FORBIDDEN"]);
  });
});

describe("secret (hemmelig) contact data from the register", () => {
  const ADDRESS = "street postalCode city";
  const EVERYWHERE = `query Everywhere($cvr: ID!) {
    company(cvr: $cvr) {
      cvr name address { ${ADDRESS} }
      productionUnits { pNumber name address { ${ADDRESS} } }
      register {
        name secondaryNames phone email status
        address { street floor door careOf postalCode city municipality { code name } }
        addressHistory { street postalCode city }
        productionUnits { pNumber name address { street postalCode city } }
      }
      contacts { name role email phone }
      keyAccountManager { name email phone }
      municipalContacts { contacts { name email } }
      outreach { purpose basis { consentHow legalReference } recordedBy { email phone } }
      timeline(first: 100) { edges { node { summary } } }
      alerts { messages }
      lastContactAt
    }
  }`;

  /** Every string in an answer, as a person would read it and with only its digits (a phone written +45 12 34 56 78). */
  function strings(value: unknown, into: string[] = []): string[] {
    if (typeof value === "string") into.push(value, value.replace(/^\+45/, "").replace(/\D/g, ""));
    else if (Array.isArray(value)) for (const item of value) strings(item, into);
    else if (value && typeof value === "object") for (const item of Object.values(value)) strings(item, into);
    return into;
  }

  it("never appears in the register data, contacts, company view, outreach, search or outreach lists", async () => {
    const secrets = graph.world.companies.flatMap((company) => {
      const document = documentOf(company.cvr);
      return [...document.telefonNummer, ...document.elektroniskPost]
        .filter((entry) => entry.hemmelig)
        .map((entry) => ({ cvr: company.cvr, value: entry.kontaktoplysning }));
    });
    expect(secrets.length).toBeGreaterThan(10);
    const secretValues = new Set(secrets.map((secret) => secret.value.toLowerCase()));
    const leaks = (answer: unknown) =>
      strings(answer).filter(
        (text) =>
          text &&
          [...secretValues].some(
            (secret) => text.toLowerCase() === secret || (secret.includes("@") && text.toLowerCase().includes(secret)),
          ),
      );

    // An outreach to each of a few of them, so the outreach answers hold something to look at.
    for (const [index, secret] of secrets.slice(0, 5).entries()) {
      const basis = documentOf(secret.cvr).reklamebeskyttet
        ? { kind: "LEGAL_BASIS", legalReference: "Lov om erhvervsfremme § 8" }
        : undefined;
      const recorded = await graph.query(RECORD, {
        input: { idempotencyKey: `secret-${index}`, cvr: secret.cvr, channel: "PHONE", purpose: "Opfølgning på tilladelse", basis },
      });
      expect(recorded.errors).toBeUndefined();
      expect(leaks(recorded.data)).toEqual([]);
    }
    for (const cvr of new Set(secrets.map((secret) => secret.cvr))) {
      const answer = await graph.query(EVERYWHERE, { cvr });
      expect(answer.errors).toBeUndefined();
      expect(leaks(answer.data)).toEqual([]);
    }
    for (const secret of secrets) {
      const search = await graph.query(
        `query($search: String) { companies(search: $search, first: 100) { edges { node { cvr name register { phone email } contacts { email phone } } } } }`,
        { search: secret.value },
      );
      expect(search.errors).toBeUndefined();
      expect(leaks(search.data)).toEqual([]);
    }
    let after: string | null = null;
    do {
      const page: any = await graph.query(
        `query($after: String) { outreachCandidates(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { cvr register { phone email } contacts { email phone } } } } }`,
        { after },
      );
      expect(page.errors).toBeUndefined();
      expect(leaks(page.data)).toEqual([]);
      after = page.data.outreachCandidates.pageInfo.hasNextPage ? page.data.outreachCandidates.pageInfo.endCursor : null;
    } while (after);
  });
});
