import {
  CASE_PROGRESS,
  DEPARTMENTS,
  findService,
  isPNumberFormat,
  isValidCvr,
  serviceLevel,
  systemDepartment,
} from "@company-graph/domain";
import { type Case, type Permit, generateWorld } from "../generator/index";

const world = generateWorld({ profile: "small" });
const allCases = DEPARTMENTS.flatMap((department): Case[] => world.cases[department]);
const allPermits = DEPARTMENTS.flatMap((department): Permit[] => world.permits[department]);
const now = Date.parse(world.now);
const DAY = 86_400_000;

describe("small profile: companies", () => {
  it("has about 300 companies with valid, unique CVR numbers and 10-digit P-numbers", () => {
    expect(world.companies).toHaveLength(300);
    const cvrs = world.companies.map((company) => company.cvr);
    expect(new Set(cvrs).size).toBe(cvrs.length);
    expect(cvrs.every(isValidCvr)).toBe(true);
    const pNumbers = world.companies.flatMap((company) => company.productionUnits.map((unit) => unit.pNumber));
    expect(new Set(pNumbers).size).toBe(pNumbers.length);
    expect(pNumbers.every(isPNumberFormat)).toBe(true);
  });

  it("places companies in Copenhagen Municipality", () => {
    for (const company of world.companies) {
      for (const where of [company.address, ...company.productionUnits.map((unit) => unit.address)]) {
        expect(where.municipalityCode).toBe("101");
        expect(Number(where.postalCode)).toBeGreaterThanOrEqual(1050);
        expect(Number(where.postalCode)).toBeLessThanOrEqual(2450);
      }
    }
  });

  it("is mostly small companies, in the report's segments and industries", () => {
    const small = world.companies.filter((company) => company.employees < 10).length / world.companies.length;
    expect(small).toBeGreaterThan(0.7);
    const share = (segment: string) => world.companies.filter((company) => company.segment === segment).length / world.companies.length;
    expect(share("frequent")).toBeCloseTo(0.37, 1);
    expect(share("less-frequent")).toBeCloseTo(0.37, 1);
    expect(share("infrequent")).toBeCloseTo(0.26, 1);
    for (const company of world.companies) {
      expect(company.industry).toEqual({ code: expect.stringMatching(/^\d{6}$/), text: expect.any(String), codeSystem: "DB07" });
      expect(company.sizeBand).toMatch(/^ANTAL_\d+_(\d+)?$/);
    }
  });
});

