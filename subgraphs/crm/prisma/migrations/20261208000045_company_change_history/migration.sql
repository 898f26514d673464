-- CreateTable
CREATE TABLE "CompanyChange" (
    "sequence" BIGSERIAL NOT NULL,
    "messageId" UUID NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "department" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kle" TEXT NOT NULL,
    "sensitivity" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "payload" JSONB NOT NULL,

    CONSTRAINT "CompanyChange_pkey" PRIMARY KEY ("sequence")
);

-- CreateIndex
CREATE UNIQUE INDEX "CompanyChange_messageId_key" ON "CompanyChange"("messageId");

-- CreateIndex
CREATE INDEX "CompanyChange_cvr_occurredAt_sequence_idx" ON "CompanyChange"("cvr", "occurredAt", "sequence");

-- AddForeignKey
ALTER TABLE "CompanyChange" ADD CONSTRAINT "CompanyChange_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "EventFeedPosition" ADD COLUMN "log" TEXT;
