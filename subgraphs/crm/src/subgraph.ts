import { join } from "node:path";
import { subgraphTypeDefs, type SubgraphDefinition } from "@company-graph/kit";
import type { PrismaClient } from "./generated/prisma/client.js";
import { createLoaders, type BatchObserver, type CrmContext } from "./context";
import { resolvers } from "./resolvers";
import { accessLogWriter } from "./access-log";
import { policy } from "./policy";

export const SCHEMA_PATH = join(__dirname, "..", "schema.graphql");

export interface CrmSubgraphOptions {
  /** The CRM database (see src/db/client.ts openDatabase). */
  db: PrismaClient;
  /** The clock; tests fix it. */
  now?: () => Date;
  /** Observes every DataLoader batch (loader name, number of keys): for tests and metrics. */
  onBatch?: BatchObserver;
}

/** The CRM subgraph, ready to serve; separate from listening so tests choose the port or execute in-process. */
export function createCrmSubgraph(options: CrmSubgraphOptions): SubgraphDefinition<CrmContext> {
  const now = options.now ?? (() => new Date());
  return {
    name: "crm",
    typeDefs: subgraphTypeDefs(SCHEMA_PATH, "crm"),
    resolvers,
    context: () => ({ db: options.db, loaders: createLoaders(options.db, options.onBatch), now }),
    policy,
    // The log records when data was really read, whatever clock the case data runs on.
    internalEndpoints: { "access-log": accessLogWriter(options.db, () => new Date()) },
  };
}

export type { CrmContext, CrmLoaders, BatchObserver } from "./context";
