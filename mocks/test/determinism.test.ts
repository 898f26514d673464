import { generateWorld } from "../generator/index";

describe("generateWorld is deterministic", () => {
  it("gives byte-identical JSON for the same seed and profile", () => {
    const first = JSON.stringify(generateWorld({ profile: "small", seed: 7 }));
    const second = JSON.stringify(generateWorld({ profile: "small", seed: 7 }));
    expect(second).toBe(first);
  });

  it("gives a different world for another seed, with the same showcase CVRs", () => {
    const a = generateWorld({ profile: "small", seed: 1 });
    const b = generateWorld({ profile: "small", seed: 2 });
    expect(JSON.stringify(a.companies)).not.toBe(JSON.stringify(b.companies));
    expect(b.showcase).toEqual(a.showcase);
  });

  it("reads neither the clock nor Math.random while generating", () => {
    const random = jest.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random used");
    });
    const clock = jest.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("Date.now used");
    });
    try {
      expect(() => generateWorld({ profile: "small" })).not.toThrow();
    } finally {
      random.mockRestore();
      clock.mockRestore();
    }
  });

  it("uses the fixed default now and seed", () => {
    const world = generateWorld({ profile: "small" });
    expect(world.now).toBe("2026-11-01T00:00:00.000Z");
    expect(world.seed).toBe(2014);
  });
});
