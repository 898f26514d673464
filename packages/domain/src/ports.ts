import type { Department } from "./departments";

/**
 * The port each process listens on when nothing says otherwise: the configs' defaults, the
 * simulators' and `npm start`'s. One table, so a caller's default URL and its callee's default
 * port cannot drift apart. (Tests and the benchmark take free ports instead.)
 */
export const DEFAULT_PORTS = {
  gateway: 4000,
  crm: 4005,
  subgraphs: { BIF: 4001, TMF: 4002, KFF: 4003, OKF: 4004 } as Readonly<Record<Department, number>>,
  /** The department case systems (simulated in mocks/). */
  systems: { BIF: 4101, TMF: 4102, KFF: 4103, OKF: 4104 } as Readonly<Record<Department, number>>,
  /** The municipal message broker's case-closed events (simulated). */
  broker: 4109,
  /** The CVR register (simulated). */
  cvrRegister: 4110,
} as const;
