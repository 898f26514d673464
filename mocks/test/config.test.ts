import { readSimulatorConfig } from "../main";

describe("readSimulatorConfig", () => {
  it("has defaults for everything", () => {
    expect(readSimulatorConfig({})).toEqual({
      profile: "small",
      seed: 2014,
      now: "2026-11-01T00:00:00.000Z",
      host: "127.0.0.1",
      ports: { BIF: 4101, TMF: 4102, KFF: 4103, OKF: 4104 },
      brokerPort: 4109,
      cvr: { port: 4110, username: "company-graph", password: "simulated-cvr" },
    });
  });

  it("reads the environment", () => {
    const config = readSimulatorConfig({
      SIMULATOR_PROFILE: "city",
      SIMULATOR_SEED: "7",
      SIMULATOR_PORT_TMF: "0",
      SIMULATOR_HOST: "::1",
      SIMULATOR_PORT_BROKER: "0",
    });
    expect(config).toMatchObject({ profile: "city", seed: 7, host: "::1", ports: { TMF: 0, BIF: 4101 }, brokerPort: 0 });
  });

  it("lists every problem at once", () => {
    expect(() =>
      readSimulatorConfig({ SIMULATOR_PROFILE: "huge", SIMULATOR_SEED: "x", SIMULATOR_HOST: "0.0.0.0", SIMULATOR_PORT_OKF: "70000" }),
    ).toThrow(/SIMULATOR_PROFILE[\s\S]*SIMULATOR_SEED[\s\S]*SIMULATOR_HOST[\s\S]*SIMULATOR_PORT_OKF/);
  });
});
