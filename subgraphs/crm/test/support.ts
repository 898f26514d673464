import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { AccessLogRecorder, attachAccess, type RequestIdentity } from "@company-graph/kit/auth";
import { buildSchema, isReadOnly } from "@company-graph/kit/server";
import { maskError } from "@company-graph/kit/errors";
import pg from "pg";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase, PGLITE_OPTIONS, usePGlite, type CrmDatabase } from "../src/db/client";
import { applyMigrations, readMigrationsList } from "../src/db/migrate";
import type { PgConnection } from "../src/db/pg-factory";
import { parseDatabaseUrl } from "../src/db/pg-factory";
import { seedWorld, type SeedWorld } from "./fixture-seed";
import { createCrmSubgraph } from "../src/subgraph";
import type { CrmContext } from "../src/context";
import type { WebhookSettings } from "../src/webhook/resolvers";
import { EMPLOYEE, FIXTURE_WORLD } from "./fixtures";

/** Who the in-process tests act as unless they say otherwise: the front office's Freja. */
export const FRONT_OFFICE: RequestIdentity = { userId: EMPLOYEE.front, role: "FRONT_OFFICE" };

export type DatabaseKind = "pglite" | "postgres";

const PG_CANDIDATES = ["postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test"];

/** Finds an administrative PostgreSQL connection synchronously (describe.each needs the list at load time). */
function findPostgres(): PgConnection | null {
  if (process.env.CRM_TEST_POSTGRES === "off") return null;
  const candidates = process.env.TEST_DATABASE_URL ? [process.env.TEST_DATABASE_URL] : PG_CANDIDATES;
  for (const url of candidates) {
    const connection = parseDatabaseUrl(url);
    const probe = `const pg=require("pg");const c=new pg.Client(${JSON.stringify({ ...connection, connectionTimeoutMillis: 1500 })});c.connect().then(()=>c.query("select 1")).then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1));`;
    const result = spawnSync(process.execPath, ["-e", probe], { cwd: __dirname, timeout: 5_000, stdio: "ignore" });
    if (result.status === 0) return connection;
  }
  return null;
}

const POSTGRES_ADMIN = findPostgres();

// CI must prove both databases: a PostgreSQL variant that cannot run there is a failure, not a skip.
if (!POSTGRES_ADMIN && process.env.CI && process.env.CRM_TEST_POSTGRES !== "off") {
  throw new Error(
    "CI: PostgreSQL on 127.0.0.1:5432 (database test) is unreachable, so the CRM's PostgreSQL variants cannot run. " +
      "Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
  );
}

/** PGlite always; PostgreSQL too when the machine's server is reachable. */
export const DATABASES: DatabaseKind[] = POSTGRES_ADMIN ? ["pglite", "postgres"] : ["pglite"];

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ ...POSTGRES_ADMIN! });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase extends CrmDatabase {
  /** Closes the database and, on PostgreSQL, drops it. */
  destroy: () => Promise<void>;
}

/**
 * A migrated in-memory PGlite. The first call on a machine runs initdb and the migrations and
 * keeps a dump in the temp dir (keyed by the migrations' content); later test files load the
 * dump, which skips initdb (~3 s) and the migrations.
 */
async function migratedPGlite(): Promise<CrmDatabase> {
  const migrations = readMigrationsList().migrationDirectories.map((dir) => [
    dir.path,
    dir.migrationFile.content.tag === "ok" ? dir.migrationFile.content.value : "",
  ]);
  const hash = createHash("sha256").update(JSON.stringify(migrations)).digest("hex").slice(0, 16);
  const template = join(tmpdir(), `crm-pglite-template-${hash}.tar.gz`);
  if (existsSync(template)) {
    const pglite = await PGlite.create({ ...PGLITE_OPTIONS, loadDataDir: new Blob([readFileSync(template)]) });
    return usePGlite(pglite, "PGlite in memory (from template)");
  }
  const pglite = await PGlite.create(PGLITE_OPTIONS);
  const db = usePGlite(pglite, "PGlite in memory");
  await applyMigrations(db.migrationFactory());
  const dump = await pglite.dumpDataDir("gzip");
  const partial = `${template}.${process.pid}.tmp`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, template);
  return db;
}

