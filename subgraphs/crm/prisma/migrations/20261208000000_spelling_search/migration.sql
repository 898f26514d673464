-- Search as people type (see src/danish-text.ts, spellingKey, which holds the same steps, and a
-- test compares the two on every company): the name, the register's secondary names and the
-- address (street, postal code, postal town) folded like nameSearch, then ae, oe and aa and the
-- letters æ, ø and å each to one letter (a, o, a), so "boelge", "bolge" and "Bølge" meet and
-- "Aarhus", "Arhus" and "Århus". A generated column, so every write path fills it and adding it
-- computes it for the companies already stored. No semicolon in these comments:
-- @prisma/adapter-pg splits a migration script at every one.

-- AlterTable
ALTER TABLE "Company" ADD COLUMN "spellingSearch" TEXT NOT NULL GENERATED ALWAYS AS (translate(replace(replace(replace(translate("name" || ' ' || coalesce("registerRecord"->>'secondaryNames', '') || ' ' || coalesce("street", '') || ' ' || coalesce("postalCode", '') || ' ' || coalesce("city", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÀÁÂÃÄÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäçèéêëìíîïñòóôõöùúûüýÿ', 'abcdefghijklmnopqrstuvwxyzæøåaaaaaceeeeiiiinooooouuuuyaaaaaceeeeiiiinooooouuuuyy'), 'aa', 'a'), 'ae', 'a'), 'oe', 'o'), 'æøå', 'aoa')) STORED;

-- CreateIndex
CREATE INDEX "Company_spellingSearch_trgm_idx" ON "Company" USING GIN ("spellingSearch" gin_trgm_ops);
