-- CreateTable
CREATE TABLE "CompanyFollow" (
    "employeeId" TEXT NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "followedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CompanyFollow_pkey" PRIMARY KEY ("employeeId","cvr")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "employeeId" TEXT NOT NULL,
    "changeSequence" BIGINT NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "department" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "objectId" TEXT,
    "subject" TEXT,
    "validTo" TIMESTAMP(3),
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "withheld" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CompanyFollow_cvr_idx" ON "CompanyFollow"("cvr");

-- CreateIndex
CREATE INDEX "Notification_employeeId_readAt_idx" ON "Notification"("employeeId", "readAt");

-- CreateIndex
CREATE INDEX "Notification_createdAt_idx" ON "Notification"("createdAt");

-- CreateIndex
CREATE INDEX "Notification_changeSequence_idx" ON "Notification"("changeSequence");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_employeeId_changeSequence_key" ON "Notification"("employeeId", "changeSequence");

-- AddForeignKey
ALTER TABLE "CompanyFollow" ADD CONSTRAINT "CompanyFollow_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompanyFollow" ADD CONSTRAINT "CompanyFollow_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_changeSequence_fkey" FOREIGN KEY ("changeSequence") REFERENCES "CompanyChange"("sequence") ON DELETE CASCADE ON UPDATE CASCADE;
