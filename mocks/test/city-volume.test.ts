import { DEPARTMENTS, SERVICES, annualCaseVolume } from "@company-graph/domain";
import { generateWorld } from "../generator/index";

const YEAR = 365 * 86_400_000;

describe("city profile", () => {
  it("matches the report's annual volume within ±10 % per service and year", () => {
    const world = generateWorld({ profile: "city" });
    const now = Date.parse(world.now);
    const counts = new Map<string, number[]>();
    let total = 0;
    for (const department of DEPARTMENTS) {
      for (const item of world.cases[department]) {
        const year = Math.floor((now - Date.parse(item.openedAt)) / YEAR);
        const perYear = counts.get(item.serviceId) ?? [0, 0, 0];
        perYear[year]++;
        counts.set(item.serviceId, perYear);
        total++;
      }
    }
    console.log(
      `city profile: ${world.companies.length} companies, ${total} cases, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`,
    );
    expect(world.companies).toHaveLength(30_000);
    const outside: string[] = [];
    let checked = 0;
    for (const service of SERVICES) {
      const annual = annualCaseVolume(service);
      if (annual < 100) continue;
      checked++;
      (counts.get(service.id) ?? [0, 0, 0]).forEach((count, year) => {
        if (Math.abs(count / annual - 1) > 0.1)
          outside.push(`${service.id}, year ${year + 1} before now: ${count} cases, report ${annual}/year`);
      });
    }
    expect(checked).toBeGreaterThan(40);
    expect(outside).toEqual([]);
  }, 120_000);
});
