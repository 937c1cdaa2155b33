-- DropIndex
DROP INDEX "Trade_shopId_status_created_tid_payTime_paymentFen_idx";

-- CreateIndex
CREATE INDEX "Trade_status_cover_idx" ON "Trade"("shopId", "status", "created", "tid", "payTime", "paymentFen", "buyerNick");

