-- Hand-written (an expression index is not in the Prisma schema). The FTS5 trigram index
-- "TradeSearch" spans every shop, so an item-text search must check each match's shop before it
-- decides anything (issue 18: shop B learned whether a term matched over 1,000 orders of any
-- shop). Each index entry is (shopId, rowid): checking an FTS5 match against the shop is one seek
-- in this narrow index instead of a read of the ~2.5 KB trade row. The expression keeps the index
-- out of every other plan: only a query that names it (INDEXED BY, lib/orders/where.ts) uses it.
CREATE INDEX "Trade_search_shop_idx" ON "Trade"(("shopId" || ''));
