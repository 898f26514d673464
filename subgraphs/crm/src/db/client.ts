import { mkdirSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client.js";
import { parseDatabaseUrl, pgMigrationFactory, type PgConnection } from "./pg-factory";
import { pgliteListen, postgresListen, type Listen } from "./listen";

/** The package root (subgraphs/crm), from src/db or dist/db alike. */
export const PACKAGE_ROOT = join(__dirname, "..", "..");
const DEFAULT_DATA_DIR = ".data/crm";
/** CRM_DATA_DIR value that selects a throwaway in-memory PGlite. */
const IN_MEMORY = "memory";

/** Where the CRM keeps its data: embedded PGlite (on disk or in memory) or a PostgreSQL server. */
export type DatabaseConfig =
  | { kind: "pglite"; /** Absolute directory, or null for in-memory. */ dataDir: string | null }
  | { kind: "postgres"; connection: PgConnection };

/**
 * DATABASE_URL selects PostgreSQL; otherwise CRM_DATA_DIR selects PGlite ("memory" for
 * in-memory, a path relative to the package otherwise; default .data/crm).
 */
export function databaseConfig(env: { DATABASE_URL?: string; CRM_DATA_DIR?: string }): DatabaseConfig {
  if (env.DATABASE_URL) return { kind: "postgres", connection: parseDatabaseUrl(env.DATABASE_URL) };
  const dir = env.CRM_DATA_DIR || DEFAULT_DATA_DIR;
  if (dir === IN_MEMORY) return { kind: "pglite", dataDir: null };
  return { kind: "pglite", dataDir: isAbsolute(dir) ? dir : join(PACKAGE_ROOT, dir) };
}

export interface CrmDatabase {
  prisma: PrismaClient;
  kind: DatabaseConfig["kind"];
  /** Human-readable location for logs, without credentials. */
  description: string;
  /** A fresh adapter factory for the schema engine (migrations), on the same database. */
  migrationFactory: () => SqlMigrationAwareDriverAdapterFactory;
  /** PGlite only: the whole database as a gzipped tarball, for openPGliteDump (a test's prepared copy). */
  dump?: () => Promise<Blob>;
  /** LISTEN on a channel of this database (db/listen.ts). */
  listen: Listen;
  close: () => Promise<void>;
}

/**
 * Options for every PGlite the CRM opens: pg_trgm ships inside PGlite (no download) and backs the
 * trigram indexes of company search (migration search_trigram), so every PGlite must load it.
 */
export const PGLITE_OPTIONS = { extensions: { pg_trgm } } satisfies PGliteOptions;

/** Wraps a PGlite factory so the in-memory shadow database it makes is closed on dispose. */
function pgliteMigrationFactory(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const main = new PrismaPGlite(pglite);
  return {
    provider: "postgres",
    adapterName: main.adapterName,
    connect: () => main.connect(),
    connectToShadowDb: async (): Promise<SqlDriverAdapter> => {
      const shadow = new PGlite(PGLITE_OPTIONS);
      const adapter = await new PrismaPGlite(shadow).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await shadow.close();
      };
      return adapter;
    },
  };
}

export async function openDatabase(
  config: DatabaseConfig,
  onListenError: (error: unknown) => void = () => undefined,
): Promise<CrmDatabase> {
  if (config.kind === "postgres") {
    const { connection } = config;
    const prisma = new PrismaClient({ adapter: new PrismaPg({ ...connection, max: 10 }) });
    return {
      prisma,
      kind: "postgres",
      description: `PostgreSQL ${connection.host}:${connection.port}/${connection.database}`,
      migrationFactory: () => pgMigrationFactory(connection),
      listen: postgresListen(connection, onListenError),
      close: () => prisma.$disconnect(),
    };
  }
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const pglite = await PGlite.create(config.dataDir ?? undefined, PGLITE_OPTIONS);
  return usePGlite(pglite, config.dataDir ? `PGlite at ${config.dataDir}` : "PGlite in memory");
}

/** An in-memory PGlite loaded from a dump (CrmDatabase.dump): skips initdb and whatever filled it. */
export async function openPGliteDump(dump: Blob): Promise<CrmDatabase> {
  return usePGlite(await PGlite.create({ ...PGLITE_OPTIONS, loadDataDir: dump }), "PGlite in memory (from a dump)");
}

/** A CrmDatabase over an already open PGlite (e.g. one loaded from a dump); closing it closes the PGlite. */
export function usePGlite(pglite: PGlite, description: string): CrmDatabase {
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    kind: "pglite",
    description,
    migrationFactory: () => pgliteMigrationFactory(pglite),
    dump: () => pglite.dumpDataDir("gzip"),
    listen: pgliteListen(pglite),
    close: async () => {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}
