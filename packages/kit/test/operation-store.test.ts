import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { createDepartmentLoaders } from "../src/department/loaders";
import type { CaseSystemClient, SourceCase } from "../src/department/source-contract";
import { operationScopes, OperationScopes, SharedOperationScopes } from "../src/operation-scope";
import { redisUrl, RedisOperationStore } from "../src/operation-store";
import { redirectLogs } from "../src/observability/logger";

/**
 * Two replicas of one subgraph share an operation's state through Redis (the machine's server on
 * 127.0.0.1:6379, REDIS_URL to point elsewhere): what one read from the department system the
 * other finds. Each test runs under its own key prefix.
 */
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

function countingClient(cases: SourceCase[]) {
  const calls: string[] = [];
  const client: CaseSystemClient = {
    department: "BIF",
    recordsOfCompanies: async (cvrs) => (
      calls.push(`records ${cvrs.join(",")}`),
      { cases: cases.filter((c) => cvrs.includes(c.cvr)), permits: [] }
    ),
    casesById: async (ids) => (calls.push(`cases ${ids.join(",")}`), cases.filter((c) => ids.includes(c.id))),
    serviceLevelStatistics: async () => {
      throw new Error("not used by the loaders");
    },
  };
  return { client, calls };
}

const openedAt = new Date("2026-10-01T08:00:00Z");
const sourceCase = (id: string, cvr: string) => ({ id, cvr, openedAt, details: { amounts: [1, 2] } }) as unknown as SourceCase;

describe("per-operation state shared by replicas (Redis)", () => {
  const stores: RedisOperationStore[] = [];
  let keyPrefix: string;
  const replica = (client: CaseSystemClient) => {
    const store = RedisOperationStore.connect(REDIS_URL, { service: "bif", keyPrefix, ttlMs: 5_000 });
    stores.push(store);
    return new SharedOperationScopes((shared) => createDepartmentLoaders(client, shared), store, "bif");
  };
  beforeEach(() => {
    keyPrefix = `test-operation-${randomUUID()}`;
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it("lets the other replica complete the cases the first read, without a second call to the system", async () => {
    const { client, calls } = countingClient([sourceCase("BIF-1", "13748136"), sourceCase("BIF-2", "13748136")]);
    const [first, second] = [replica(client), replica(client)];
    const operationId = randomUUID();
    await (await first.get(operationId)).recordsByCvr.load("13748136");
    const completed = await Promise.all(["BIF-1", "BIF-2"].map(async (id) => (await second.get(operationId)).caseById.load(id)));
    expect(completed.map((c) => c?.id)).toEqual(["BIF-1", "BIF-2"]);
    // Serialized with V8's structured clone: a Date stays a Date, nested values survive.
    expect(completed[0]).toEqual(sourceCase("BIF-1", "13748136"));
    expect(Object.prototype.toString.call((completed[0] as unknown as { openedAt: Date }).openedAt)).toBe("[object Date]");
    expect(calls).toEqual(["records 13748136"]);
  });

  it("keeps operations and subgraphs apart", async () => {
    const { client, calls } = countingClient([sourceCase("BIF-1", "13748136")]);
    const store = RedisOperationStore.connect(REDIS_URL, { service: "bif", keyPrefix });
    stores.push(store);
    const bif = new SharedOperationScopes((shared) => createDepartmentLoaders(client, shared), store, "bif");
    const tmf = new SharedOperationScopes((shared) => createDepartmentLoaders(client, shared), store, "tmf");
    const operationId = randomUUID();
    await (await bif.get(operationId)).recordsByCvr.load("13748136");
    await (await bif.get(randomUUID())).caseById.load("BIF-1");
    await (await tmf.get(operationId)).caseById.load("BIF-1");
    expect(calls).toEqual(["records 13748136", "cases BIF-1", "cases BIF-1"]);
  });

  it("ends the sharing when a fetch of the operation may write", async () => {
    const { client, calls } = countingClient([sourceCase("BIF-1", "13748136")]);
    const [first, second] = [replica(client), replica(client)];
    const operationId = randomUUID();
    await (await first.get(operationId)).recordsByCvr.load("13748136");
    await second.get(operationId, false);
    await (await first.get(operationId)).caseById.load("BIF-1");
    expect(calls).toEqual(["records 13748136", "cases BIF-1"]);
  });

  it("gives fresh state to a fetch without an operation id", async () => {
    const { client, calls } = countingClient([sourceCase("BIF-1", "13748136")]);
    const scopes = replica(client);
    await (await scopes.get(undefined)).recordsByCvr.load("13748136");
    await (await scopes.get(undefined)).caseById.load("BIF-1");
    expect(calls).toEqual(["records 13748136", "cases BIF-1"]);
  });

  it("reads the source when Redis is unreachable: slower, never wrong, and says so as the subgraph's own service", async () => {
    const lines: string[] = [];
    const restore = redirectLogs({ write: (line) => void lines.push(line) }, "warn");
    const { client, calls } = countingClient([sourceCase("BIF-1", "13748136")]);
    // Nothing listens on port 1: every command fails at once.
    const store = new RedisOperationStore(
      new Redis("redis://127.0.0.1:1", {
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        lazyConnect: true,
        retryStrategy: () => null,
      }),
      { service: "bif" },
    );
    stores.push(store);
    const scopes = new SharedOperationScopes((shared) => createDepartmentLoaders(client, shared), store, "bif");
    const operationId = randomUUID();
    const records = await (await scopes.get(operationId)).recordsByCvr.load("13748136");
    expect(records.cases.map((c) => c.id)).toEqual(["BIF-1"]);
    await expect((await scopes.get(operationId)).caseById.load("BIF-1")).resolves.toMatchObject({ id: "BIF-1" });
    expect(calls).toEqual(["records 13748136", "cases BIF-1"]);
    restore();
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ service: "bif", component: "operation-store", level: "warn" }),
    );
  });
});

describe("choosing where per-operation state lives", () => {
  it("keeps it in the process without a store, in the store with one", async () => {
    expect(operationScopes(() => ({}), { audience: "bif" })).toBeInstanceOf(OperationScopes);
    const store = new RedisOperationStore(new Redis(REDIS_URL, { lazyConnect: true }), { service: "bif" });
    const shared = operationScopes(() => ({}), { audience: "bif", store });
    expect(shared).toBeInstanceOf(SharedOperationScopes);
    shared.close();
  });

  it("accepts only a redis:// URL for REDIS_URL, and nothing for unset", () => {
    expect(redisUrl().parse("redis://redis:6379/0")).toBe("redis://redis:6379/0");
    expect(redisUrl().parse("")).toBeUndefined();
    expect(redisUrl().parse(undefined)).toBeUndefined();
    expect(() => redisUrl().parse("http://redis:6379")).toThrow();
  });
});
