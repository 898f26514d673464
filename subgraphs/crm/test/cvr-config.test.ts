import { crmConfig, cvrSyncConfig } from "../src/config";

describe("CVR register configuration", () => {
  it("is off without CVR_URL and complete with it", () => {
    expect(cvrSyncConfig(crmConfig({}))).toBeUndefined();
    expect(cvrSyncConfig(crmConfig({ CVR_URL: "http://127.0.0.1:4110", CVR_USERNAME: "kommune", CVR_PASSWORD: "x", CVR_SYNC_INTERVAL_MS: "60000" }))).toEqual({ url: "http://127.0.0.1:4110", username: "kommune", password: "x", intervalMs: 60_000 });
  });

  it("refuses a register URL without credentials", () => {
    expect(() => cvrSyncConfig(crmConfig({ CVR_URL: "http://127.0.0.1:4110", CVR_USERNAME: "kommune" }))).toThrow(/CVR_USERNAME and CVR_PASSWORD/);
  });
});
