/**
 * `npm run migrate:dev -- --name <snake_case>`: creates the next migration from
 * prisma/schema.prisma with the wasm schema engine (no binary download). By default it diffs
 * against a throwaway in-memory PGlite (shadow: another in-memory PGlite); with DATABASE_URL set
 * it uses that PostgreSQL database as the development database (the role needs CREATEDB).
 */
import { databaseConfig, openDatabase } from "./client";
import { createMigration } from "./migrate";

async function main(): Promise<void> {
  const nameIndex = process.argv.indexOf("--name");
  const name = nameIndex >= 0 ? process.argv[nameIndex + 1] : undefined;
  if (!name) throw new Error("usage: npm run migrate:dev -- --name <snake_case_name>");
  const db = await openDatabase(
    process.env.DATABASE_URL ? databaseConfig({ DATABASE_URL: process.env.DATABASE_URL }) : { kind: "pglite", dataDir: null },
  );
  try {
    const created = await createMigration(db.migrationFactory(), name);
    console.log(created ? `created prisma/migrations/${created}/migration.sql` : "schema unchanged: no migration created");
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