describe("small profile: cases", () => {
  it("has 3–4k cases, about the city's annual volume scaled to 300 companies", () => {
    expect(allCases.length).toBeGreaterThan(3000);
    expect(allCases.length).toBeLessThan(4000);
  });

  it("gives every case a unique id, its department's prefix and a catalogue service of that system", () => {
    expect(new Set(allCases.map((item) => item.id)).size).toBe(allCases.length);
    for (const department of DEPARTMENTS) {
      for (const item of world.cases[department]) {
        expect(item.id).toMatch(new RegExp(`^${department}-\\d{7}$`));
        expect(item.caseNumber).toMatch(/^\d{4}-\d{6}$/);
        expect(item.department).toBe(department);
        const service = findService(item.serviceId);
        expect(service).toBeDefined();
        expect(systemDepartment(service!.department)).toBe(department);
        expect(item.kle).toBe(serviceLevel(service!).kle.subject);
      }
    }
  });

  it("keeps dates and progress consistent", () => {
    const showcase = new Set(Object.values(world.showcase));
    for (const item of allCases) {
      expect(CASE_PROGRESS).toContain(item.progress);
      const opened = Date.parse(item.openedAt);
      expect(opened).toBeLessThanOrEqual(now);
      // One year of history; the showcase's planned cases reach further back (last season's permit).
      if (!showcase.has(item.cvr)) expect(opened).toBeGreaterThanOrEqual(now - 366 * DAY);
      if (item.decidedAt) expect(Date.parse(item.decidedAt)).toBeGreaterThanOrEqual(opened);
      if (item.closedAt) expect(Date.parse(item.closedAt)).toBeGreaterThanOrEqual(Date.parse(item.decidedAt!));
      expect(item.closedAt !== null).toBe(item.progress === "Afsluttet");
      expect(item.decidedAt === null).toBe(item.progress === "Opstaaet" || item.progress === "Oplyst");
      for (const moment of [item.decidedAt, item.closedAt, item.lastUpdateSentAt])
        if (moment) expect(Date.parse(moment)).toBeLessThanOrEqual(now);
      expect(item.caseworker.unitId).toBe(item.responsibleUnit.id);
    }
  });

  it("has open cases that are recent, some past their target, and updates on most cases", () => {
    const open = allCases.filter((item) => item.progress === "Opstaaet" || item.progress === "Oplyst");
    expect(open.length).toBeGreaterThan(20);
    const overdue = open.filter(
      (item) => now - Date.parse(item.openedAt) > serviceLevel(findService(item.serviceId)!).targetProcessingDays * DAY,
    );
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThan(open.length);
    const median = open.map((item) => now - Date.parse(item.openedAt)).sort((a, b) => a - b)[open.length >> 1];
    expect(median).toBeLessThan(60 * DAY);
    expect(allCases.filter((item) => item.lastUpdateSentAt !== null).length / allCases.length).toBeGreaterThan(0.8);
  });

  it("keeps personal data in the details of sick-pay, flex-job and licence cases, never in titles", () => {
    const sick = world.cases.BIF.filter((item) => item.caseType === "sick-pay-refund");
    expect(sick.length).toBeGreaterThan(50);
    for (const item of sick) {
      if (item.caseType !== "sick-pay-refund") continue;
      expect(item.details.employee.cpr).toMatch(/^\d{6}-\d{4}$/);
      expect(item.title).not.toContain(item.details.employee.name);
    }
    const licence = world.cases.KFF.find((item) => item.caseType === "alcohol-licence");
    expect(licence?.caseType === "alcohol-licence" && licence.details.vetting.policeStatement).toBeTruthy();
  });

  it("spreads cases unevenly: frequent and large companies get more", () => {
    const perCompany = new Map<string, number>();
    for (const item of allCases) perCompany.set(item.cvr, (perCompany.get(item.cvr) ?? 0) + 1);
    const average = (filter: (employees: number, segment: string) => boolean) => {
      const chosen = world.companies.filter(
        (company) => filter(company.employees, company.segment) && !Object.values(world.showcase).includes(company.cvr),
      );
      return chosen.reduce((sum, company) => sum + (perCompany.get(company.cvr) ?? 0), 0) / chosen.length;
    };
    expect(average((_, segment) => segment === "frequent")).toBeGreaterThan(2 * average((_, segment) => segment === "infrequent"));
    expect(average((employees) => employees >= 50)).toBeGreaterThan(2 * average((employees) => employees < 10));
  });
});

describe("small profile: permits", () => {
  it("issues one permit per granted case of a permit service, in TMF and KFF only", () => {
    expect(world.permits.BIF).toHaveLength(0);
    expect(world.permits.OKF).toHaveLength(0);
    const casesById = new Map(allCases.map((item) => [item.id, item]));
    expect(new Set(allPermits.map((permit) => permit.caseId)).size).toBe(allPermits.length);
    for (const permit of allPermits) {
      const source = casesById.get(permit.caseId)!;
      expect(source.cvr).toBe(permit.cvr);
      expect(findService(source.serviceId)!.isPermit).toBe(true);
      expect(source.decidedAt).not.toBeNull();
      expect(source.statusText).not.toMatch(/afslag/);
      expect(permit.grantedAt <= permit.validFrom).toBe(true);
      if (permit.validTo) expect(permit.validFrom <= permit.validTo).toBe(true);
    }
  });

  it("has permits that expired, that expire within 30 days and that stay valid for long", () => {
    const validTo = (permit: Permit) => (permit.validTo === null ? Infinity : Date.parse(permit.validTo));
    expect(allPermits.filter((permit) => validTo(permit) < now).length).toBeGreaterThan(5);
    expect(allPermits.filter((permit) => validTo(permit) >= now && validTo(permit) <= now + 30 * DAY).length).toBeGreaterThan(5);
    expect(allPermits.filter((permit) => validTo(permit) > now + 365 * DAY).length).toBeGreaterThan(5);
  });
});

