-- CreateEnum
CREATE TYPE "UnitKind" AS ENUM ('FRONT_OFFICE', 'CONSULTANT_TEAM', 'DEPARTMENT', 'DEVELOPMENT_UNIT');

-- CreateEnum
CREATE TYPE "EmployeeRole" AS ENUM ('FRONT_OFFICE_AGENT', 'CONSULTANT', 'KEY_ACCOUNT_MANAGER', 'JOB_CONSULTANT', 'CASEWORKER', 'MANAGER', 'ANALYST');

-- CreateEnum
CREATE TYPE "InquiryChannel" AS ENUM ('PHONE', 'EMAIL', 'WEB', 'IN_PERSON', 'OUTREACH', 'LETTER');

-- CreateEnum
CREATE TYPE "InquiryStatus" AS ENUM ('OPEN', 'HANDED_OVER', 'CLOSED');

-- CreateEnum
CREATE TYPE "CompanyStage" AS ENUM ('PRE_START', 'START_UP', 'ESTABLISHED', 'GROWTH', 'LARGE');

-- CreateEnum
CREATE TYPE "FollowUpStatus" AS ENUM ('OPEN', 'DONE');

-- CreateTable
CREATE TABLE "Company" (
    "cvr" VARCHAR(8) NOT NULL,
    "name" TEXT NOT NULL,
    "companyForm" TEXT,
    "industryCode" TEXT,
    "industryText" TEXT,
    "industryCodeSystem" TEXT NOT NULL DEFAULT 'DB07',
    "sizeBand" TEXT,
    "employees" INTEGER,
    "street" TEXT,
    "postalCode" TEXT,
    "city" TEXT,
    "advertisingProtected" BOOLEAN NOT NULL DEFAULT false,
    "segment" TEXT,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Company_pkey" PRIMARY KEY ("cvr")
);

-- CreateTable
CREATE TABLE "ProductionUnit" (
    "pNumber" VARCHAR(10) NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "name" TEXT NOT NULL,
    "street" TEXT,
    "postalCode" TEXT,
    "city" TEXT,

    CONSTRAINT "ProductionUnit_pkey" PRIMARY KEY ("pNumber")
);

