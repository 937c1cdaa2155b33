-- Hand-written: SQLite adds the column in place (Prisma's diff would rebuild the table, dropping the
-- search index's triggers and the partial indexes with it).
ALTER TABLE "Trade" ADD COLUMN "refundMask" INTEGER NOT NULL DEFAULT 1;

-- The lines' refund statuses as one bit each (lib/sync/rows.ts REFUND_BITS). Every line NO_REFUND
-- is the default (1); only trades with another refund status, or no line at all, are rewritten.
UPDATE "Trade" SET "refundMask" = COALESCE((
  SELECT SUM(DISTINCT CASE o."refundStatus"
    WHEN 'NO_REFUND' THEN 1 WHEN 'WAIT_SELLER_AGREE' THEN 2 WHEN 'WAIT_BUYER_RETURN_GOODS' THEN 4
    WHEN 'WAIT_SELLER_CONFIRM_GOODS' THEN 8 WHEN 'SELLER_REFUSE_BUYER' THEN 16 WHEN 'CLOSED' THEN 32
    WHEN 'SUCCESS' THEN 64 ELSE 0 END)
  FROM "TradeOrder" o WHERE o."tid" = "Trade"."tid"), 0)
WHERE "tid" IN (SELECT "tid" FROM "TradeOrder" WHERE "refundStatus" <> 'NO_REFUND') OR "lineCount" = 0;

-- The refund filter's index: only trades with some refund (a small part of a shop), so every other
-- trade's write never touches it. Queries repeat the predicate to use it (lib/orders/where.ts).
CREATE INDEX "Trade_refundMask_status_created_idx" ON "Trade"("shopId", "refundMask", "status", "created") WHERE "refundMask" <> 1;
