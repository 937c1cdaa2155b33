-- CreateEnum
CREATE TYPE "SyncPhase" AS ENUM ('IDLE', 'BACKFILL', 'INCREMENTAL', 'DETAIL', 'PAUSED');

-- CreateEnum
CREATE TYPE "SyncRunKind" AS ENUM ('BACKFILL', 'INCREMENTAL');

-- CreateEnum
CREATE TYPE "SyncTrigger" AS ENUM ('SCHEDULE', 'MANUAL', 'SIGNIN', 'CLI');

-- CreateEnum
CREATE TYPE "SyncOutcome" AS ENUM ('RUNNING', 'SUCCESS', 'PARTIAL', 'FAILED', 'PAUSED', 'ABORTED');

-- CreateTable
CREATE TABLE "Trade" (
    "tid" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "type" TEXT,
    "created" TIMESTAMP(3) NOT NULL,
    "modified" TIMESTAMP(3) NOT NULL,
    "payTime" TIMESTAMP(3),
    "consignTime" TIMESTAMP(3),
    "endTime" TIMESTAMP(3),
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
    "detailModified" TIMESTAMP(3),
    "detailFetchedAt" TIMESTAMP(3),
    "detailPending" BOOLEAN NOT NULL DEFAULT false,
    "detailAttempts" INTEGER NOT NULL DEFAULT 0,
    "firstSyncedAt" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Trade_pkey" PRIMARY KEY ("tid")
);

-- CreateTable
CREATE TABLE "TradeOrder" (
    "oid" TEXT NOT NULL,
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
    "consignTime" TIMESTAMP(3),
    "endTime" TIMESTAMP(3),

    CONSTRAINT "TradeOrder_pkey" PRIMARY KEY ("oid")
);

-- CreateTable
CREATE TABLE "LogisticsTrace" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "tid" TEXT NOT NULL,
    "subTid" TEXT NOT NULL DEFAULT '',
    "outSid" TEXT,
    "companyName" TEXT,
    "status" TEXT,
    "steps" JSONB NOT NULL,
    "stepCount" INTEGER NOT NULL DEFAULT 0,
    "lastStepAt" TIMESTAMP(3),
    "delivered" BOOLEAN NOT NULL DEFAULT false,
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LogisticsTrace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncState" (
    "shopId" TEXT NOT NULL,
    "phase" "SyncPhase" NOT NULL DEFAULT 'IDLE',
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3),
    "writeSeq" INTEGER NOT NULL DEFAULT 0,
    "runId" TEXT,
    "backfillStartedAt" TIMESTAMP(3),
    "backfillDoneAt" TIMESTAMP(3),
    "backfillDaysTotal" INTEGER NOT NULL DEFAULT 0,
    "backfillDaysDone" INTEGER NOT NULL DEFAULT 0,
    "backfillPagesDone" INTEGER NOT NULL DEFAULT 0,
    "backfillPagesTotal" INTEGER NOT NULL DEFAULT 0,
    "watermark" TIMESTAMP(3),
    "tradesStored" INTEGER NOT NULL DEFAULT 0,
    "runCalls" INTEGER NOT NULL DEFAULT 0,
    "runTrades" INTEGER NOT NULL DEFAULT 0,
    "runStartedAt" TIMESTAMP(3),
    "runEtaAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "lastErrorAt" TIMESTAMP(3),
    "lastError" TEXT,
    "nextRunAt" TIMESTAMP(3),
    "requestedAt" TIMESTAMP(3),
    "requestedTrigger" "SyncTrigger",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncState_pkey" PRIMARY KEY ("shopId")
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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncBackfillDay_pkey" PRIMARY KEY ("shopId","day")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" "SyncRunKind" NOT NULL,
    "trigger" "SyncTrigger" NOT NULL,
    "worker" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3),
    "outcome" "SyncOutcome" NOT NULL DEFAULT 'RUNNING',
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

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
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

    CONSTRAINT "DailyRollup_pkey" PRIMARY KEY ("shopId","day")
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

    CONSTRAINT "RollupDim_pkey" PRIMARY KEY ("shopId","dim","day","key")
);

-- CreateTable
CREATE TABLE "RollupBuyerDay" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "buyerOpenUid" TEXT NOT NULL,
    "trades" INTEGER NOT NULL DEFAULT 0,
    "gmvFen" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "RollupBuyerDay_pkey" PRIMARY KEY ("shopId","day","buyerOpenUid")
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

-- AddForeignKey
ALTER TABLE "Trade" ADD CONSTRAINT "Trade_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TradeOrder" ADD CONSTRAINT "TradeOrder_tid_fkey" FOREIGN KEY ("tid") REFERENCES "Trade"("tid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TradeOrder" ADD CONSTRAINT "TradeOrder_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LogisticsTrace" ADD CONSTRAINT "LogisticsTrace_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncState" ADD CONSTRAINT "SyncState_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncBackfillDay" ADD CONSTRAINT "SyncBackfillDay_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRun" ADD CONSTRAINT "SyncRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DailyRollup" ADD CONSTRAINT "DailyRollup_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollupDim" ADD CONSTRAINT "RollupDim_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollupBuyerDay" ADD CONSTRAINT "RollupBuyerDay_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ── Hand-written (not from prisma migrate diff); keep with this migration ──────────────────
-- The 退款中 tab and the detail queue: partial indexes stay small (few trades match).
CREATE INDEX "Trade_refunding_idx" ON "Trade"("shopId", "created") WHERE "refunding";
CREATE INDEX "Trade_detailPending_idx" ON "Trade"("shopId", "modified") WHERE "detailPending";

-- Substring search of line titles, SKU texts and outer ids (issue 7): a trigram GIN index.
--   SELECT * FROM "Trade" WHERE "shopId" = $1 AND "searchText" LIKE '%绿檀木%'   -- 3+ characters
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Trade_searchText_trgm_idx" ON "Trade" USING GIN ("searchText" gin_trgm_ops);
