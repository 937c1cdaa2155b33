-- DropIndex
DROP INDEX "Trade_shopId_status_created_idx";

-- CreateIndex
CREATE INDEX "Trade_shopId_status_created_tid_idx" ON "Trade"("shopId", "status", "created", "tid");

-- CreateIndex
CREATE INDEX "Trade_shopId_receiverState_status_idx" ON "Trade"("shopId", "receiverState", "status");

-- CreateIndex
CREATE INDEX "Trade_shopId_sellerFlag_status_idx" ON "Trade"("shopId", "sellerFlag", "status");

-- CreateIndex
CREATE INDEX "Trade_shopId_hasBuyerMessage_status_idx" ON "Trade"("shopId", "hasBuyerMessage", "status");

-- CreateIndex
CREATE INDEX "Trade_shopId_type_status_idx" ON "Trade"("shopId", "type", "status");

-- CreateIndex
CREATE INDEX "Trade_shopId_shippingType_status_idx" ON "Trade"("shopId", "shippingType", "status");


-- Hand-written: the 退款中 tab pages on (created, tid) of the refunding trades only.
CREATE INDEX "Trade_refunding_created_tid_idx" ON "Trade"("shopId", "created", "tid") WHERE "refunding" = 1;
