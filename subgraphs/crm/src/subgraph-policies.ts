import { DEPARTMENT_POLICIES } from "@company-graph/kit/department";
import type { PolicyTable } from "@company-graph/kit/auth";
import { policy as crm } from "./policy";

/**
 * Every subgraph's need-to-know table, by subgraph name: what the access log accepts from each
 * caller is the personal-data fields of its own table (TMF and OKF guard none, so nothing is
 * accepted from them).
 */
export const SUBGRAPH_POLICIES: Readonly<Record<string, PolicyTable>> = {
  crm,
  ...Object.fromEntries(Object.entries(DEPARTMENT_POLICIES).map(([department, table]) => [department.toLowerCase(), table])),
};
