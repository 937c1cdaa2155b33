-- Hand-written, data only (no schema change): the "sku" dimension of RollupDim (numIid:skuId by
-- pay day, lib/sync/rollups.ts), which the cache writer keeps from now on, filled in for the trades
-- already cached, so that an existing database shows the full product table's SKU rows at once and
-- `npm run rollups:rebuild -- --check` still finds the rollups equal to the trades. The same
-- aggregation as rollups.ts's rebuild; the day is Asia/Shanghai (timestamps are epoch ms).
INSERT INTO "RollupDim" ("shopId", "dim", "day", "key", "trades", "quantity", "gmvFen")
SELECT * FROM (
  SELECT t."shopId", 'sku', strftime('%Y-%m-%d', (t."payTime") / 1000 + 28800, 'unixepoch') AS "day", o."numIid" || ':' || COALESCE(o."skuId", '') AS "key", COUNT(*), SUM(o."num"), SUM(o."paymentFen")
    FROM "TradeOrder" o JOIN "Trade" t ON t."tid" = o."tid" WHERE t."payTime" IS NOT NULL GROUP BY t."shopId", 3, 4
) WHERE true
ON CONFLICT ("shopId", "dim", "day", "key") DO NOTHING;
