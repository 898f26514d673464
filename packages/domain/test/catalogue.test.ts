import { PACKAGES, SERVICES, annualCaseVolume, findService, serviceLevel, servicesOfSystem } from "../src";

describe("catalogue", () => {
  it("holds the report's 94 services, each in one of the 7 areas", () => {
    expect(SERVICES).toHaveLength(94);
    for (const service of SERVICES) expect(service.catalogueArea).toBeGreaterThanOrEqual(1);
  });

  it("puts KES services in BIF's system", () => {
    expect(servicesOfSystem("BIF").map((s) => s.id)).toContain("kes-one-to-one-advice");
    expect(serviceLevel(findService("kes-one-to-one-advice")!).system).toBe("BIF");
  });

  it("sums the wage-refund breakdown into one yearly volume", () => {
    expect(annualCaseVolume(findService("bif-wage-refunds")!)).toBe(32574 + 11342 + 12168 + 2602 + 756);
  });

  it("has the café package across KFF, OKF and TMF", () => {
    const cafe = PACKAGES.find((p) => p.id === "cafe-restaurant")!;
    const systems = cafe.includedServiceIds.map((id) => serviceLevel(findService(id)!).system).sort();
    expect(systems).toEqual(["KFF", "OKF", "TMF"]);
  });
});
