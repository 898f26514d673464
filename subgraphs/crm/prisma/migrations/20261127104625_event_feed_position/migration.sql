-- CreateTable
CREATE TABLE "EventFeedPosition" (
    "feed" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventFeedPosition_pkey" PRIMARY KEY ("feed")
);
