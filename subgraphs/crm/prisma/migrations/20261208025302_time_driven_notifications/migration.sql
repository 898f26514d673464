-- DropIndex
DROP INDEX "Notification_employeeId_changeSequence_key";

-- AlterTable: a notification need not tell of a change any more. Each has a key it is written
-- once per reader by, and an order of its own. Existing ones all tell of a change, and their key
-- and order come from it.
ALTER TABLE "Notification" ADD COLUMN     "dedupeKey" TEXT,
ADD COLUMN     "lastUpdateAt" TIMESTAMP(3),
ADD COLUMN     "position" BIGINT,
ADD COLUMN     "promiseDays" INTEGER,
ALTER COLUMN "changeSequence" DROP NOT NULL,
ALTER COLUMN "department" DROP NOT NULL;

UPDATE "Notification" SET "dedupeKey" = 'change:' || "changeSequence";
CREATE SEQUENCE "Notification_position_seq" OWNED BY "Notification"."position";
UPDATE "Notification" AS notification SET "position" = ordered.position
FROM (SELECT "id", row_number() OVER (ORDER BY "changeSequence", "id") AS position FROM "Notification") AS ordered
WHERE notification."id" = ordered."id";
SELECT setval('"Notification_position_seq"', COALESCE((SELECT max("position") FROM "Notification"), 0) + 1, false);
ALTER TABLE "Notification" ALTER COLUMN "position" SET DEFAULT nextval('"Notification_position_seq"'),
ALTER COLUMN "position" SET NOT NULL,
ALTER COLUMN "dedupeKey" SET NOT NULL;

-- CreateTable
CREATE TABLE "DueNotice" (
    "key" TEXT NOT NULL,
    "cvr" VARCHAR(8) NOT NULL,
    "kind" TEXT NOT NULL,
    "firedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DueNotice_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "DueNotice_cvr_idx" ON "DueNotice"("cvr");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_position_key" ON "Notification"("position");

-- CreateIndex
CREATE INDEX "Notification_employeeId_position_idx" ON "Notification"("employeeId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_employeeId_dedupeKey_key" ON "Notification"("employeeId", "dedupeKey");

-- AddForeignKey
ALTER TABLE "DueNotice" ADD CONSTRAINT "DueNotice_cvr_fkey" FOREIGN KEY ("cvr") REFERENCES "Company"("cvr") ON DELETE CASCADE ON UPDATE CASCADE;
