-- AlterTable
ALTER TABLE "Trade" ADD COLUMN     "detailRetryAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "SyncState" ADD COLUMN     "clockSkewMs" INTEGER,
ADD COLUMN     "failStreak" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "SyncBackfillDay" ADD COLUMN     "gap" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "detailMissing" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "TopQuota" (
    "appKey" TEXT NOT NULL,
    "second" TIMESTAMP(3) NOT NULL,
    "secondUsed" INTEGER NOT NULL DEFAULT 0,
    "day" TEXT NOT NULL,
    "dayUsed" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TopQuota_pkey" PRIMARY KEY ("appKey")
);

