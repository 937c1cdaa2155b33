-- AlterTable
ALTER TABLE "Trade" ADD COLUMN "detailRetryAt" DATETIME;

-- CreateTable
CREATE TABLE "TopQuota" (
    "appKey" TEXT NOT NULL PRIMARY KEY,
    "second" DATETIME NOT NULL,
    "secondUsed" INTEGER NOT NULL DEFAULT 0,
    "day" TEXT NOT NULL,
    "dayUsed" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SyncState" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "phase" TEXT NOT NULL DEFAULT 'IDLE',
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "heartbeatAt" DATETIME,
    "writeSeq" INTEGER NOT NULL DEFAULT 0,
    "runId" TEXT,
    "backfillStartedAt" DATETIME,
    "backfillDoneAt" DATETIME,
    "backfillDaysTotal" INTEGER NOT NULL DEFAULT 0,
    "backfillDaysDone" INTEGER NOT NULL DEFAULT 0,
    "backfillPagesDone" INTEGER NOT NULL DEFAULT 0,
    "backfillPagesTotal" INTEGER NOT NULL DEFAULT 0,
    "watermark" DATETIME,
    "tradesStored" INTEGER NOT NULL DEFAULT 0,
    "runCalls" INTEGER NOT NULL DEFAULT 0,
    "runTrades" INTEGER NOT NULL DEFAULT 0,
    "runStartedAt" DATETIME,
    "runEtaAt" DATETIME,
    "lastSuccessAt" DATETIME,
    "lastRunAt" DATETIME,
    "lastErrorAt" DATETIME,
    "lastError" TEXT,
    "nextRunAt" DATETIME,
    "failStreak" INTEGER NOT NULL DEFAULT 0,
    "clockSkewMs" INTEGER,
    "requestedAt" DATETIME,
    "requestedTrigger" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SyncState_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SyncState" ("backfillDaysDone", "backfillDaysTotal", "backfillDoneAt", "backfillPagesDone", "backfillPagesTotal", "backfillStartedAt", "createdAt", "heartbeatAt", "lastError", "lastErrorAt", "lastRunAt", "lastSuccessAt", "leaseExpiresAt", "leaseOwner", "nextRunAt", "phase", "requestedAt", "requestedTrigger", "runCalls", "runEtaAt", "runId", "runStartedAt", "runTrades", "shopId", "tradesStored", "updatedAt", "watermark", "writeSeq") SELECT "backfillDaysDone", "backfillDaysTotal", "backfillDoneAt", "backfillPagesDone", "backfillPagesTotal", "backfillStartedAt", "createdAt", "heartbeatAt", "lastError", "lastErrorAt", "lastRunAt", "lastSuccessAt", "leaseExpiresAt", "leaseOwner", "nextRunAt", "phase", "requestedAt", "requestedTrigger", "runCalls", "runEtaAt", "runId", "runStartedAt", "runTrades", "shopId", "tradesStored", "updatedAt", "watermark", "writeSeq" FROM "SyncState";
DROP TABLE "SyncState";
ALTER TABLE "new_SyncState" RENAME TO "SyncState";
CREATE INDEX "SyncState_nextRunAt_idx" ON "SyncState"("nextRunAt");
CREATE TABLE "new_SyncBackfillDay" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "pagesDone" INTEGER NOT NULL DEFAULT 0,
    "trades" INTEGER NOT NULL DEFAULT 0,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "gap" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "day"),
    CONSTRAINT "SyncBackfillDay_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SyncBackfillDay" ("attempts", "day", "done", "lastError", "pagesDone", "shopId", "trades", "updatedAt") SELECT "attempts", "day", "done", "lastError", "pagesDone", "shopId", "trades", "updatedAt" FROM "SyncBackfillDay";
DROP TABLE "SyncBackfillDay";
ALTER TABLE "new_SyncBackfillDay" RENAME TO "SyncBackfillDay";
CREATE INDEX "SyncBackfillDay_shopId_done_idx" ON "SyncBackfillDay"("shopId", "done");
CREATE TABLE "new_SyncRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "worker" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "heartbeatAt" DATETIME,
    "outcome" TEXT NOT NULL DEFAULT 'RUNNING',
    "calls" INTEGER NOT NULL DEFAULT 0,
    "pages" INTEGER NOT NULL DEFAULT 0,
    "windows" INTEGER NOT NULL DEFAULT 0,
    "detailCalls" INTEGER NOT NULL DEFAULT 0,
    "tradesFetched" INTEGER NOT NULL DEFAULT 0,
    "tradesInserted" INTEGER NOT NULL DEFAULT 0,
    "tradesUpdated" INTEGER NOT NULL DEFAULT 0,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "detailMissing" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB,
    "lastError" TEXT,
    CONSTRAINT "SyncRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SyncRun" ("calls", "detailCalls", "endedAt", "errorCount", "errors", "heartbeatAt", "id", "kind", "lastError", "outcome", "pages", "shopId", "startedAt", "tradesFetched", "tradesInserted", "tradesUpdated", "trigger", "windows", "worker") SELECT "calls", "detailCalls", "endedAt", "errorCount", "errors", "heartbeatAt", "id", "kind", "lastError", "outcome", "pages", "shopId", "startedAt", "tradesFetched", "tradesInserted", "tradesUpdated", "trigger", "windows", "worker" FROM "SyncRun";
DROP TABLE "SyncRun";
ALTER TABLE "new_SyncRun" RENAME TO "SyncRun";
CREATE INDEX "SyncRun_shopId_startedAt_idx" ON "SyncRun"("shopId", "startedAt");
CREATE INDEX "SyncRun_outcome_idx" ON "SyncRun"("outcome");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

