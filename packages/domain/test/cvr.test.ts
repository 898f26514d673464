import { completeCvr, cvrProblem, isPNumberFormat, isValidCvr } from "../src/cvr";

describe("CVR modulus-11", () => {
  it("accepts Erhvervsstyrelsen's worked example", () => {
    expect(isValidCvr("13748136")).toBe(true);
  });

  it.each([
    ["12345678", "checksum"],
    ["13748137", "checksum"],
    ["abc", "format"],
    ["1374813", "format"],
    ["137481361", "format"],
    [" 13748136", "format"],
  ])("rejects %s as a %s problem", (value, problem) => {
    expect(cvrProblem(value)).toBe(problem);
  });

  it("completes serials with the right check digit and refuses remainder 1", () => {
    expect(completeCvr("1374813")).toBe("13748136");
    let refused = 0;
    for (let n = 1000000; n < 1000100; n++) {
      const cvr = completeCvr(String(n));
      if (cvr === null) refused++;
      else expect(isValidCvr(cvr)).toBe(true);
    }
    expect(refused).toBeGreaterThan(0);
  });

  it("checks only the format of P-numbers", () => {
    expect(isPNumberFormat("1017661031")).toBe(true);
    expect(isPNumberFormat("101766103")).toBe(false);
  });
});
