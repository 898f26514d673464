import { crmConfig, cvrSyncConfig } from "../src/config";

describe("CVR register configuration", () => {
  it("is off without CVR_URL and complete with it", () => {
    expect(cvrSyncConfig(crmConfig({}))).toBeUndefined();
    expect(
      cvrSyncConfig(
        crmConfig({ CVR_URL: "http://127.0.0.1:4110", CVR_USERNAME: "kommune", CVR_PASSWORD: "x", CVR_SYNC_INTERVAL_MS: "60000" }),
      ),
    ).toEqual({
      url: "http://127.0.0.1:4110",
      username: "kommune",
      password: "x",
      intervalMs: 60_000,
      maxAnswerBytes: 16 * 1024 * 1024,
      bounds: { maxPages: 500, maxDocuments: 250_000, maxDurationMs: 30 * 60_000, maxHeld: 5_000_000 },
    });
    expect(
      cvrSyncConfig(
        crmConfig({
          CVR_URL: "http://127.0.0.1:4110",
          CVR_USERNAME: "k",
          CVR_PASSWORD: "x",
          CVR_SYNC_MAX_PAGES: "3",
          CVR_SYNC_MAX_DOCUMENTS: "50",
          CVR_SYNC_MAX_DURATION_MS: "1000",
          CVR_SYNC_MAX_HELD: "70",
          CVR_MAX_ANSWER_BYTES: "4096",
        }),
      ),
    ).toMatchObject({
      maxAnswerBytes: 4096,
      bounds: { maxPages: 3, maxDocuments: 50, maxDurationMs: 1000, maxHeld: 70 },
    });
  });

  it("refuses a register URL without credentials", () => {
    expect(() => cvrSyncConfig(crmConfig({ CVR_URL: "http://127.0.0.1:4110", CVR_USERNAME: "kommune" }))).toThrow(
      /CVR_USERNAME and CVR_PASSWORD/,
    );
  });
});
