-- Outreach (src/outreach/): outbound contacts with the advertising-protection basis they were
-- recorded under. And company search by secondary names (binavne), indexed: the register's
-- secondary names folded like nameSearch (the same table as 20261201230000_danish_name_keys and
-- src/danish-text.ts) in a generated column with a trigram index, so every write path (the CVR
-- sync, seeding) fills it and PGlite and PostgreSQL search it alike. The JSON array's text form
-- is folded as a whole. No semicolon in these comments: @prisma/adapter-pg splits a migration
-- script at every one.

-- CreateEnum
CREATE TYPE "OutreachChannel" AS ENUM ('VISIT', 'PHONE', 'EMAIL', 'LETTER');

-- CreateEnum
CREATE TYPE "OutreachBasisKind" AS ENUM ('CONSENT', 'LEGAL_BASIS');

-- CreateTable
CREATE TABLE "Outreach" (
    "id" TEXT NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "channel" "OutreachChannel" NOT NULL,
    "purpose" TEXT NOT NULL,
    "plannedFor" TIMESTAMP(3),
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedById" TEXT NOT NULL,
    "advertisingProtected" BOOLEAN NOT NULL,
    "basisKind" "OutreachBasisKind",
    "consentGivenAt" TIMESTAMP(3),
    "consentHow" TEXT,
    "legalReference" TEXT,

    CONSTRAINT "Outreach_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Outreach_cvr_recordedAt_idx" ON "Outreach"("cvr", "recordedAt");

-- CreateIndex
CREATE INDEX "Outreach_recordedById_idx" ON "Outreach"("recordedById");

-- AddForeignKey
ALTER TABLE "Outreach" ADD CONSTRAINT "Outreach_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outreach" ADD CONSTRAINT "Outreach_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Company" ADD COLUMN "secondaryNameSearch" TEXT NOT NULL GENERATED ALWAYS AS (translate(coalesce("registerRecord"->>'secondaryNames', ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÀÁÂÃÄÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäçèéêëìíîïñòóôõöùúûüýÿ', 'abcdefghijklmnopqrstuvwxyzæøåaaaaaceeeeiiiinooooouuuuyaaaaaceeeeiiiinooooouuuuyy')) STORED;

-- CreateIndex
CREATE INDEX "Company_secondaryNameSearch_trgm_idx" ON "Company" USING GIN ("secondaryNameSearch" gin_trgm_ops);
