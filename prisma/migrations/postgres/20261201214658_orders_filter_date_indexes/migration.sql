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
CREATE INDEX "Trade_shopId_receiverState_status_created_idx" ON "Trade"("shopId", "receiverState", "status", "created");

-- CreateIndex
CREATE INDEX "Trade_shopId_sellerFlag_status_created_idx" ON "Trade"("shopId", "sellerFlag", "status", "created");

-- CreateIndex
CREATE INDEX "Trade_shopId_hasBuyerMessage_status_created_idx" ON "Trade"("shopId", "hasBuyerMessage", "status", "created");

-- CreateIndex
CREATE INDEX "Trade_shopId_type_status_created_idx" ON "Trade"("shopId", "type", "status", "created");

-- CreateIndex
CREATE INDEX "Trade_shopId_shippingType_status_created_idx" ON "Trade"("shopId", "shippingType", "status", "created");

