import { CASE_PROGRESS, DEPARTMENTS, type Department, type Permit } from "@company-graph/domain";

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

/**
 * The Company representation the gateway sends with the @requires'd department fields. Its
 * entries lack `department`: the @requires selection leaves it out, as the field an entry
 * arrives in names it; gatherCases and gatherPermits put it back.
 */
export type CompanyWithDepartmentData = { cvr: string } & Partial<
  Record<`${Lowercase<Department>}CaseIndex`, Received<CaseIndexEntry>[] | null>
> &
  Partial<Record<`${Lowercase<Department>}PermitIndex`, Received<PermitRecord>[] | null>>;

/** An index entry as it arrives: `department` may be missing (the @requires selection omits it). */
type Received<Entry extends { department: Department }> = Omit<Entry, "department"> & { department?: Department };

export interface Gathered<Item> {
  items: Item[];
  /** Departments whose data is missing because their system or subgraph did not answer. */
  incompleteDepartments: Department[];
}

/** Every department's entries, each completed with the department whose field it came in. */
function gather<Entry extends { department: Department }, Item>(
  company: CompanyWithDepartmentData,
  field: (department: Department) => keyof CompanyWithDepartmentData,
  complete: (entry: Received<Entry>, department: Department) => Item,
): Gathered<Item> {
  const items: Item[] = [];
  const incompleteDepartments: Department[] = [];
  for (const department of DEPARTMENTS) {
    const value = company[field(department)] as Received<Entry>[] | null | undefined;
    if (Array.isArray(value)) for (const entry of value) items.push(complete(entry, department));
    else incompleteDepartments.push(department);
  }
  return { items, incompleteDepartments };
}

/**
 * The OIO spelling ("Afsluttet") of a progress value. Arguments arrive as the enum's internal
 * value (the OIO spelling, see the kit's CaseProgress resolver), but the @requires'd case index
 * arrives as the gateway serialised it: the enum NAME ("AFSLUTTET"). Compare only after this.
 * An unknown progress passes through unchanged.
 */
export function oioProgress(value: string): string {
  return CASE_PROGRESS.find((progress) => progress === value || progress.toUpperCase() === value) ?? value;
}

export const gatherCases = (company: CompanyWithDepartmentData): Gathered<CaseIndexEntry> =>
  gather<CaseIndexEntry, CaseIndexEntry>(
    company,
    (department) => `${department.toLowerCase() as Lowercase<Department>}CaseIndex`,
    (entry, department) => ({ ...entry, department, progress: oioProgress(entry.progress) }),
  );

export const gatherPermits = (company: CompanyWithDepartmentData): Gathered<PermitRecord> =>
  gather<PermitRecord, PermitRecord>(
    company,
    (department) => `${department.toLowerCase() as Lowercase<Department>}PermitIndex`,
    (permit, department) => ({ ...permit, department }),
  );
