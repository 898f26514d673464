import type { PolicyTable } from "@company-graph/kit";
import { policy as bif } from "@company-graph/bif";
import { policy as kff } from "@company-graph/kff";
import { policy as crm } from "./policy";

/**
 * Every subgraph's need-to-know table, by subgraph name: what the access log accepts from each
 * caller is the personal-data fields of its own table. TMF and OKF guard no personal data, so
 * nothing is accepted from them. A test (test/e2e/security-tokens.test.ts) fails when a
 * subgraph's exported table differs from the one here.
 */
export const SUBGRAPH_POLICIES: Readonly<Record<string, PolicyTable>> = { crm, bif, kff, tmf: {}, okf: {} };
