-- Danish order and accent-insensitive search, the same on PGlite and PostgreSQL (see
-- src/danish-text.ts, which holds the same tables, and a test compares the two on every company).
-- translate() rather than ICU collations or unaccent: PGlite has neither, and lower() on
-- non-ASCII letters depends on the server locale. Generated columns, so every write path
-- (seeding, an inquiry about a new company) fills them. No semicolon in these comments:
-- @prisma/adapter-pg splits a migration script at every one.
ALTER TABLE "Company" ADD COLUMN "nameSearch" TEXT NOT NULL GENERATED ALWAYS AS (translate("name", 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÀÁÂÃÄÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäçèéêëìíîïñòóôõöùúûüýÿ', 'abcdefghijklmnopqrstuvwxyzæøåaaaaaceeeeiiiinooooouuuuyaaaaaceeeeiiiinooooouuuuyy')) STORED;
ALTER TABLE "Company" ADD COLUMN "nameSortKey" TEXT COLLATE "C" NOT NULL GENERATED ALWAYS AS (translate(replace(translate(translate("name", 'ÄäÖöÜü', 'ææøøyy'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÀÁÂÃÄÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäçèéêëìíîïñòóôõöùúûüýÿ', 'abcdefghijklmnopqrstuvwxyzæøåaaaaaceeeeiiiinooooouuuuyaaaaaceeeeiiiinooooouuuuyy'), 'aa', 'å'), 'æøå', '{|}')) STORED;

-- CreateIndex
CREATE INDEX "Company_nameSortKey_cvr_idx" ON "Company"("nameSortKey", "cvr");

-- CreateIndex
CREATE INDEX "Company_nameSearch_trgm_idx" ON "Company" USING GIN ("nameSearch" gin_trgm_ops);