/**
 * A fresh database: in-memory PGlite, or a new crm_test_<random> database on PostgreSQL.
 * `migrated` gives one with the committed migrations applied (PGlite then comes from a template).
 */
export async function freshDatabase(kind: DatabaseKind, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  if (kind === "pglite") {
    const db = options.migrated ? await migratedPGlite() : await openDatabase({ kind: "pglite", dataDir: null });
    return { ...db, destroy: () => db.close() };
  }
  const name = `crm_test_${randomBytes(6).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  const db = await openDatabase({ kind: "postgres", connection: { ...POSTGRES_ADMIN!, database: name } });
  if (options.migrated) await applyMigrations(db.migrationFactory());
  return {
    ...db,
    destroy: async () => {
      await db.close();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export interface GraphQLResult {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, any>; path?: readonly (string | number)[] }[];
}

export interface TestCrm {
  db: TestDatabase;
  server: ApolloServer<CrmContext>;
  /** DataLoader batches seen since the last reset: [loader, keys]. */
  batches: [string, number][];
  /**
   * Runs an operation in-process, like the gateway would over HTTP, and returns the JSON result;
   * with an operationId, as one fetch of that gateway operation (x-operation-id).
   */
  execute: (query: string, variables?: Record<string, unknown>, operationId?: string, as?: RequestIdentity) => Promise<GraphQLResult>;
  /** Runs an operation and fails the test on any error. */
  ok: (query: string, variables?: Record<string, unknown>, operationId?: string, as?: RequestIdentity) => Promise<Record<string, any>>;
  close: () => Promise<void>;
}

/** A migrated database seeded with the fixture world, and an Apollo server built from the CRM factory. */
export async function startTestCrm(
  kind: DatabaseKind,
  options: { world?: SeedWorld; now?: () => Date; maxFollowedCompanies?: number; webhooks?: WebhookSettings } = {},
): Promise<TestCrm> {
  const db = await freshDatabase(kind, { migrated: true });
  await seedWorld(db.prisma, options.world ?? FIXTURE_WORLD);
  const batches: [string, number][] = [];
  const subgraph = createCrmSubgraph({
    db: db.prisma,
    now: options.now,
    maxFollowedCompanies: options.maxFollowedCompanies,
    webhooks: options.webhooks,
    onBatch: (loader, keys) => batches.push([loader, keys]),
  });
  const server = new ApolloServer<CrmContext>({
    schema: buildSchema(subgraph),
    formatError: (formatted) => maskError(formatted),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await server.start();
  const execute = async (
    query: string,
    variables?: Record<string, unknown>,
    operationId?: string,
    as: RequestIdentity = FRONT_OFFICE,
  ): Promise<GraphQLResult> => {
    const contextValue = await subgraph.context({ operationId, readOnly: isReadOnly({ query }), headers: {} });
    // As serveSubgraph does with the gateway's verified identity; these tests read no personal data.
    attachAccess(contextValue, {
      identity: as,
      accessLog: new AccessLogRecorder("crm", async () => {}, { identity: as, gatewayToken: "" }),
    });
    const response = await server.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== "single") throw new Error("unexpected incremental response");
    return JSON.parse(JSON.stringify(response.body.singleResult)) as GraphQLResult;
  };
  return {
    db,
    server,
    batches,
    execute,
    ok: async (query, variables, operationId, as) => {
      const result = await execute(query, variables, operationId, as);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data ?? {};
    },
    close: async () => {
      subgraph.close();
      await server.stop();
      await db.destroy();
    },
  };
}

/** The single error of a result, for asserting code and field. */
export function onlyError(result: GraphQLResult) {
  expect(result.errors).toHaveLength(1);
  return result.errors![0];
}
