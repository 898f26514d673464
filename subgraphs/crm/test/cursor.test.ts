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

describe("pagination", () => {
  it("gives back the sort key a cursor was made from", () => {
    expect(decodeCursor(encodeCursor(["Æblegården", "12345678"]))).toEqual(["Æblegården", "12345678"]);
    expect(companyAfter(companyCursor({ nameSortKey: "aeblegaarden", cvr: "12345678" }))).toEqual({ sortKey: "aeblegaarden", cvr: "12345678" });
  });

  it("refuses a cursor it did not give out, or one of another list, as bad input", () => {
    expect(codeOf(() => decodeCursor("not a cursor"))).toBe("BAD_USER_INPUT");
    expect(codeOf(() => companyAfter(encodeCursor(["2026-01-01T00:00:00.000Z", "a", "b"])))).toBe("BAD_USER_INPUT");
  });

  it("allows pages of 0 to 100 items, for every list", () => {
    expect(requirePageSize(0)).toBe(0);
    expect(requirePageSize(100)).toBe(100);
    for (const first of [-1, 101, 1.5]) expect(codeOf(() => requirePageSize(first))).toBe("BAD_USER_INPUT");
  });

  it("continues after the cursor's item", () => {
    const items = ["a", "b", "c"];
    const options = { keyOf: (item: string) => [item], compare: (x: string[], y: string[]) => x[0].localeCompare(y[0]) };
    const first = paginate(items, { ...options, first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(paginate(items, { ...options, first: 2, after: first.pageInfo.endCursor }).edges.map((edge) => edge.node)).toEqual(["c"]);
  });
});
