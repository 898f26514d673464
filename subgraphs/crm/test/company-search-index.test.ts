/**
 * companies(search:) finds a company by its secondary names (binavne) and by the
 * P-number of any of its production units from the register, through indexes on PGlite as on
 * PostgreSQL (the plan is read with sequential scans priced out, so a tiny table cannot hide a
 * missing index).
 */
import { Prisma } from "../src/generated/prisma/client.js";
import { searchCondition } from "../src/company/search";
import { CVR } from "./fixtures";
import { DATABASES, startTestCrm, type TestCrm } from "./support";

const SEARCH = `query Search($search: String) { companies(search: $search, first: 100) { totalCount edges { node { cvr } } } }`;

describe.each(DATABASES)("company search by register data on %s", (kind) => {
  let crm: TestCrm;
  beforeAll(async () => {
    crm = await startTestCrm(kind);
    // As the CVR sync stores them (src/services/cvr/register-record.ts): only the secondary names matter here.
    await crm.db.prisma.company.update({
      where: { cvr: CVR.bikes },
      data: { registerRecord: { secondaryNames: ["Nørrebro Cykelværksted", "Søndre Cykelcafé"] } },
    });
    await crm.db.prisma.productionUnit.update({ where: { pNumber: "1017000003" }, data: { active: false } });
  });
  afterAll(() => crm?.close());

  const found = async (search: string) =>
    (await crm.ok(SEARCH, { search })).companies.edges.map((edge: { node: { cvr: string } }) => edge.node.cvr);

  it("finds a company by a secondary name in any case and without accents, and follows a change of them", async () => {
    expect(await found("CYKELVÆRKSTED")).toEqual([CVR.bikes]);
    expect(await found("søndre cykelcafe")).toEqual([CVR.bikes]);
    await crm.db.prisma.company.update({ where: { cvr: CVR.bikes }, data: { registerRecord: { secondaryNames: [] } } });
    expect(await found("cykelværksted")).toEqual([]);
    await crm.db.prisma.company.update({
      where: { cvr: CVR.bikes },
      data: { registerRecord: { secondaryNames: ["Nørrebro Cykelværksted"] } },
    });
  });

  it("finds a company by the P-number of any of its production units, a ceased one too", async () => {
    expect(await found("1017000002")).toEqual([CVR.bikes]);
    expect(await found("1017000003")).toEqual([CVR.bikes]);
    expect(await found("101700000")).toEqual(expect.arrayContaining([CVR.architect, CVR.bikes, CVR.factory]));
  });

  const plan = (query: (tx: Prisma.TransactionClient) => Promise<{ "QUERY PLAN": string }[]>) =>
    crm.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return (await query(tx)).map((row) => row["QUERY PLAN"]).join("\n");
    });

  it("answers a secondary-name search from the trigram index, with no sequential scan", async () => {
    const condition = await searchCondition(crm.db.prisma, "cykelværksted");
    const text = await plan((tx) => tx.$queryRaw`EXPLAIN SELECT "cvr" FROM "Company" WHERE ${condition}`);
    expect(text).toContain("Company_spellingSearch_trgm_idx");
    expect(text).not.toContain("Seq Scan");
  });

  it("answers a P-number search from the production units' trigram index, and the companies by key", async () => {
    const units = await plan(
      (tx) => tx.$queryRaw`EXPLAIN SELECT DISTINCT "cvr" FROM "ProductionUnit" WHERE "pNumber" LIKE ${"1017000003%"}`,
    );
    // The trigram index, or the primary key's B-tree where the server's collation lets it serve a prefix (PGlite's C locale).
    expect(units).toMatch(/Index Scan (on|using) "ProductionUnit_(pNumber_trgm_idx|pkey)"/);
    expect(units).not.toContain("Seq Scan");
    const condition = await searchCondition(crm.db.prisma, "1017000003");
    const companies = await plan((tx) => tx.$queryRaw`EXPLAIN SELECT "cvr" FROM "Company" WHERE ${condition}`);
    expect(companies).not.toContain("Seq Scan");
  });
});
