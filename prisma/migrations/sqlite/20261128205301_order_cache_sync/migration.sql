-- CreateTable
CREATE TABLE "Trade" (
    "tid" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "type" TEXT,
    "created" DATETIME NOT NULL,
    "modified" DATETIME NOT NULL,
    "payTime" DATETIME,
    "consignTime" DATETIME,
    "endTime" DATETIME,
    "buyerOpenUid" TEXT,
    "buyerNick" TEXT,
    "sellerNick" TEXT,
    "paymentFen" INTEGER NOT NULL,
    "totalFeeFen" INTEGER NOT NULL,
    "postFeeFen" INTEGER NOT NULL,
    "discountFeeFen" INTEGER NOT NULL,
    "adjustFeeFen" INTEGER NOT NULL,
    "receivedPaymentFen" INTEGER,
    "receiverState" TEXT,
    "receiverCity" TEXT,
    "receiverDistrict" TEXT,
    "receiverTown" TEXT,
    "receiverZip" TEXT,
    "receiverName" TEXT,
    "receiverMobile" TEXT,
    "receiverPhone" TEXT,
    "receiverAddress" TEXT,
    "oaid" TEXT,
    "hasBuyerMessage" BOOLEAN NOT NULL DEFAULT false,
    "buyerMessage" TEXT,
    "buyerMemo" TEXT,
    "sellerMemo" TEXT,
    "sellerFlag" INTEGER NOT NULL DEFAULT 0,
    "shippingType" TEXT,
    "stepTradeStatus" TEXT,
    "stepPaidFeeFen" INTEGER,
    "isPartConsign" BOOLEAN,
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "lineCount" INTEGER NOT NULL DEFAULT 0,
    "refunding" BOOLEAN NOT NULL DEFAULT false,
    "searchText" TEXT NOT NULL DEFAULT '',
    "rawJson" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'list',
    "detailModified" DATETIME,
    "detailFetchedAt" DATETIME,
    "detailPending" BOOLEAN NOT NULL DEFAULT false,
    "detailAttempts" INTEGER NOT NULL DEFAULT 0,
    "firstSyncedAt" DATETIME NOT NULL,
    "syncedAt" DATETIME NOT NULL,
    CONSTRAINT "Trade_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TradeOrder" (
    "oid" TEXT NOT NULL PRIMARY KEY,
    "tid" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "numIid" TEXT NOT NULL,
    "skuId" TEXT,
    "title" TEXT NOT NULL,
    "picPath" TEXT,
    "skuPropertiesName" TEXT,
    "outerIid" TEXT,
    "outerSkuId" TEXT,
    "priceFen" INTEGER NOT NULL,
    "num" INTEGER NOT NULL,
    "totalFeeFen" INTEGER NOT NULL,
    "paymentFen" INTEGER NOT NULL,
    "discountFeeFen" INTEGER NOT NULL,
    "adjustFeeFen" INTEGER NOT NULL,
    "divideOrderFeeFen" INTEGER,
    "status" TEXT NOT NULL,
    "refundStatus" TEXT NOT NULL,
    "refundId" TEXT,
    "logisticsCompany" TEXT,
    "invoiceNo" TEXT,
    "consignTime" DATETIME,
    "endTime" DATETIME,
    CONSTRAINT "TradeOrder_tid_fkey" FOREIGN KEY ("tid") REFERENCES "Trade" ("tid") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TradeOrder_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LogisticsTrace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "tid" TEXT NOT NULL,
    "subTid" TEXT NOT NULL DEFAULT '',
    "outSid" TEXT,
    "companyName" TEXT,
    "status" TEXT,
    "steps" JSONB NOT NULL,
    "stepCount" INTEGER NOT NULL DEFAULT 0,
    "lastStepAt" DATETIME,
    "delivered" BOOLEAN NOT NULL DEFAULT false,
    "fetchedAt" DATETIME NOT NULL,
    CONSTRAINT "LogisticsTrace_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SyncState" (
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
    "requestedAt" DATETIME,
    "requestedTrigger" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SyncState_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SyncBackfillDay" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "pagesDone" INTEGER NOT NULL DEFAULT 0,
    "trades" INTEGER NOT NULL DEFAULT 0,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "day"),
    CONSTRAINT "SyncBackfillDay_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SyncRun" (
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
    "errors" JSONB,
    "lastError" TEXT,
    CONSTRAINT "SyncRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DailyRollup" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "paidTrades" INTEGER NOT NULL DEFAULT 0,
    "gmvFen" BIGINT NOT NULL DEFAULT 0,
    "itemsSold" INTEGER NOT NULL DEFAULT 0,
    "buyers" INTEGER NOT NULL DEFAULT 0,
    "createdTrades" INTEGER NOT NULL DEFAULT 0,
    "refundLines" INTEGER NOT NULL DEFAULT 0,
    "refundFen" BIGINT NOT NULL DEFAULT 0,
    "consignedTrades" INTEGER NOT NULL DEFAULT 0,
    "consignSeconds" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "day"),
    CONSTRAINT "DailyRollup_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RollupDim" (
    "shopId" TEXT NOT NULL,
    "dim" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "trades" INTEGER NOT NULL DEFAULT 0,
    "quantity" INTEGER NOT NULL DEFAULT 0,
    "gmvFen" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "dim", "day", "key"),
    CONSTRAINT "RollupDim_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RollupBuyerDay" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "buyerOpenUid" TEXT NOT NULL,
    "trades" INTEGER NOT NULL DEFAULT 0,
    "gmvFen" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "day", "buyerOpenUid"),
    CONSTRAINT "RollupBuyerDay_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Trade_shopId_status_created_idx" ON "Trade"("shopId", "status", "created");

-- CreateIndex
CREATE INDEX "Trade_shopId_created_idx" ON "Trade"("shopId", "created");

-- CreateIndex
CREATE INDEX "Trade_shopId_payTime_idx" ON "Trade"("shopId", "payTime");

-- CreateIndex
CREATE INDEX "Trade_shopId_modified_idx" ON "Trade"("shopId", "modified");

-- CreateIndex
CREATE INDEX "Trade_shopId_buyerNick_idx" ON "Trade"("shopId", "buyerNick");

-- CreateIndex
CREATE INDEX "TradeOrder_tid_idx" ON "TradeOrder"("tid");

-- CreateIndex
CREATE INDEX "TradeOrder_invoiceNo_idx" ON "TradeOrder"("invoiceNo");

-- CreateIndex
CREATE INDEX "TradeOrder_shopId_numIid_idx" ON "TradeOrder"("shopId", "numIid");

-- CreateIndex
CREATE INDEX "LogisticsTrace_shopId_fetchedAt_idx" ON "LogisticsTrace"("shopId", "fetchedAt");

-- CreateIndex
CREATE INDEX "LogisticsTrace_outSid_idx" ON "LogisticsTrace"("outSid");

-- CreateIndex
CREATE UNIQUE INDEX "LogisticsTrace_tid_subTid_key" ON "LogisticsTrace"("tid", "subTid");

-- CreateIndex
CREATE INDEX "SyncState_nextRunAt_idx" ON "SyncState"("nextRunAt");

-- CreateIndex
CREATE INDEX "SyncBackfillDay_shopId_done_idx" ON "SyncBackfillDay"("shopId", "done");

-- CreateIndex
CREATE INDEX "SyncRun_shopId_startedAt_idx" ON "SyncRun"("shopId", "startedAt");

-- CreateIndex
CREATE INDEX "SyncRun_outcome_idx" ON "SyncRun"("outcome");


-- ── Hand-written (not from prisma migrate diff); keep with this migration ──────────────────
-- The 退款中 tab and the detail queue: partial indexes stay small (few trades match). Query them
-- with the literal ("refunding" = 1, "detailPending" = 1): SQLite does not match a bound parameter
-- against an index's WHERE clause.
CREATE INDEX "Trade_refunding_idx" ON "Trade"("shopId", "created") WHERE "refunding" = 1;
CREATE INDEX "Trade_detailPending_idx" ON "Trade"("shopId", "modified") WHERE "detailPending" = 1;

-- Substring search of line titles, SKU texts and outer ids (issue 7): an FTS5 trigram index over
-- Trade.searchText with external content, keyed by Trade's rowid and kept by the triggers below.
--   SELECT t.* FROM "TradeSearch" s JOIN "Trade" t ON t.rowid = s.rowid
--    WHERE "TradeSearch" MATCH '"绿檀木"' AND t."shopId" = ?      -- 3+ characters
-- VACUUM may renumber the rowids of a table without an INTEGER PRIMARY KEY; after one, run
--   INSERT INTO "TradeSearch"("TradeSearch") VALUES ('rebuild');
CREATE VIRTUAL TABLE "TradeSearch" USING fts5("searchText", content='Trade', content_rowid='rowid', tokenize='trigram');
CREATE TRIGGER "Trade_search_insert" AFTER INSERT ON "Trade" BEGIN
  INSERT INTO "TradeSearch"(rowid, "searchText") VALUES (new.rowid, new."searchText");
END;
CREATE TRIGGER "Trade_search_delete" AFTER DELETE ON "Trade" BEGIN
  INSERT INTO "TradeSearch"("TradeSearch", rowid, "searchText") VALUES ('delete', old.rowid, old."searchText");
END;
CREATE TRIGGER "Trade_search_update" AFTER UPDATE OF "searchText" ON "Trade" WHEN old."searchText" IS NOT new."searchText" BEGIN
  INSERT INTO "TradeSearch"("TradeSearch", rowid, "searchText") VALUES ('delete', old.rowid, old."searchText");
  INSERT INTO "TradeSearch"(rowid, "searchText") VALUES (new.rowid, new."searchText");
END;
