import type { Department } from "@company-graph/domain";
import { SourceClient, type SourceClientOptions } from "../source-client";
import type { CaseSystemClient, SourceCase, SourcePermit, SourceServiceLevelReport } from "./source-contract";

/**
 * The OpenAPI paths every department system exposes, in the shape openapi-typescript generates.
 * A department client is this generic client instantiated with its own generated `paths`.
 */
export interface CaseSystemPaths<Case, Permit> {
  "/cases": { get: { responses: { 200: { content: { "application/json": { items: Case[] } } } } } };
  "/permits": { get: { responses: { 200: { content: { "application/json": { items: Permit[] } } } } } };
  "/company-records": { get: { responses: { 200: { content: { "application/json": { cases: Case[]; permits: Permit[] } } } } } };
  "/statistics/service-levels": { post: { responses: { 200: { content: { "application/json": SourceServiceLevelReport } } } } };
}

type ItemsOf<Paths, Path extends keyof Paths> = Paths[Path] extends {
  get: { responses: { 200: { content: { "application/json": { items: (infer Item)[] } } } } };
}
  ? Item
  : never;

/** What a department's client factory takes: everything but the department, which it fixes. */
export type CaseSystemClientOptions = Omit<SourceClientOptions, "department">;

export function createCaseSystemClient<Paths extends CaseSystemPaths<SourceCase, SourcePermit>>(
  options: SourceClientOptions & { department: Department },
): CaseSystemClient<ItemsOf<Paths, "/cases"> & SourceCase, ItemsOf<Paths, "/permits"> & SourcePermit> {
  type Case = ItemsOf<Paths, "/cases"> & SourceCase;
  type Permit = ItemsOf<Paths, "/permits"> & SourcePermit;
  const http = new SourceClient(options);
  return {
    department: options.department,
    recordsOfCompanies: (cvrs) => http.getJson<{ cases: Case[]; permits: Permit[] }>("/company-records", { cvr: cvrs }),
    casesById: async (ids) => (await http.getJson<{ items: Case[] }>("/cases", { id: ids })).items,
    serviceLevelStatistics: (query) => http.postJson<SourceServiceLevelReport>("/statistics/service-levels", query),
    circuitState: () => http.circuitState,
  };
}
