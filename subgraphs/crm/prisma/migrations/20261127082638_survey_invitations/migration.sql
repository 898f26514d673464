-- CreateTable
CREATE TABLE "SurveyInvitation" (
    "id" TEXT NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "inquiryId" TEXT,
    "caseId" TEXT,
    "serviceId" TEXT,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "responseId" TEXT,

    CONSTRAINT "SurveyInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SurveyInvitation_inquiryId_key" ON "SurveyInvitation"("inquiryId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyInvitation_caseId_key" ON "SurveyInvitation"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyInvitation_responseId_key" ON "SurveyInvitation"("responseId");

-- CreateIndex
CREATE INDEX "SurveyInvitation_cvr_issuedAt_idx" ON "SurveyInvitation"("cvr", "issuedAt");

-- AddForeignKey
ALTER TABLE "SurveyInvitation" ADD CONSTRAINT "SurveyInvitation_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyInvitation" ADD CONSTRAINT "SurveyInvitation_inquiryId_fkey" FOREIGN KEY ("inquiryId") REFERENCES "Inquiry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyInvitation" ADD CONSTRAINT "SurveyInvitation_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "SurveyResponse"("id") ON DELETE SET NULL ON UPDATE CASCADE;
