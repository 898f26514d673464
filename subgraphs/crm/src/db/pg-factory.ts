import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

/** Discrete PostgreSQL connection fields. Never a connection string: see docs/crm.md. */
export interface PgConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

/**
 * Parses a postgresql:// URL into discrete fields. @prisma/adapter-pg derives its shadow
 * database by overriding `database`, which a connection string would silently win over.
 */
export function parseDatabaseUrl(databaseUrl: string): PgConnection {
  const url = new URL(databaseUrl);
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new Error(`DATABASE_URL must start with postgresql://, got "${url.protocol}"`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!database) throw new Error("DATABASE_URL must name a database, e.g. postgresql://user@127.0.0.1:5432/crm");
  return {
    host: decodeURIComponent(url.hostname) || "127.0.0.1",
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || "postgres",
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    database,
  };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] } | undefined;

function charAsText<T>(result: T): T {
  const fields = (result as QueryResultLike)?.fields;
  if (fields) for (const field of fields) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  return result;
}

/**
 * A pg client that reports the internal `"char"` type (pg_class.relkind etc.) as text: the
 * schema engine's describe step cannot deserialise it through @prisma/adapter-pg 7.10.0.
 */
class CharAsTextClient extends pg.Client {
  // pg's overloads are too wide to restate; pg-pool uses the callback form, everything else the promise form.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the overrides' return types differ by overload
  override query(...args: unknown[]): any {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const callback = last as (error: Error | null, result: unknown) => void;
      return (super.query as (...a: unknown[]) => unknown)(...args.slice(0, -1), (error: Error | null, result: unknown) =>
        callback(error, charAsText(result)),
      );
    }
    const submitted = (super.query as (...a: unknown[]) => unknown)(...args);
    return submitted instanceof Promise ? submitted.then(charAsText) : submitted;
  }
}

function migrationAdapter(connection: PgConnection): PrismaPg {
  const pool = new pg.Pool({ ...connection, Client: CharAsTextClient, allowExitOnIdle: true, max: 2 });
  return new PrismaPg(pool, { disposeExternalPool: true });
}

async function adminQuery(connection: PgConnection, sql: string): Promise<void> {
  const client = new pg.Client({ ...connection });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A schema-engine adapter factory for PostgreSQL that works around @prisma/adapter-pg 7.10.0:
 * discrete connection fields, `"char"` read as text, and a shadow database that is created with
 * a unique name and dropped (WITH FORCE) only after its pool has ended.
 */
export function pgMigrationFactory(connection: PgConnection): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => migrationAdapter(connection).connect(),
    connectToShadowDb: async (): Promise<SqlDriverAdapter> => {
      const shadowName = `prisma_shadow_${randomUUID().replace(/-/g, "")}`;
      await adminQuery(connection, `CREATE DATABASE "${shadowName}"`);
      const adapter = await migrationAdapter({ ...connection, database: shadowName }).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await adminQuery(connection, `DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
      };
      return adapter;
    },
  };
}
