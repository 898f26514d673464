-- AlterTable
ALTER TABLE "ProductionUnit" ADD COLUMN     "municipalityName" TEXT;
