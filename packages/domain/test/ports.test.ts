import { DEFAULT_PORTS, DEPARTMENTS } from "../src";

describe("default ports", () => {
  it("gives every department a subgraph and a system port", () => {
    for (const department of DEPARTMENTS) {
      expect(DEFAULT_PORTS.subgraphs[department]).toEqual(expect.any(Number));
      expect(DEFAULT_PORTS.systems[department]).toEqual(expect.any(Number));
    }
  });

  it("gives no two processes the same port", () => {
    const { subgraphs, systems, ...single } = DEFAULT_PORTS;
    const all = [...Object.values(single), ...Object.values(subgraphs), ...Object.values(systems)];
    expect(new Set(all).size).toBe(all.length);
  });
});
