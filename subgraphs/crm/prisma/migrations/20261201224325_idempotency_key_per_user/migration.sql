-- Idempotency keys are scoped to the user who sent them (issue 13, item 3): the primary key
-- becomes (userId, key), so replaying another user's key never returns that user's record.
-- Rows recorded before this migration belong to no user (''): they are kept for their
-- results but no caller's key matches them any more. The default only fills those rows.
-- AlterTable
ALTER TABLE "IdempotencyRecord" DROP CONSTRAINT "IdempotencyRecord_pkey",
ADD COLUMN     "userId" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("userId", "key");
ALTER TABLE "IdempotencyRecord" ALTER COLUMN "userId" DROP DEFAULT;
