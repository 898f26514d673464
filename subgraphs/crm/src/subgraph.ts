import type { WebhookSettings } from "./webhook/resolvers";
import { join } from "node:path";
import { operationScopes, type OperationStore } from "@company-graph/kit/operation";
import { subgraphTypeDefs } from "@company-graph/kit/schema";
import type { SubgraphDefinition } from "@company-graph/kit/server";
import type { PrismaClient } from "./generated/prisma/client.js";
import { createLoaders, type BatchObserver, type CrmContext } from "./context";
import { resolvers } from "./resolvers";
import { accessLogWriter } from "./access-log/writer";
import { policy } from "./policy";
import { SUBGRAPH_POLICIES } from "./subgraph-policies";
import { languageOf } from "./i18n/language";
import type { CvrQuarantine } from "./services/cvr/quarantine";

export const SCHEMA_PATH = join(__dirname, "..", "schema.graphql");

export interface CrmSubgraphOptions {
  /** The CRM database (see src/db/client.ts openDatabase). */
  db: PrismaClient;
  /** The clock; tests fix it. */
  now?: () => Date;
  /** Observes every DataLoader batch (loader name, number of keys): for tests and metrics. */
  onBatch?: BatchObserver;
  /** Per-operation state shared by the CRM's replicas (Redis, REDIS_URL); unset, it stays in this process. */
  operationStore?: OperationStore;
  /** How many companies one employee may choose to follow (MAX_FOLLOWED_COMPANIES). */
  maxFollowedCompanies?: number;
  /** The CVR sync's set-aside documents, for Query.registerQuarantine; unset where the CRM syncs no register. */
  registerQuarantine?: CvrQuarantine;
  /** Where partners' webhooks may point (WEBHOOK_ENDPOINTS) and the DNS resolver; unset: https to public addresses only. */
  webhooks?: WebhookSettings;
}

/** The CRM subgraph, ready to serve; separate from listening so tests choose the port or execute in-process. */
export function createCrmSubgraph(options: CrmSubgraphOptions): SubgraphDefinition<CrmContext> & { close: () => void } {
  const now = options.now ?? (() => new Date());
  // A company view reaches the CRM twice (the company, then the fields that need the
  // departments' data); within one read-only operation both fetches share one set of loaders, so
  // the company, its inquiries and its key account manager are read once. A fetch that may write
  // gets fresh loaders and ends the sharing for the rest of its operation (OperationScopes.get).
  // Behind a load balancer the two fetches may reach different replicas: with REDIS_URL the
  // loaders read through the operation's cache in Redis (a prime stays in the fetch's own loader).
  const scopes = operationScopes((shared) => createLoaders(options.db, options.onBatch, shared), {
    audience: "crm",
    store: options.operationStore,
  });
  return {
    name: "crm",
    typeDefs: subgraphTypeDefs(SCHEMA_PATH, "crm"),
    // Typed against the schema by codegen (src/generated/graphql.ts); the server's looser map differs
    // only in the signature codegen gives __isTypeOf (parent, context, info), so it is cast here.
    resolvers: resolvers as unknown as SubgraphDefinition<CrmContext>["resolvers"],
    context: async ({ operationId, readOnly, headers }) => ({
      db: options.db,
      loaders: await scopes.get(operationId, readOnly),
      now,
      language: languageOf(headers["accept-language"]),
      maxFollowedCompanies: options.maxFollowedCompanies,
      registerQuarantine: options.registerQuarantine,
      webhooks: options.webhooks,
    }),
    policy,
    // The log records when data was really read, whatever clock the case data runs on.
    internalEndpoints: { "access-log": accessLogWriter(options.db, () => new Date(), SUBGRAPH_POLICIES) },
    close: () => scopes.close(),
  };
}

export type { CrmContext } from "./context";
