import { generateWorld } from "@company-graph/mocks";
import { danishSortKey, searchText } from "../src/danish-text";

const byKey = (a: string, b: string) => (danishSortKey(a) < danishSortKey(b) ? -1 : danishSortKey(a) > danishSortKey(b) ? 1 : 0);

describe("Danish sort key and search text", () => {
  it("orders like Intl.Collator('da'): æ, ø, å after z, aa as å, case-insensitive", () => {
    const names = [
      "Zebra",
      "Æble",
      "Øl",
      "Ål",
      "Aarhus",
      "Vesterbro Revision ApS",
      "VVS-firmaet Anker",
      "SpirTech",
      "Spirshop",
      "Café Nord",
      "Cafe Alfa",
      "alfa",
    ];
    expect([...names].sort(byKey)).toEqual([
      "alfa",
      "Cafe Alfa",
      "Café Nord",
      "Spirshop",
      "SpirTech",
      "Vesterbro Revision ApS",
      "VVS-firmaet Anker",
      "Zebra",
      "Æble",
      "Øl",
      "Ål",
      "Aarhus",
    ]);
    expect([...names].sort(byKey)).toEqual([...names].sort(new Intl.Collator("da").compare));
  });

  it("agrees with Intl.Collator('da') on every name of the demo world, wherever the keys differ", () => {
    const collator = new Intl.Collator("da");
    const names = generateWorld({ profile: "small" }).companies.map((company) => company.name);
    const sorted = [...names].sort(byKey);
    const disagreements = sorted
      .slice(1)
      .flatMap((name, index) =>
        danishSortKey(sorted[index]) !== danishSortKey(name) && collator.compare(sorted[index], name) > 0 ? [[sorted[index], name]] : [],
      );
    expect(disagreements).toEqual([]);
  });

  it("folds case and accents for search, keeping æ, ø and å", () => {
    expect(searchText("Café")).toBe(searchText("CAFE"));
    expect(searchText("Søren Ærø Åby Müller")).toBe("søren ærø åby muller");
  });
});
