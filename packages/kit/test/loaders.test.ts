import { groupedLoader, keyedLoader } from "../src/batch-loader";
import { createDepartmentLoaders } from "../src/department/loaders";
import type { CaseSystemClient, SourceCase } from "../src/department/source-contract";

const sourceCase = (id: string, cvr: string) => ({ id, cvr }) as SourceCase;

function countingClient(cases: SourceCase[]) {
  const calls: { method: string; keys: readonly string[] }[] = [];
  const client: CaseSystemClient = {
    department: "BIF",
    recordsOfCompanies: async (cvrs) => (
      calls.push({ method: "recordsOfCompanies", keys: cvrs }),
      { cases: cases.filter((c) => cvrs.includes(c.cvr)), permits: [] }
    ),
    casesById: async (ids) => (calls.push({ method: "casesById", keys: ids }), cases.filter((c) => ids.includes(c.id))),
    serviceLevelStatistics: async () => {
      throw new Error("not used by the loaders");
    },
  };
  return { client, calls };
}

describe("batch loaders", () => {
  it("groups many items per key from one batch call", async () => {
    const fetchBatch = jest.fn(async (keys: readonly string[]) =>
      keys.flatMap((key) => [
        { key, n: 1 },
        { key, n: 2 },
      ]),
    );
    const loader = groupedLoader(fetchBatch, (item) => item.key, { name: "test.grouped" });
    const [a, b, c] = await Promise.all([loader.load("a"), loader.load("b"), loader.load("c")]);
    expect(fetchBatch).toHaveBeenCalledTimes(1);
    expect(a.map((item) => item.n)).toEqual([1, 2]);
    expect([b.length, c.length]).toEqual([2, 2]);
  });

  it("splits batches at the source's maximum", async () => {
    const fetchBatch = jest.fn(async (keys: readonly string[]) => keys.map((key) => ({ key })));
    const loader = keyedLoader(fetchBatch, (item) => item.key, { name: "test.keyed", maxBatchSize: 500 });
    await Promise.all(Array.from({ length: 1200 }, (_, i) => loader.load(String(i))));
    expect(fetchBatch.mock.calls.map(([keys]) => keys.length)).toEqual([500, 500, 200]);
  });

  it("resolves a missing item to null", async () => {
    const loader = keyedLoader(
      async () => [],
      (item: { key: string }) => item.key,
      { name: "test.empty" },
    );
    await expect(loader.load("nothing")).resolves.toBeNull();
  });
});

describe("department loaders", () => {
  it("serve cases by id from the company lookup without a second call", async () => {
    const { client, calls } = countingClient([sourceCase("BIF-1", "13748136"), sourceCase("BIF-2", "13748136")]);
    const loaders = createDepartmentLoaders(client);
    await loaders.recordsByCvr.load("13748136");
    const byId = await Promise.all([loaders.caseById.load("BIF-1"), loaders.caseById.load("BIF-2")]);
    expect(byId.map((c) => c?.id)).toEqual(["BIF-1", "BIF-2"]);
    expect(calls).toEqual([{ method: "recordsOfCompanies", keys: ["13748136"] }]);
  });

  it("make one call for fifty companies", async () => {
    const { client, calls } = countingClient([]);
    const loaders = createDepartmentLoaders(client);
    await Promise.all(Array.from({ length: 50 }, (_, i) => loaders.recordsByCvr.load(`cvr-${i}`)));
    expect(calls).toHaveLength(1);
    expect(calls[0].keys).toHaveLength(50);
  });
});
