-- CreateTable
CREATE TABLE "AccessLogEntry" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "department" TEXT,
    "unit" TEXT,
    "operationId" TEXT,
    "operationName" TEXT,
    "purpose" TEXT,
    "subgraph" TEXT NOT NULL,
    "subjectCvr" VARCHAR(8),
    "subjectCpr" VARCHAR(11),
    "fields" TEXT[],

    CONSTRAINT "AccessLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AccessLogEntry_at_idx" ON "AccessLogEntry"("at");

-- CreateIndex
CREATE INDEX "AccessLogEntry_subjectCvr_at_idx" ON "AccessLogEntry"("subjectCvr", "at");

-- CreateIndex
CREATE INDEX "AccessLogEntry_subjectCpr_at_idx" ON "AccessLogEntry"("subjectCpr", "at");
