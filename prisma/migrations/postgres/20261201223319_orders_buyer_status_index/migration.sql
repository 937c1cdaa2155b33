-- DropIndex
DROP INDEX "Trade_shopId_buyerNick_idx";

-- CreateIndex
CREATE INDEX "Trade_shopId_buyerNick_status_created_idx" ON "Trade"("shopId", "buyerNick", "status", "created");