describe("showcase companies", () => {
  const company = (cvr: string) => world.companies.find((candidate) => candidate.cvr === cvr)!;
  const casesOf = (cvr: string) => allCases.filter((item) => item.cvr === cvr);
  const permitsOf = (cvr: string) => allPermits.filter((permit) => permit.cvr === cvr);

  it("has a restaurant with an alcohol licence, a fire inspection and an outdoor-serving permit expiring within 30 days", () => {
    const restaurant = company(world.showcase.restaurant);
    expect(restaurant.industry.code).toBe("561010");
    const cases = casesOf(restaurant.cvr);
    expect(cases.some((item) => item.department === "KFF" && item.caseType === "alcohol-licence")).toBe(true);
    expect(cases.some((item) => item.department === "OKF" && item.caseType === "fire-inspection")).toBe(true);
    expect(cases.some((item) => item.department === "TMF" && item.caseType === "outdoor-serving")).toBe(true);
    const expiring = permitsOf(restaurant.cvr).filter(
      (permit) =>
        permit.kind === "outdoor-serving" &&
        permit.validTo &&
        Date.parse(permit.validTo) >= now &&
        Date.parse(permit.validTo) <= now + 30 * DAY,
    );
    expect(expiring).toHaveLength(1);
    expect(permitsOf(restaurant.cvr).some((permit) => permit.kind === "alcohol-licence")).toBe(true);
  });

  it("has a large manufacturer with many cases in all four departments", () => {
    const manufacturer = company(world.showcase.manufacturer);
    expect(manufacturer.employees).toBeGreaterThanOrEqual(250);
    const cases = casesOf(manufacturer.cvr);
    expect(cases.length).toBeGreaterThan(30);
    for (const department of DEPARTMENTS) expect(cases.some((item) => item.department === department)).toBe(true);
    for (const caseType of ["wage-subsidy", "recruitment-order", "sick-pay-refund", "excavation"])
      expect(cases.some((item) => item.caseType === caseType)).toBe(true);
    expect(permitsOf(manufacturer.cvr).some((permit) => permit.kind === "excavation")).toBe(true);
  });

  it("has a one-person architect start-up with at most a few cases", () => {
    const architect = company(world.showcase.architectStartup);
    expect(architect.industry.code).toBe("711100");
    expect(architect.employees).toBeLessThanOrEqual(1);
    expect(casesOf(architect.cvr).length).toBeLessThanOrEqual(2);
  });

  it("has a bicycle retailer with several shops that has never been in contact with the municipality", () => {
    const retailer = company(world.showcase.bicycleRetailer);
    expect(retailer.productionUnits.length).toBeGreaterThanOrEqual(3);
    expect(casesOf(retailer.cvr)).toHaveLength(0);
    expect(permitsOf(retailer.cvr)).toHaveLength(0);
  });
});

describe("municipal staff", () => {
  it("has caseworkers in every unit that handles cases, plus front office, key account managers and analysts", () => {
    const roles = new Set(world.employees.map((employee) => employee.role));
    for (const role of ["caseworker", "front-office", "key-account-manager", "analyst"] as const) expect(roles.has(role)).toBe(true);
    const caseworkerIds = new Set(world.employees.filter((employee) => employee.role === "caseworker").map((employee) => employee.id));
    for (const item of allCases) expect(caseworkerIds.has(item.caseworker.id)).toBe(true);
    expect(new Set(world.employees.map((employee) => employee.email)).size).toBe(world.employees.length);
  });
});
