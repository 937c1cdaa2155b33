-- DropIndex
DROP INDEX "Trade_shopId_created_idx";

-- DropIndex
DROP INDEX "Trade_shopId_payTime_idx";

-- DropIndex
DROP INDEX "Trade_shopId_modified_idx";

-- CreateIndex
CREATE INDEX "Trade_shopId_created_tid_idx" ON "Trade"("shopId", "created", "tid");

-- CreateIndex
CREATE INDEX "Trade_shopId_payTime_tid_idx" ON "Trade"("shopId", "payTime", "tid");

-- CreateIndex
CREATE INDEX "Trade_shopId_paymentFen_tid_idx" ON "Trade"("shopId", "paymentFen", "tid");

-- CreateIndex
CREATE INDEX "Trade_shopId_modified_tid_idx" ON "Trade"("shopId", "modified", "tid");

