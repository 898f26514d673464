import { danishSortKey } from "../src/danish-text";
import { DATABASES, startTestCrm, type TestCrm } from "./support";

const NAMES = [
  "VVS-firmaet Anker ApS",
  "Vesterbro Revision ApS",
  "SpirTech A/S",
  "Spirshop ApS",
  "Café Ørsted",
  "Café Ågade",
  "Cafe Nord",
  "Æbleriet I/S",
  "Østerbro Bageri",
  "Åben Dør ApS",
  "Zebra Design",
  "Aarhus Vinhandel",
  "müller og søn",
];

const SEARCH = `query($search: String, $first: Int, $after: String) { companies(search: $search, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { cvr name } } } }`;

describe.each(DATABASES)("Danish order and accent-insensitive search on %s", (kind) => {
  let crm: TestCrm;
  const cvrs = NAMES.map((_, index) => String(90000000 + index));
  beforeAll(async () => {
    crm = await startTestCrm(kind);
    await crm.db.prisma.company.createMany({ data: NAMES.map((name, index) => ({ cvr: cvrs[index], name })) });
  });
  afterAll(() => crm?.close());

  it("keeps the generated sort key equal to the TypeScript folding for every company", async () => {
    const rows = await crm.db.prisma.company.findMany({ select: { name: true, nameSortKey: true } });
    expect(rows.length).toBeGreaterThan(NAMES.length);
    for (const row of rows) expect({ name: row.name, sort: row.nameSortKey }).toEqual({ name: row.name, sort: danishSortKey(row.name) });
  });

  it("finds Café when asked for Cafe, case-insensitively", async () => {
    const ours = new Set(cvrs);
    const names = async (search: string) =>
      (await crm.ok(SEARCH, { search, first: 100 })).companies.edges
        .filter((edge: any) => ours.has(edge.node.cvr))
        .map((edge: any) => edge.node.name);
    expect(await names("cafe")).toEqual(["Cafe Nord", "Café Ørsted", "Café Ågade"]);
    expect(await names("CAFÉ")).toEqual(await names("cafe"));
    expect(await names("ørsted")).toEqual(["Café Ørsted"]);
    expect(await names("muller")).toEqual(["müller og søn"]);
  });

  it("lists in Danish alphabetical order across pages: æ, ø, å after z, Spirshop before SpirTech, Vesterbro before VVS", async () => {
    const ours = new Set(cvrs);
    const listed: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await crm.ok(SEARCH, { first: 7, after })).companies;
      listed.push(...page.edges.filter((edge: any) => ours.has(edge.node.cvr)).map((edge: any) => edge.node.name));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(listed).toEqual([
      "Cafe Nord",
      "Café Ørsted",
      "Café Ågade",
      "müller og søn",
      "Spirshop ApS",
      "SpirTech A/S",
      "Vesterbro Revision ApS",
      "VVS-firmaet Anker ApS",
      "Zebra Design",
      "Æbleriet I/S",
      "Østerbro Bageri",
      "Åben Dør ApS",
      "Aarhus Vinhandel",
    ]);
    expect(listed).toEqual([...NAMES].sort(new Intl.Collator("da").compare));
  });
});
