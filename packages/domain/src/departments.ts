/**
 * The registry of departments: the one list everything that differs per department iterates
 * (subgraphs, simulators, ports, configuration, the CRM's company view, scripts). A department is
 * added here, with its folders subgraphs/<code> and mocks/<code>; test/e2e/department-registry.test.ts
 * counts what else would have to change. KES is a unit inside BIF, not a department of its own.
 */
const REGISTRY = {
  BIF: {
    names: { da: "Beskæftigelses- og Integrationsforvaltningen", en: "Employment and Integration Administration" },
    ports: { subgraph: 4001, system: 4101 },
  },
  TMF: {
    names: { da: "Teknik- og Miljøforvaltningen", en: "Technical and Environmental Administration" },
    ports: { subgraph: 4002, system: 4102 },
  },
  KFF: {
    names: { da: "Kultur- og Fritidsforvaltningen", en: "Culture and Leisure Administration" },
    ports: { subgraph: 4003, system: 4103 },
  },
  OKF: {
    names: { da: "Økonomiforvaltningen", en: "Finance Administration" },
    ports: { subgraph: 4004, system: 4104 },
  },
} as const satisfies Record<string, { names: { da: string; en: string }; ports: { subgraph: number; system: number } }>;

export type Department = keyof typeof REGISTRY;
/** The departments in the registry's order (the order lists, tables and fetches use). */
export const DEPARTMENTS = Object.keys(REGISTRY) as readonly Department[] as readonly [Department, ...Department[]];

/** A record with one entry per department, built from the registry. */
export function perDepartment<T>(value: (department: Department) => T): Record<Department, T> {
  return Object.fromEntries(DEPARTMENTS.map((department) => [department, value(department)])) as Record<Department, T>;
}

export function isDepartment(value: string): value is Department {
  return Object.hasOwn(REGISTRY, value);
}

/** The department's subgraph (and folder) name: BIF → bif. */
export function subgraphName(department: Department): Lowercase<Department> {
  return department.toLowerCase() as Lowercase<Department>;
}

/** The entity type a department's cases have in the supergraph: BIF → BifCase. */
export function caseTypename(department: Department): `${string}Case` {
  return `${department[0]}${department.slice(1).toLowerCase()}Case`;
}

/** The department's internal Company fields that feed the CRM's company view: BIF → bifCaseIndex, bifPermitIndex. */
export function indexFieldNames(department: Department): {
  caseIndex: `${Lowercase<Department>}CaseIndex`;
  permitIndex: `${Lowercase<Department>}PermitIndex`;
} {
  const name = subgraphName(department);
  return { caseIndex: `${name}CaseIndex`, permitIndex: `${name}PermitIndex` };
}

/** Organisation codes used in the report's service tables; KES cases live in BIF's system. */
export type ReportDepartment = Department | "KES";

export function systemDepartment(reportDepartment: ReportDepartment): Department {
  return reportDepartment === "KES" ? "BIF" : reportDepartment;
}

export const DEPARTMENT_NAMES: Readonly<Record<Department, { readonly da: string; readonly en: string }>> = perDepartment(
  (department) => REGISTRY[department].names,
);

/** Default ports of each department's subgraph and (simulated) case system; see DEFAULT_PORTS. */
export function departmentPorts(department: Department): { readonly subgraph: number; readonly system: number } {
  return REGISTRY[department].ports;
}

/** OIO case progress (fremdrift), in the order a case moves through it. */
export const CASE_PROGRESS = ["Opstaaet", "Oplyst", "Afgjort", "Bestilt", "Udfoert", "Afsluttet"] as const;
export type CaseProgress = (typeof CASE_PROGRESS)[number];
