import { CASE_PROGRESS, DEPARTMENTS, type CaseProgress, type Department, type Permit } from "@company-graph/domain";

/** A case index entry as a departmental subgraph sends it (CaseIndexEntry in shared-types.graphql). */
export interface CaseIndexEntry {
  id: string;
  department: Department;
  serviceId: string;
  title: string;
  progress: string;
  openedAt: string;
  decidedAt: string | null;
  closedAt: string | null;
  lastUpdateSentAt: string | null;
  caseworkerId: string;
  caseworkerName: string;
  caseworkerUnit: string;
  caseworkerEmail: string;
}

/** A permit as a departmental subgraph sends it (PermitRecord in shared-types.graphql): the system's, without the company. */
export type PermitRecord = Omit<Permit, "cvr">;

/** The Company representation the gateway sends with the @requires'd department fields. */
export type CompanyWithDepartmentData = { cvr: string } & Partial<Record<`${Lowercase<Department>}CaseIndex`, CaseIndexEntry[] | null>> &
  Partial<Record<`${Lowercase<Department>}PermitIndex`, PermitRecord[] | null>>;

export interface Gathered<Item> {
  items: Item[];
  /** Departments whose data is missing because their system or subgraph did not answer. */
  incompleteDepartments: Department[];
}

function gather<Item>(company: CompanyWithDepartmentData, field: (department: Department) => keyof CompanyWithDepartmentData): Gathered<Item> {
  const items: Item[] = [];
  const incompleteDepartments: Department[] = [];
  for (const department of DEPARTMENTS) {
    const value = company[field(department)] as Item[] | null | undefined;
    if (Array.isArray(value)) items.push(...value);
    else incompleteDepartments.push(department);
  }
  return { items, incompleteDepartments };
}

/**
 * The OIO spelling ("Afsluttet") of a progress value. Arguments arrive as the enum's internal
 * value (the OIO spelling, see the kit's CaseProgress resolver), but the @requires'd case index
 * arrives as the gateway serialised it: the enum NAME ("AFSLUTTET"). Compare only after this.
 */
export function oioProgress(value: string): CaseProgress | string {
  return CASE_PROGRESS.find((progress) => progress === value || progress.toUpperCase() === value) ?? value;
}

export function gatherCases(company: CompanyWithDepartmentData): Gathered<CaseIndexEntry> {
  const gathered = gather<CaseIndexEntry>(company, (department) => `${department.toLowerCase() as Lowercase<Department>}CaseIndex`);
  return { ...gathered, items: gathered.items.map((entry) => ({ ...entry, progress: oioProgress(entry.progress) })) };
}

export const gatherPermits = (company: CompanyWithDepartmentData) =>
  gather<PermitRecord>(company, (department) => `${department.toLowerCase() as Lowercase<Department>}PermitIndex`);
