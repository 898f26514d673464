import { join } from "node:path";
import { defineConfig } from "prisma/config";

// Only `prisma generate` uses this file: migrations are created and applied by src/db/migrate.ts
// with the wasm schema engine (no binary downloads). The URL is a placeholder; nothing connects.
export default defineConfig({
  schema: join(__dirname, "prisma", "schema.prisma"),
  migrations: { path: join(__dirname, "prisma", "migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/crm" },
});
