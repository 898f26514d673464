-- A company is found by the address of any of its active production units (the street of a shop, its
-- postal town), not only its head office: the addresses of the units are kept on the company
-- ("unitAddresses", written with the units by src/company/unit-addresses.ts) and folded into the
-- same generated search column, so a search stays one LIKE through one trigram index instead of a
-- lookup of units whose CVR numbers the query would have to carry. The companies already stored
-- get the addresses of their units here. No semicolon in these comments: @prisma/adapter-pg splits a
-- migration script at every one.

-- AlterTable
ALTER TABLE "Company" ADD COLUMN "unitAddresses" TEXT;

-- Backfill
UPDATE "Company" AS company SET "unitAddresses" = units.addresses
FROM (SELECT "cvr", string_agg(concat_ws(' ', "street", "postalCode", "city"), ' ' ORDER BY "pNumber") AS addresses FROM "ProductionUnit" WHERE "active" GROUP BY "cvr") AS units
WHERE company."cvr" = units."cvr";

-- DropIndex
DROP INDEX "Company_spellingSearch_trgm_idx";

-- AlterTable
ALTER TABLE "Company" DROP COLUMN "spellingSearch";

-- AlterTable
ALTER TABLE "Company" ADD COLUMN "spellingSearch" TEXT NOT NULL GENERATED ALWAYS AS (translate(replace(replace(replace(translate("name" || ' ' || coalesce("registerRecord"->>'secondaryNames', '') || ' ' || coalesce("street", '') || ' ' || coalesce("postalCode", '') || ' ' || coalesce("city", '') || ' ' || coalesce("unitAddresses", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÀÁÂÃÄÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäçèéêëìíîïñòóôõöùúûüýÿ', 'abcdefghijklmnopqrstuvwxyzæøåaaaaaceeeeiiiinooooouuuuyaaaaaceeeeiiiinooooouuuuyy'), 'aa', 'a'), 'ae', 'a'), 'oe', 'o'), 'æøå', 'aoa') || ' ' || translate(translate("name" || ' ' || coalesce("registerRecord"->>'secondaryNames', '') || ' ' || coalesce("street", '') || ' ' || coalesce("postalCode", '') || ' ' || coalesce("city", '') || ' ' || coalesce("unitAddresses", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÀÁÂÃÄÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäçèéêëìíîïñòóôõöùúûüýÿ', 'abcdefghijklmnopqrstuvwxyzæøåaaaaaceeeeiiiinooooouuuuyaaaaaceeeeiiiinooooouuuuyy'), 'æøå', 'aoa')) STORED;

-- CreateIndex
CREATE INDEX "Company_spellingSearch_trgm_idx" ON "Company" USING GIN ("spellingSearch" gin_trgm_ops);
