-- Hand-written: searchText is stored in lower case from now on (lib/sync/rows.ts searchTextOf), so
-- the orders search matches it with LIKE, which costs half of ILIKE per row. Rows written before
-- are lowered here (only those with upper-case letters are rewritten).
UPDATE "Trade" SET "searchText" = lower("searchText") WHERE "searchText" <> lower("searchText");
