import { departmentPorts, perDepartment, type Department } from "./departments";

/**
 * The port each process listens on when nothing says otherwise: the configs' defaults, the
 * simulators' and `npm start`'s. One table, so a caller's default URL and its callee's default
 * port cannot drift apart. (Tests and the benchmark take free ports instead.)
 */
export const DEFAULT_PORTS = {
  gateway: 4000,
  crm: 4005,
  subgraphs: perDepartment((department) => departmentPorts(department).subgraph) as Readonly<Record<Department, number>>,
  /** The department case systems (simulated in mocks/). */
  systems: perDepartment((department) => departmentPorts(department).system) as Readonly<Record<Department, number>>,
  /** The municipal message broker's case-closed events (simulated). */
  broker: 4109,
  /** The CVR register (simulated). */
  cvrRegister: 4110,
} as const;
