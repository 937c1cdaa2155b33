-- Hand-written, data only (no schema change): the "sku" dimension of RollupDim (numIid:skuId by
-- pay day, lib/sync/rollups.ts), which the cache writer keeps from now on, filled in for the trades
-- already cached, so that an existing database shows the full product table's SKU rows at once and
-- `npm run rollups:rebuild -- --check` still finds the rollups equal to the trades. The same
-- aggregation as rollups.ts's rebuild; the day is Asia/Shanghai (timestamps are UTC).
INSERT INTO "RollupDim" ("shopId", "dim", "day", "key", "trades", "quantity", "gmvFen")
SELECT t."shopId", 'sku', to_char(t."payTime" + interval '8 hours', 'YYYY-MM-DD'), o."numIid" || ':' || COALESCE(o."skuId", ''), COUNT(*), SUM(o."num"), SUM(o."paymentFen")
  FROM "TradeOrder" o JOIN "Trade" t ON t."tid" = o."tid" WHERE t."payTime" IS NOT NULL GROUP BY 1, 3, 4
ON CONFLICT ("shopId", "dim", "day", "key") DO NOTHING;
