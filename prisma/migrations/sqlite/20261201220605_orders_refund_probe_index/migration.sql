-- DropIndex
DROP INDEX "TradeOrder_tid_idx";

-- CreateIndex
CREATE INDEX "TradeOrder_tid_refundStatus_idx" ON "TradeOrder"("tid", "refundStatus");

