import { decodeCursor, encodeCursor, paginate, requirePageSize } from "../src/pagination";
import { companyAfter, companyCursor } from "../src/company/resolvers";

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return undefined;
};

const COMPANIES = { list: "companies", filter: { search: null } };

describe("pagination", () => {
  it("gives back the sort key a cursor was made from", () => {
    expect(decodeCursor(COMPANIES, encodeCursor(COMPANIES, ["Æblegården", "12345678"]))).toEqual(["Æblegården", "12345678"]);
    expect(companyAfter(COMPANIES, companyCursor(COMPANIES, { nameSortKey: "aeblegaarden", cvr: "12345678" }))).toEqual({
      sortKey: "aeblegaarden",
      cvr: "12345678",
    });
  });

  it("refuses a cursor it did not give out, or one of another list, as bad input", () => {
    expect(codeOf(() => decodeCursor(COMPANIES, "not a cursor"))).toBe("BAD_USER_INPUT");
    expect(codeOf(() => companyAfter(COMPANIES, encodeCursor(COMPANIES, ["2026-01-01T00:00:00.000Z", "a", "b"])))).toBe("BAD_USER_INPUT");
  });

  it("continues only the list and filter that gave the cursor out, whatever the order of the filter's keys", () => {
    const cursor = encodeCursor({ list: "Company(12345678).cases", filter: { department: "BIF", open: true } }, [
      "2026-01-01T00:00:00.000Z",
      "case-1",
    ]);
    expect(decodeCursor({ list: "Company(12345678).cases", filter: { open: true, department: "BIF" } }, cursor)).toEqual([
      "2026-01-01T00:00:00.000Z",
      "case-1",
    ]);
    for (const scope of [
      { list: "Company(12345678).timeline", filter: { department: "BIF", open: true } },
      { list: "Company(87654321).cases", filter: { department: "BIF", open: true } },
      { list: "Company(12345678).cases", filter: { department: "TMF", open: true } },
      { list: "Company(12345678).cases", filter: { department: "BIF", open: null } },
    ])
      expect(codeOf(() => decodeCursor(scope, cursor))).toBe("BAD_USER_INPUT");
  });

  it("refuses a forged cursor whose key a database cannot hold", () => {
    for (const key of [
      ["a\u0000", "12345678"],
      ["\ud800", "12345678"],
      [1, "12345678"],
    ]) {
      const forged = Buffer.from(
        JSON.stringify({
          ...JSON.parse(Buffer.from(companyCursor(COMPANIES, { nameSortKey: "a", cvr: "12345678" }), "base64url").toString()),
          key,
        }),
      ).toString("base64url");
      expect(codeOf(() => companyAfter(COMPANIES, forged))).toBe("BAD_USER_INPUT");
    }
  });

  it("allows pages of 0 to 100 items, for every list", () => {
    expect(requirePageSize(0)).toBe(0);
    expect(requirePageSize(100)).toBe(100);
    for (const first of [-1, 101, 1.5]) expect(codeOf(() => requirePageSize(first))).toBe("BAD_USER_INPUT");
  });

  it("continues after the cursor's item", () => {
    const items = ["a", "b", "c"];
    const options = {
      scope: { list: "letters", filter: {} },
      keyOf: (item: string) => [item],
      compare: (x: string[], y: string[]) => x[0].localeCompare(y[0]),
    };
    const first = paginate(items, { ...options, first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(paginate(items, { ...options, first: 2, after: first.pageInfo.endCursor }).edges.map((edge) => edge.node)).toEqual(["c"]);
  });
});
