-- Search as people type (see src/danish-text.ts, spellingSearchText, which holds the same steps,
-- and a test compares the two on every company): the name, the register's secondary names and
-- the address (street, postal code, postal town) folded like the name's sort key (lower case,
-- accents dropped), twice: once with ae, oe, aa and the letters æ, ø, å each folded to one letter
-- (a, o, a), so "boelge", "bolge" and "Bølge" meet and "Aarhus", "Arhus" and "Århus", and once
-- with only the letters folded, so a term starting inside such a pair ("esi" in "Poesi") is found
-- too. A term is folded the first way and matched with one LIKE through one trigram index: the
-- accent-only columns it replaces took an OR of three indexes, which the planner answered with a
-- sequential scan. A generated column, so every write path fills it and adding it computes it for
-- the companies already stored. No semicolon in these comments: @prisma/adapter-pg splits a
-- migration script at every one.

-- DropIndex
DROP INDEX "Company_nameSearch_trgm_idx";

-- DropIndex
DROP INDEX "Company_secondaryNameSearch_trgm_idx";

-- AlterTable
ALTER TABLE "Company" DROP COLUMN "nameSearch",
DROP COLUMN "secondaryNameSearch";

-- AlterTable
ALTER TABLE "Company" ADD COLUMN "spellingSearch" TEXT NOT NULL GENERATED ALWAYS AS (translate(replace(replace(replace(translate("name" || ' ' || coalesce("registerRecord"->>'secondaryNames', '') || ' ' || coalesce("street", '') || ' ' || coalesce("postalCode", '') || ' ' || coalesce("city", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÀÁÂÃÄÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäçèéêëìíîïñòóôõöùúûüýÿ', 'abcdefghijklmnopqrstuvwxyzæøåaaaaaceeeeiiiinooooouuuuyaaaaaceeeeiiiinooooouuuuyy'), 'aa', 'a'), 'ae', 'a'), 'oe', 'o'), 'æøå', 'aoa') || ' ' || translate(translate("name" || ' ' || coalesce("registerRecord"->>'secondaryNames', '') || ' ' || coalesce("street", '') || ' ' || coalesce("postalCode", '') || ' ' || coalesce("city", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÀÁÂÃÄÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäçèéêëìíîïñòóôõöùúûüýÿ', 'abcdefghijklmnopqrstuvwxyzæøåaaaaaceeeeiiiinooooouuuuyaaaaaceeeeiiiinooooouuuuyy'), 'æøå', 'aoa')) STORED;

-- CreateIndex
CREATE INDEX "Company_spellingSearch_trgm_idx" ON "Company" USING GIN ("spellingSearch" gin_trgm_ops);
