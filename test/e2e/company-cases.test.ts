import { DEPARTMENTS } from "@company-graph/domain";
import { startGraph, type Graph } from "../harness/graph";

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());
beforeEach(() => {
  for (const department of DEPARTMENTS) {
    graph.simulators[department].requestLog.reset();
    graph.simulators[department].faults.clear();
  }
});

const CASE_FIELDS = `
  id caseNumber department title progress statusText isOpen openedAt decidedAt closedAt lastUpdateSentAt
  processingDays targetProcessingDays isPastTarget
  service { id nameEn department area { number } }
  kle { subject }
  responsibleUnit { id name }
  caseworker { id name email unit { name } }
`;

const COMPANY_VIEW = `
  query CompanyView($cvr: ID!, $first: Int, $after: String) {
    company(cvr: $cvr) {
      cvr
      cases(first: $first, after: $after) {
        totalCount
        incompleteDepartments
        pageInfo { hasNextPage endCursor }
        edges { cursor node { ${CASE_FIELDS} } }
      }
      permits(first: 100) {
        totalCount
        edges { node { id kind issuingDepartment grantedAt validFrom validTo conditions status daysUntilExpiry service { id } case { id } } }
      }
    }
  }
`;

function sourceCasesOf(cvr: string) {
  return DEPARTMENTS.flatMap((department) => graph.world.cases[department].filter((sourceCase) => sourceCase.cvr === cvr));
}
function sourcePermitsOf(cvr: string) {
  return DEPARTMENTS.flatMap((department) => graph.world.permits[department].filter((permit) => permit.cvr === cvr));
}

