-- Hand-written (partial indexes are not in the Prisma schema): the 退款中 partial index carries
-- every column the orders list filters on, so that tab's count under any filter but a search of
-- item text or a refund status reads the index alone (lib/orders/list.ts). It holds only the
-- trades with an open refund, a small fraction of a shop.
DROP INDEX "Trade_refunding_created_tid_idx";
CREATE INDEX "Trade_refunding_created_tid_idx" ON "Trade"("shopId", "created", "tid", "payTime", "paymentFen", "buyerNick", "sellerFlag", "hasBuyerMessage", "type", "shippingType", "receiverState") WHERE "refunding" = true;
