-- AlterTable
ALTER TABLE "Company" ADD COLUMN     "ceasedOn" DATE,
ADD COLUMN     "municipalityCode" TEXT,
ADD COLUMN     "registerRecord" JSONB,
ADD COLUMN     "registerStatus" TEXT,
ADD COLUMN     "registerUpdatedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ProductionUnit" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "municipalityCode" TEXT,
ADD COLUMN     "registerUpdatedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CvrSyncState" (
    "index" TEXT NOT NULL,
    "position" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastError" TEXT,
    "applied" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CvrSyncState_pkey" PRIMARY KEY ("index")
);
