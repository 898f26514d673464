import { DEPARTMENTS } from "@company-graph/domain";
import { cvrDocuments } from "../cvr/documents";
import { type Case, type Permit, generateWorld } from "../generator/index";

/**
 * The simulated world agrees with its own register: the departments open no case and grant no
 * permit for a company from the day the CVR register says it ceased or moved out of Copenhagen.
 */
describe.each([2014, 7311, 90210])("small world, seed %i: no case or permit after the company ceased or moved away", (seed) => {
  const world = generateWorld({ profile: "small", seed });
  const documents = cvrDocuments(world.companies, {
    seed: world.seed,
    now: world.now,
    showcaseCvrs: new Set(Object.values(world.showcase)),
  });
  /** CVR → the first day the register no longer has it as an active Copenhagen company. */
  const endedOn = new Map<string, { day: string; why: string }>();
  for (const document of documents.companies) {
    const cvr = String(document.cvrNummer).padStart(8, "0");
    const ceased = document.livsforloeb[0].periode.gyldigTil;
    const address = document.beliggenhedsadresse.find((entry) => entry.periode.gyldigTil === null)!;
    if (ceased) endedOn.set(cvr, { day: ceased.slice(0, 10), why: "ceased" });
    else if (address.kommune?.kommuneKode !== 101) endedOn.set(cvr, { day: address.periode.gyldigFra.slice(0, 10), why: "moved away" });
  }
  const cases = DEPARTMENTS.flatMap((department): Case[] => world.cases[department]);
  const permits = DEPARTMENTS.flatMap((department): Permit[] => world.permits[department]);

  it("has companies that ceased and that moved away, with cases from before", () => {
    const reasons = [...endedOn.values()].map((end) => end.why);
    expect(reasons).toContain("ceased");
    expect(reasons).toContain("moved away");
    expect(cases.filter((item) => endedOn.has(item.cvr)).length).toBeGreaterThan(0);
    // The world lists the same companies and days.
    expect(Object.fromEntries(Object.entries(world.companyEnds).map(([cvr, end]) => [cvr, end.on]))).toEqual(
      Object.fromEntries([...endedOn].map(([cvr, end]) => [cvr, end.day])),
    );
  });

  it("opens no case on or after that day", () => {
    const late = cases.filter((item) => endedOn.has(item.cvr) && item.openedAt.slice(0, 10) >= endedOn.get(item.cvr)!.day);
    expect(
      late.map((item) => `${item.id} ${item.cvr} opened ${item.openedAt}, ${endedOn.get(item.cvr)!.why} ${endedOn.get(item.cvr)!.day}`),
    ).toEqual([]);
  });

  it("grants no permit on or after that day; a case still undecided then lapses, without a permit", () => {
    const late = permits.filter((permit) => endedOn.has(permit.cvr) && permit.grantedAt >= endedOn.get(permit.cvr)!.day);
    expect(
      late.map(
        (permit) =>
          `${permit.id} ${permit.cvr} granted ${permit.grantedAt}, ${endedOn.get(permit.cvr)!.why} ${endedOn.get(permit.cvr)!.day}`,
      ),
    ).toEqual([]);
    const lapsed = cases.filter((item) => item.statusText.includes("bortfaldet"));
    for (const item of lapsed) {
      expect(endedOn.has(item.cvr)).toBe(true);
      expect(item.decidedAt!.slice(0, 10)).toBe(endedOn.get(item.cvr)!.day);
      expect(permits.some((permit) => permit.caseId === item.id)).toBe(false);
    }
  });

  it("keeps the year's volume: the cases a company could no longer get went to others", () => {
    expect(cases.length).toBeGreaterThan(3000);
    expect(cases.length).toBeLessThan(4000);
  });
});
