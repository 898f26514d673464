-- Inquiries about several services (issue 15, item 6): an inquiry's service, owner, status,
-- handovers and closing move to its parts (InquiryPart), one per service and department, each
-- handed over and closed on its own, and the inquiry's status is derived from its parts. Every
-- existing inquiry becomes one part (position 0) with exactly what it held, its handovers and
-- its survey invitation move to that part, and nothing is lost. The invitation also records the
-- unit that closed it (the closer's), and an answered one gives that unit to its response when
-- the response has none.

-- CreateTable
CREATE TABLE "InquiryPart" (
    "id" TEXT NOT NULL,
    "inquiryId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "serviceId" TEXT,
    "department" TEXT,
    "status" "InquiryStatus" NOT NULL DEFAULT 'OPEN',
    "ownerId" TEXT NOT NULL,
    "closedAt" TIMESTAMP(3),
    "closedById" TEXT,
    "outcome" TEXT,
    "referralPartner" TEXT,
    "referralContact" TEXT,
    "referralContactEmail" TEXT,
    "referralNote" TEXT,

    CONSTRAINT "InquiryPart_pkey" PRIMARY KEY ("id")
);

-- Every inquiry becomes one part. "department" stays null: a part with a service takes the
-- service's department from the catalogue.
INSERT INTO "InquiryPart" ("id", "inquiryId", "position", "serviceId", "department", "status", "ownerId", "closedAt", "closedById", "outcome", "referralPartner", "referralContact", "referralContactEmail", "referralNote")
SELECT gen_random_uuid()::text, "id", 0, "serviceId", NULL, "status", "assigneeId", "closedAt", "closedById", "outcome", "referralPartner", "referralContact", "referralContactEmail", "referralNote"
FROM "Inquiry";

-- Handovers belong to the part.
ALTER TABLE "InquiryHandover" ADD COLUMN "partId" TEXT;
UPDATE "InquiryHandover" AS handover SET "partId" = part."id" FROM "InquiryPart" AS part WHERE part."inquiryId" = handover."inquiryId";
ALTER TABLE "InquiryHandover" ALTER COLUMN "partId" SET NOT NULL;

-- Survey invitations: one per part, with the unit that closed it.
ALTER TABLE "SurveyInvitation" ADD COLUMN "partId" TEXT,
ADD COLUMN "unitId" TEXT;
UPDATE "SurveyInvitation" AS invitation SET "partId" = part."id" FROM "InquiryPart" AS part WHERE part."inquiryId" = invitation."inquiryId";
UPDATE "SurveyInvitation" AS invitation SET "unitId" = employee."unitId"
FROM "InquiryPart" AS part JOIN "Employee" AS employee ON employee."id" = part."closedById"
WHERE part."id" = invitation."partId";
UPDATE "SurveyResponse" AS response SET "unitId" = invitation."unitId"
FROM "SurveyInvitation" AS invitation
WHERE invitation."responseId" = response."id" AND response."unitId" IS NULL AND invitation."unitId" IS NOT NULL;

-- DropForeignKey
ALTER TABLE "Inquiry" DROP CONSTRAINT "Inquiry_assigneeId_fkey";

-- DropForeignKey
ALTER TABLE "Inquiry" DROP CONSTRAINT "Inquiry_closedById_fkey";

-- DropForeignKey
ALTER TABLE "InquiryHandover" DROP CONSTRAINT "InquiryHandover_inquiryId_fkey";

-- DropIndex
DROP INDEX "Inquiry_assigneeId_status_idx";

-- DropIndex
DROP INDEX "InquiryHandover_inquiryId_at_idx";

-- DropIndex
DROP INDEX "SurveyInvitation_inquiryId_key";

-- AlterTable
ALTER TABLE "Inquiry" DROP COLUMN "assigneeId",
DROP COLUMN "closedAt",
DROP COLUMN "closedById",
DROP COLUMN "outcome",
DROP COLUMN "referralContact",
DROP COLUMN "referralContactEmail",
DROP COLUMN "referralNote",
DROP COLUMN "referralPartner",
DROP COLUMN "serviceId",
DROP COLUMN "status";

-- AlterTable
ALTER TABLE "InquiryHandover" DROP COLUMN "inquiryId";

-- CreateIndex
CREATE INDEX "InquiryPart_ownerId_status_idx" ON "InquiryPart"("ownerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "InquiryPart_inquiryId_position_key" ON "InquiryPart"("inquiryId", "position");

-- CreateIndex
CREATE INDEX "InquiryHandover_partId_at_idx" ON "InquiryHandover"("partId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyInvitation_partId_key" ON "SurveyInvitation"("partId");

-- CreateIndex
CREATE INDEX "SurveyInvitation_inquiryId_idx" ON "SurveyInvitation"("inquiryId");

-- AddForeignKey
ALTER TABLE "InquiryPart" ADD CONSTRAINT "InquiryPart_inquiryId_fkey" FOREIGN KEY ("inquiryId") REFERENCES "Inquiry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InquiryPart" ADD CONSTRAINT "InquiryPart_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InquiryPart" ADD CONSTRAINT "InquiryPart_closedById_fkey" FOREIGN KEY ("closedById") REFERENCES "Employee"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InquiryHandover" ADD CONSTRAINT "InquiryHandover_partId_fkey" FOREIGN KEY ("partId") REFERENCES "InquiryPart"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyInvitation" ADD CONSTRAINT "SurveyInvitation_partId_fkey" FOREIGN KEY ("partId") REFERENCES "InquiryPart"("id") ON DELETE SET NULL ON UPDATE CASCADE;
