import { CVR, FILLER_CVRS, FIXTURE_WORLD } from "./fixtures";
import { ADD_CONTACT } from "./operations";
import { DATABASES, onlyError, startTestCrm, type TestCrm } from "./support";

const COMPANIES = `query Companies($search: String, $first: Int, $after: String) {
  companies(search: $search, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { cvr name } }
  }
}`;

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Company { cvr name companyForm sizeBand employees advertisingProtected segment industry { code text codeSystem } address { street postalCode city } productionUnits { pNumber } }
  }
}`;

describe.each(DATABASES)("companies on %s", (kind) => {
  let crm: TestCrm;
  beforeAll(async () => {
    crm = await startTestCrm(kind);
  });
  afterAll(() => crm?.close());

  const search = async (variables: Record<string, unknown>) => (await crm.ok(COMPANIES, variables)).companies;
  const names = (page: { edges: { node: { name: string } }[] }) => page.edges.map((edge) => edge.node.name);

  it("searches name, CVR number, P-number and industry code or text", async () => {
    expect(names(await search({ search: "cykelsmeden" }))).toEqual(["Cykelsmeden ApS"]);
    expect(names(await search({ search: CVR.factory }))).toEqual(["Nordhavn Produktion A/S"]);
    expect(names(await search({ search: CVR.factory.slice(0, 6), first: 100 }))).toContain("Nordhavn Produktion A/S");
    expect(names(await search({ search: "1017000003" }))).toEqual(["Cykelsmeden ApS"]);
    // A P-number prefix from 4 digits; shorter ones would match every company.
    expect(names(await search({ search: "101700000", first: 100 }))).toContain("Cykelsmeden ApS");
    expect(names(await search({ search: "711100" }))).toEqual(["Arkitekt Anna Holm"]);
    expect(names(await search({ search: "arkitektvirksomhed" }))).toEqual(["Arkitekt Anna Holm"]);
    expect((await search({ search: "caféer" })).totalCount).toBe(30);
    expect((await search({ search: "no such company" })).totalCount).toBe(0);
    // What the user types is text, not a pattern: LIKE's wildcards match only themselves.
    expect((await search({ search: "%" })).totalCount).toBe(0);
    expect((await search({ search: "_" })).totalCount).toBe(0);
  });

  it("pages through a search with cursors: the same companies as one page, in name order", async () => {
    const all = await search({ search: "caféer", first: 100 });
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await search({ search: "caféer", first: 7, after });
      expect(page.totalCount).toBe(all.totalCount);
      paged.push(...names(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(names(all));
    expect(paged).toHaveLength(30);
  });

  it("pages through every company with opaque cursors, ordered by name", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = await search({ first: 7, after });
      pages++;
      expect(page.totalCount).toBe(FIXTURE_WORLD.companies.length);
      seen.push(...page.edges.map((edge: { node: { cvr: string } }) => edge.node.cvr));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      expect(after).not.toMatch(/\d{8}/); // opaque: the CVR number is not visible
    }
    expect(pages).toBe(Math.ceil(FIXTURE_WORLD.companies.length / 7));
    expect(new Set(seen).size).toBe(FIXTURE_WORLD.companies.length);
    const expected = [...FIXTURE_WORLD.companies]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.cvr < b.cvr ? -1 : 1))
      .map((c) => c.cvr);
    expect(seen).toEqual(expected);

    // A search pages the same way.
    const first = await search({ search: "Filler", first: 50 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await search({ search: "Filler", first: 50, after: first.pageInfo.endCursor });
    expect(second.edges).toHaveLength(FILLER_CVRS.length - 50);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it("rejects first above 100 or below 0, and a cursor it did not issue", async () => {
    expect(onlyError(await crm.execute(COMPANIES, { first: 101 })).extensions).toEqual({ code: "BAD_USER_INPUT", field: "first" });
    expect(onlyError(await crm.execute(COMPANIES, { first: -1 })).extensions).toEqual({ code: "BAD_USER_INPUT", field: "first" });
    expect(onlyError(await crm.execute(COMPANIES, { after: "not-a-cursor" })).extensions).toEqual({
      code: "BAD_USER_INPUT",
      field: "after",
    });
    expect((await search({ first: 100 })).edges).toHaveLength(FIXTURE_WORLD.companies.length);
    expect(await search({ first: 0 })).toMatchObject({
      edges: [],
      totalCount: FIXTURE_WORLD.companies.length,
      pageInfo: { hasNextPage: true, endCursor: null },
    });
  });

  it("resolves Company entities for the gateway: 50 representations, one batched query", async () => {
    const cvrs = FIXTURE_WORLD.companies.slice(0, 50).map((company) => company.cvr);
    crm.batches.length = 0;
    const { _entities } = await crm.ok(ENTITIES, { representations: cvrs.map((cvr) => ({ __typename: "Company", cvr })) });
    expect(_entities.map((entity: { cvr: string }) => entity.cvr)).toEqual(cvrs);
    expect(_entities[0]).toEqual({
      cvr: CVR.architect,
      name: "Arkitekt Anna Holm",
      companyForm: "Enkeltmandsvirksomhed",
      sizeBand: "ANTAL_1_1",
      employees: 1,
      advertisingProtected: true,
      segment: "entrepreneur",
      industry: { code: "711100", text: "Arkitektvirksomhed", codeSystem: "DB07" },
      address: { street: "Vesterbrogade 10", postalCode: "1620", city: "København V" },
      productionUnits: [{ pNumber: "1017000001" }],
    });
    // One company batch for 50 companies, one production-unit batch for their 50 lists.
    expect(crm.batches).toEqual([
      ["company", 50],
      ["productionUnitsByCvr", 50],
    ]);
  });

  it("shares loaders between the fetches of one read-only gateway operation, and a write ends the sharing", async () => {
    const contacts = `query Contacts($r: [_Any!]!) { _entities(representations: $r) { ... on Company { contacts { name } } } }`;
    const representations = [{ __typename: "Company", cvr: CVR.bikes }];
    const names = async (operationId: string) =>
      ((await crm.ok(contacts, { r: representations }, operationId))._entities[0].contacts as { name: string }[]).map((c) => c.name);
    const loaded = () => crm.batches.filter(([loader]) => loader === "company" || loader === "contactsByCvr").length;

    crm.batches.length = 0;
    const before = await names("operation-1");
    expect(loaded()).toBe(2);
    // The operation's second fetch: the company and its contacts are already loaded.
    expect(await names("operation-1")).toEqual(before);
    expect(loaded()).toBe(2);
    // Another operation loads for itself.
    await names("operation-2");
    expect(loaded()).toBe(4);

    // A write inside operation-1 (a mutation fetch): its later fetches read afresh and see the write.
    const added = { idempotencyKey: "scope-write", cvr: CVR.bikes, name: "Åse Efter", consent: false };
    expect((await crm.execute(ADD_CONTACT, { input: added }, "operation-1")).errors).toBeUndefined();
    expect(await names("operation-1")).toEqual(expect.arrayContaining([...before, "Åse Efter"]));
  });

  it("answers null for representations of companies it does not know or invalid CVR numbers", async () => {
    const { _entities } = await crm.ok(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Company { cvr name } } }`, {
      r: [
        { __typename: "Company", cvr: CVR.bikes },
        { __typename: "Company", cvr: "12345678" },
        { __typename: "Company", cvr: FILLER_CVRS[0] },
      ],
    });
    expect(_entities).toEqual([{ cvr: CVR.bikes, name: "Cykelsmeden ApS" }, null, expect.objectContaining({ cvr: FILLER_CVRS[0] })]);
  });

  it("lists employees, optionally by unit", async () => {
    const { employees } = await crm.ok(
      `{ employees(unit: "kes-startup-growth") { id name email role unit { id name kind department servicePackage { id } } } }`,
    );
    expect(employees.map((e: { name: string }) => e.name)).toEqual(["Gitte Grow", "Søren Starter"]);
    expect(employees[0].unit).toEqual({
      id: "kes-startup-growth",
      name: "Virksomhedsteam opstart og vækst",
      kind: "CONSULTANT_TEAM",
      department: "BIF",
      servicePackage: { id: "startup" },
    });
    expect((await crm.ok(`{ employees { id } }`)).employees).toHaveLength(FIXTURE_WORLD.employees.length);
    const { servicePackages } = await crm.ok(`{ servicePackages { id services { id } } }`);
    expect(servicePackages.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(["startup", "growth", "hr"]));
    expect(servicePackages.find((p: { id: string }) => p.id === "hr").services).toHaveLength(20);
  });
});