async function allCases(cvr: string) {
  const nodes: any[] = [];
  let after: string | null = null;
  do {
    const response: any = await graph.query(COMPANY_VIEW, { cvr, first: 25, after });
    expect(response.errors).toBeUndefined();
    const connection = response.data.company.cases;
    nodes.push(...connection.edges.map((edge: any) => edge.node));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

describe("Company.cases and Company.permits", () => {
  it("returns exactly the cases all four department systems hold for a company, newest first", async () => {
    const cvr = graph.world.showcase.manufacturer;
    const expected = sourceCasesOf(cvr);
    expect(new Set(expected.map((sourceCase) => sourceCase.department)).size).toBe(4);

    const nodes = await allCases(cvr);
    expect(nodes.map((node) => node.id).sort()).toEqual(expected.map((sourceCase) => sourceCase.id).sort());
    const openedAt = nodes.map((node) => Date.parse(node.openedAt));
    expect(openedAt).toEqual([...openedAt].sort((a, b) => b - a));

    const byId = new Map(expected.map((sourceCase) => [sourceCase.id, sourceCase]));
    for (const node of nodes) {
      const source = byId.get(node.id)!;
      expect(node).toMatchObject({
        caseNumber: source.caseNumber,
        department: source.department,
        title: source.title,
        statusText: source.statusText,
        openedAt: source.openedAt,
        decidedAt: source.decidedAt ?? null,
        closedAt: source.closedAt ?? null,
        service: { id: source.serviceId },
        kle: { subject: source.kle },
        caseworker: { id: source.caseworker.id, name: source.caseworker.name },
        responsibleUnit: { id: source.responsibleUnit.id },
      });
      expect(node.targetProcessingDays).toBeGreaterThan(0);
      expect(node.isPastTarget).toBe(node.processingDays > node.targetProcessingDays);
    }
  });

  it("returns exactly the permits the department systems hold", async () => {
    const cvr = graph.world.showcase.restaurant;
    const response: any = await graph.query(COMPANY_VIEW, { cvr, first: 1 });
    expect(response.errors).toBeUndefined();
    const permits = response.data.company.permits;
    const expected = sourcePermitsOf(cvr);
    expect(expected.length).toBeGreaterThan(0);
    expect(permits.totalCount).toBe(expected.length);
    expect(permits.edges.map((edge: any) => edge.node.id).sort()).toEqual(expected.map((permit) => permit.id).sort());
    for (const { node } of permits.edges) {
      const source = expected.find((permit) => permit.id === node.id)!;
      expect(node).toMatchObject({
        kind: source.kind,
        issuingDepartment: source.department,
        validFrom: source.validFrom,
        validTo: source.validTo ?? null,
        case: { id: source.caseId },
      });
    }
  });

  it("filters by department, open state and progress", async () => {
    const cvr = graph.world.showcase.manufacturer;
    const expected = sourceCasesOf(cvr).filter(
      (sourceCase) => sourceCase.department === "BIF" && !sourceCase.closedAt && sourceCase.progress !== "Afsluttet",
    );
    const response: any = await graph.query(
      `query($cvr: ID!) { company(cvr: $cvr) { cases(department: BIF, open: true, first: 100) { totalCount edges { node { id department isOpen } } } } }`,
      { cvr },
    );
    expect(response.errors).toBeUndefined();
    const nodes = response.data.company.cases.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => node.id).sort()).toEqual(expected.map((sourceCase) => sourceCase.id).sort());
    expect(nodes.every((node: any) => node.department === "BIF" && node.isOpen)).toBe(true);
  });

  it("answers permits expiring within 30 days, and only those", async () => {
    const now = new Date(graph.world.now);
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const expiring = (permit: { validFrom: string; validTo?: string | null }) =>
      permit.validTo !== null &&
      permit.validTo !== undefined &&
      Date.parse(permit.validFrom) <= today &&
      Date.parse(permit.validTo) >= today &&
      Date.parse(permit.validTo) - today <= 30 * 86_400_000;
    const companies = graph.world.companies.filter((company) => sourcePermitsOf(company.cvr).some(expiring)).slice(0, 10);
    expect(companies.length).toBeGreaterThan(0);
    for (const company of companies) {
      const response: any = await graph.query(
        `query($cvr: ID!) { company(cvr: $cvr) { permits(expiringWithinDays: 30, first: 100) { edges { node { id status daysUntilExpiry } } } } }`,
        { cvr: company.cvr },
      );
      const nodes = response.data.company.permits.edges.map((edge: any) => edge.node);
      expect(nodes.map((node: any) => node.id).sort()).toEqual(
        sourcePermitsOf(company.cvr)
          .filter(expiring)
          .map((permit) => permit.id)
          .sort(),
      );
      for (const node of nodes) {
        expect(node.status).toBe("ACTIVE");
        expect(node.daysUntilExpiry).toBeLessThanOrEqual(30);
      }
    }
  });

  it("rejects a cursor it did not give out and an oversized page", async () => {
    const cvr = graph.world.showcase.manufacturer;
    const bad: any = await graph.query(COMPANY_VIEW, { cvr, first: 5, after: "not-a-cursor" });
    expect(bad.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    const big: any = await graph.query(COMPANY_VIEW, { cvr, first: 5000 });
    expect(big.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("batching", () => {
  it("makes exactly one call per department system for 50 companies with their cases and permits", async () => {
    const response: any = await graph.query(`
      {
        companies(first: 50) {
          edges { node { cvr cases(first: 5) { totalCount edges { node { id title caseworker { name } } } } permits(first: 5) { totalCount } } }
        }
      }
    `);
    expect(response.errors).toBeUndefined();
    expect(response.data.companies.edges).toHaveLength(50);
    for (const department of DEPARTMENTS) {
      const log = graph.simulators[department].requestLog;
      expect({ department, calls: log.count() }).toEqual({ department, calls: 1 });
      expect({ department, calls: log.count("/company-records") }).toEqual({ department, calls: 1 });
    }
  });
});

describe("when a department system fails", () => {
  it("still returns the other departments' cases, with an error naming the missing one", async () => {
    const cvr = graph.world.showcase.manufacturer;
    graph.simulators.TMF.faults.set({ status: 503 });
    const response: any = await graph.query(COMPANY_VIEW, { cvr, first: 100 });
    const cases = response.data.company.cases;
    expect(cases.incompleteDepartments).toEqual(["TMF"]);
    const expected = sourceCasesOf(cvr).filter((sourceCase) => sourceCase.department !== "TMF");
    expect(cases.totalCount).toBe(expected.length);
    const tmfErrors = response.errors.filter((error: any) => error.extensions?.department === "TMF");
    expect(tmfErrors.length).toBeGreaterThan(0);
    expect(tmfErrors[0].extensions.code).toBe("SOURCE_UNAVAILABLE");
    expect(tmfErrors[0].message).toMatch(/TMF/);
  });
});
