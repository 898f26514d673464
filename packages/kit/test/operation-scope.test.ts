import { OperationScopes } from "../src/operation-scope";
import { isReadOnly } from "../src/server";

describe("operation scopes", () => {
  let scopes: OperationScopes<{ created: number }>;
  let created = 0;
  // A clock the tests move: nothing here depends on how long the run takes.
  let now = 1_000_000;
  beforeEach(() => {
    created = 0;
    now = 1_000_000;
    scopes = new OperationScopes(
      () => ({ created: ++created }),
      60_000,
      3,
      () => now,
    );
  });
  afterEach(() => scopes.close());

  it("shares state between fetches of one operation", () => {
    expect(scopes.get("op-1")).toBe(scopes.get("op-1"));
    expect(scopes.get("op-2")).not.toBe(scopes.get("op-1"));
  });

  it("gives fresh state to requests without an operation id", () => {
    expect(scopes.get(undefined)).not.toBe(scopes.get(undefined));
    expect(scopes.size).toBe(0);
  });

  it("forgets an operation after its time to live", () => {
    const shortLived = new OperationScopes(
      () => ({ created: ++created }),
      20,
      10,
      () => now,
    );
    const first = shortLived.get("op-1");
    now += 19;
    expect(shortLived.get("op-1")).toBe(first);
    now += 100;
    expect(shortLived.get("op-1")).not.toBe(first);
    shortLived.close();
  });

  it("sweeps expired operations in the background, without waiting for a lookup", () => {
    jest.useFakeTimers();
    try {
      const swept = new OperationScopes(
        () => ({ created: ++created }),
        20_000,
        10,
        () => now,
      );
      swept.get("op-1");
      // Past its time to live: lru-cache counts a scope stale once more than the TTL has passed.
      now += 20_001;
      expect(swept.size).toBe(1);
      // The sweep runs every half time-to-live.
      jest.advanceTimersByTime(10_000);
      expect(swept.size).toBe(0);
      swept.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it("stays bounded in size", () => {
    for (let i = 0; i < 10; i++) scopes.get(`op-${i}`);
    expect(scopes.size).toBeLessThanOrEqual(3);
  });

  it("forgets an operation on request, e.g. after it wrote", () => {
    const first = scopes.get("op-1");
    scopes.forget("op-1");
    expect(scopes.get("op-1")).not.toBe(first);
  });
});

describe("read-only requests", () => {
  it("are queries without a mutation or subscription anywhere in the document", () => {
    expect(isReadOnly({ query: "query CompanyView__crm__0($cvr: ID!) { company(cvr: $cvr) { name } }" })).toBe(true);
    expect(isReadOnly({ query: "{ _entities(representations: []) { __typename } }" })).toBe(true);
    expect(
      isReadOnly({ query: "mutation Register__crm__0($input: RegisterInquiryInput!) { registerInquiry(input: $input) { id } }" }),
    ).toBe(false);
    expect(isReadOnly({ query: "subscription { caseClosed { id } }" })).toBe(false);
    // Conservative: the word anywhere counts as a write; a missing query is not read-only.
    expect(isReadOnly({ query: 'query { company(cvr: "1") { mutation: name } }' })).toBe(false);
    expect(isReadOnly({})).toBe(false);
  });
});
