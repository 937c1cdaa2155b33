-- DropIndex
DROP INDEX "Trade_shopId_status_created_tid_idx";

-- DropIndex
DROP INDEX "Trade_shopId_receiverState_status_idx";

-- DropIndex
DROP INDEX "Trade_shopId_sellerFlag_status_idx";

-- DropIndex
DROP INDEX "Trade_shopId_hasBuyerMessage_status_idx";

-- DropIndex
DROP INDEX "Trade_shopId_type_status_idx";

-- DropIndex
DROP INDEX "Trade_shopId_shippingType_status_idx";

-- CreateIndex
CREATE INDEX "Trade_shopId_status_created_tid_payTime_paymentFen_idx" ON "Trade"("shopId", "status", "created", "tid", "payTime", "paymentFen");

-- CreateIndex
CREATE INDEX "Trade_shopId_receiverState_status_created_idx" ON "Trade"("shopId", "receiverState", "status", "created");

-- CreateIndex
CREATE INDEX "Trade_shopId_sellerFlag_status_created_idx" ON "Trade"("shopId", "sellerFlag", "status", "created");

-- CreateIndex
CREATE INDEX "Trade_shopId_hasBuyerMessage_status_created_idx" ON "Trade"("shopId", "hasBuyerMessage", "status", "created");

-- CreateIndex
CREATE INDEX "Trade_shopId_type_status_created_idx" ON "Trade"("shopId", "type", "status", "created");

-- CreateIndex
CREATE INDEX "Trade_shopId_shippingType_status_created_idx" ON "Trade"("shopId", "shippingType", "status", "created");


-- Hand-written: the 退款中 partial index also carries payTime and paymentFen, so that tab's count
-- under a paid-date or amount filter reads the index alone (lib/orders/list.ts).
DROP INDEX "Trade_refunding_created_tid_idx";
CREATE INDEX "Trade_refunding_created_tid_idx" ON "Trade"("shopId", "created", "tid", "payTime", "paymentFen") WHERE "refunding" = true;
