import type { CommonCase, CommonPermit } from "../generator/cases";

/** One department's cases and permits, indexed the way the API looks them up. */
export class DepartmentStore<C extends CommonCase, P extends CommonPermit> {
  private readonly casesByCvr = new Map<string, C[]>();
  private readonly casesById = new Map<string, C>();
  private readonly permitsByCvr = new Map<string, P[]>();
  private readonly permitsById = new Map<string, P>();

  constructor(cases: readonly C[], permits: readonly P[]) {
    for (const item of cases) this.addCase(item);
    for (const permit of permits) this.addPermit(permit);
  }

  /** A case opened in the system (by the generator, or by a caseworker through the admin endpoint). */
  addCase(item: C): void {
    this.casesById.set(item.id, item);
    push(this.casesByCvr, item.cvr, item);
  }

  addPermit(permit: P): void {
    this.permitsById.set(permit.id, permit);
    push(this.permitsByCvr, permit.cvr, permit);
  }

  permitById(id: string): P | undefined {
    return this.permitsById.get(id);
  }

  caseById(id: string): C | undefined {
    return this.casesById.get(id);
  }

  /** Every case of the companies, in the order the CVRs were asked for. */
  casesOfCompanies(cvrs: readonly string[]): C[] {
    return cvrs.flatMap((cvr) => this.casesByCvr.get(cvr) ?? []);
  }

  /** The known cases among the ids; unknown ids are left out, as in a batch lookup. */
  casesWithIds(ids: readonly string[]): C[] {
    const found: C[] = [];
    for (const id of ids) {
      const item = this.casesById.get(id);
      if (item) found.push(item);
    }
    return found;
  }

  permitsOfCompanies(cvrs: readonly string[]): P[] {
    return cvrs.flatMap((cvr) => this.permitsByCvr.get(cvr) ?? []);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