-- CreateTable
CREATE TABLE "ContactPerson" (
    "id" TEXT NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "consent" BOOLEAN NOT NULL DEFAULT false,
    "consentDate" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ContactPerson_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MunicipalUnit" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "UnitKind" NOT NULL,
    "department" TEXT,
    "packageId" TEXT,

    CONSTRAINT "MunicipalUnit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Employee" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "role" "EmployeeRole" NOT NULL,

    CONSTRAINT "Employee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KeyAccountAssignment" (
    "id" TEXT NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "employeeId" TEXT NOT NULL,
    "from" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "until" TIMESTAMP(3),
    "reason" TEXT,

    CONSTRAINT "KeyAccountAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Inquiry" (
    "id" TEXT NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "channel" "InquiryChannel" NOT NULL,
    "topic" TEXT NOT NULL,
    "serviceId" TEXT,
    "needs" TEXT,
    "companyStage" "CompanyStage",
    "status" "InquiryStatus" NOT NULL DEFAULT 'OPEN',
    "registeredById" TEXT NOT NULL,
    "assigneeId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "closedById" TEXT,
    "outcome" TEXT,
    "referralPartner" TEXT,
    "referralContact" TEXT,
    "referralContactEmail" TEXT,
    "referralNote" TEXT,

    CONSTRAINT "Inquiry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InquiryHandover" (
    "id" TEXT NOT NULL,
    "inquiryId" TEXT NOT NULL,
    "fromEmployeeId" TEXT NOT NULL,
    "toEmployeeId" TEXT NOT NULL,
    "byEmployeeId" TEXT NOT NULL,
    "note" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InquiryHandover_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Note" (
    "id" TEXT NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "inquiryId" TEXT,
    "authorId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" TEXT NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "inquiryId" TEXT,
    "description" TEXT NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "ownerId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "status" "FollowUpStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "completedById" TEXT,
    "completionNote" TEXT,

    CONSTRAINT "FollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PackageEnrolment" (
    "id" TEXT NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "packageId" TEXT NOT NULL,
    "enrolledById" TEXT NOT NULL,
    "enrolledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT,

    CONSTRAINT "PackageEnrolment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" TEXT NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "inquiryId" TEXT,
    "serviceId" TEXT,
    "unitId" TEXT,
    "processingSpeed" INTEGER NOT NULL,
    "competence" INTEGER NOT NULL,
    "fixedContactPerson" INTEGER NOT NULL,
    "ongoingUpdates" INTEGER NOT NULL,
    "overall" INTEGER NOT NULL,
    "comment" TEXT,
    "respondedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "resultId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Company_name_cvr_idx" ON "Company"("name", "cvr");

-- CreateIndex
CREATE INDEX "Company_industryCode_idx" ON "Company"("industryCode");

-- CreateIndex
CREATE INDEX "ProductionUnit_cvr_idx" ON "ProductionUnit"("cvr");

-- CreateIndex
CREATE INDEX "ContactPerson_cvr_idx" ON "ContactPerson"("cvr");

-- CreateIndex
CREATE UNIQUE INDEX "Employee_email_key" ON "Employee"("email");

-- CreateIndex
CREATE INDEX "Employee_unitId_idx" ON "Employee"("unitId");

-- CreateIndex
CREATE INDEX "KeyAccountAssignment_cvr_from_idx" ON "KeyAccountAssignment"("cvr", "from");

-- CreateIndex
CREATE INDEX "KeyAccountAssignment_employeeId_idx" ON "KeyAccountAssignment"("employeeId");

-- CreateIndex
CREATE INDEX "Inquiry_cvr_receivedAt_idx" ON "Inquiry"("cvr", "receivedAt");

-- CreateIndex
CREATE INDEX "Inquiry_assigneeId_status_idx" ON "Inquiry"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "InquiryHandover_inquiryId_at_idx" ON "InquiryHandover"("inquiryId", "at");

-- CreateIndex
CREATE INDEX "Note_cvr_occurredAt_idx" ON "Note"("cvr", "occurredAt");

-- CreateIndex
CREATE INDEX "Note_inquiryId_idx" ON "Note"("inquiryId");

-- CreateIndex
CREATE INDEX "FollowUp_cvr_status_deadline_idx" ON "FollowUp"("cvr", "status", "deadline");

-- CreateIndex
CREATE INDEX "FollowUp_ownerId_status_deadline_idx" ON "FollowUp"("ownerId", "status", "deadline");

-- CreateIndex
CREATE INDEX "FollowUp_inquiryId_idx" ON "FollowUp"("inquiryId");

-- CreateIndex
CREATE UNIQUE INDEX "PackageEnrolment_cvr_packageId_key" ON "PackageEnrolment"("cvr", "packageId");

-- CreateIndex
CREATE INDEX "SurveyResponse_cvr_respondedAt_idx" ON "SurveyResponse"("cvr", "respondedAt");

-- CreateIndex
CREATE INDEX "SurveyResponse_serviceId_idx" ON "SurveyResponse"("serviceId");

-- AddForeignKey
ALTER TABLE "ProductionUnit" ADD CONSTRAINT "ProductionUnit_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactPerson" ADD CONSTRAINT "ContactPerson_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employee" ADD CONSTRAINT "Employee_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "MunicipalUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyAccountAssignment" ADD CONSTRAINT "KeyAccountAssignment_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyAccountAssignment" ADD CONSTRAINT "KeyAccountAssignment_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Inquiry" ADD CONSTRAINT "Inquiry_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Inquiry" ADD CONSTRAINT "Inquiry_registeredById_fkey" FOREIGN KEY ("registeredById") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Inquiry" ADD CONSTRAINT "Inquiry_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Inquiry" ADD CONSTRAINT "Inquiry_closedById_fkey" FOREIGN KEY ("closedById") REFERENCES "Employee"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InquiryHandover" ADD CONSTRAINT "InquiryHandover_inquiryId_fkey" FOREIGN KEY ("inquiryId") REFERENCES "Inquiry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InquiryHandover" ADD CONSTRAINT "InquiryHandover_fromEmployeeId_fkey" FOREIGN KEY ("fromEmployeeId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InquiryHandover" ADD CONSTRAINT "InquiryHandover_toEmployeeId_fkey" FOREIGN KEY ("toEmployeeId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InquiryHandover" ADD CONSTRAINT "InquiryHandover_byEmployeeId_fkey" FOREIGN KEY ("byEmployeeId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_inquiryId_fkey" FOREIGN KEY ("inquiryId") REFERENCES "Inquiry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_inquiryId_fkey" FOREIGN KEY ("inquiryId") REFERENCES "Inquiry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_completedById_fkey" FOREIGN KEY ("completedById") REFERENCES "Employee"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PackageEnrolment" ADD CONSTRAINT "PackageEnrolment_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PackageEnrolment" ADD CONSTRAINT "PackageEnrolment_enrolledById_fkey" FOREIGN KEY ("enrolledById") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_inquiryId_fkey" FOREIGN KEY ("inquiryId") REFERENCES "Inquiry"("id") ON DELETE SET NULL ON UPDATE CASCADE;
