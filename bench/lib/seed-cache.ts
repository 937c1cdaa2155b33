/**
 * Seeds the order cache straight from the sandbox's generator, without HTTP: the benchmarks of
 * the orders workspace and the reports need a million trades in the database, and a backfill over
 * the gateway would take far longer than the queries they measure.
 *
 * The trades are the sandbox's own (same generator, same lifecycle), serialised with every
 * fullinfo.get field, parsed with the client's lossless parser and normaliser, and written through
 * the one cache writer (lib/sync/store.ts) in batches — so the rollups, the search index and
 * every derived column are exactly what a real sync would leave. Unlike the gateway (three months),
 * the history may span any number of days (the reports benchmark uses a year).
 *
 *   const { shopId } = await seedCache({ databaseUrl, trades: 1_000_000, days: 365, seed: 2026 });
 *
 * The database must be migrated. It gets one Shop (nick = the sandbox's main shop), its owner
 * User and Membership, and its SyncState marked as backfilled. Call it once per empty database.
 */
import { randomUUID } from "node:crypto";
import { parseDatabaseUrl } from "../../lib/db/url";
import type { FetchedTrade } from "../../lib/sync/rows";
import { createSqlDriver } from "../../lib/sync/sql";
import { storeTradesWork } from "../../lib/sync/store";
import { normalizeTrade, parseLosslessJson, TRADE_FULLINFO_FIELDS } from "../../lib/top";
import { shopAccounts } from "../../sandbox/defaults";
import { ShopStore } from "../../sandbox/shop";
import { parseTradeFields, tradeToJson } from "../../sandbox/tradeview";

export interface SeedCacheOptions {
  databaseUrl: string;
  /** Trades created in the history (before the anchor). */
  trades: number;
  /** Length of the history in days, ending at the anchor. */
  days: number;
  seed?: number;
  /** The history's end (default: now). */
  anchor?: Date;
  /** Trades per write transaction. */
  batch?: number;
  /** Called after each batch with the trades written so far. */
  onProgress?: (written: number, total: number) => void;
}

export interface SeedCacheResult {
  shopId: string;
  shopNick: string;
  userId: string;
  trades: number;
  seconds: number;
  anchor: Date;
}

const DAY = 86_400;

export async function seedCache(opts: SeedCacheOptions): Promise<SeedCacheResult> {
  const started = performance.now();
  const seed = opts.seed ?? 2026;
  const anchorMs = (opts.anchor ?? new Date()).getTime();
  const anchor = Math.floor(anchorMs / 1000);
  const account = shopAccounts(seed, 1)[0]!;
  const shop = new ShopStore({ seed, account, trades: opts.trades, anchor, historyStart: anchor - opts.days * DAY, arrivalPerHour: 0 });
  const fields = parseTradeFields(TRADE_FULLINFO_FIELDS.join(","), true);

  const sql = createSqlDriver(parseDatabaseUrl(opts.databaseUrl));
  const now = new Date(anchorMs);
  const shopId = `seed_${randomUUID()}`;
  const userId = `seed_user_${randomUUID()}`;
  try {
    await sql.run(`INSERT INTO "Shop" ("id", "taobaoUserId", "nick", "updatedAt") VALUES (?, ?, ?, ?)`, shopId, account.userId, account.nick, now);
    await sql.run(`INSERT INTO "User" ("id", "taobaoUserId", "nick", "updatedAt") VALUES (?, ?, ?, ?)`, userId, account.userId, account.nick, now);
    await sql.run(`INSERT INTO "Membership" ("id", "userId", "shopId", "role", "updatedAt") VALUES (?, ?, ?, 'OWNER', ?)`, randomUUID(), userId, shopId, now);
    await sql.run(`INSERT INTO "SyncState" ("shopId", "backfillStartedAt", "backfillDoneAt", "watermark", "updatedAt") VALUES (?, ?, ?, ?, ?)`, shopId, now, now, now, now);

    const size = opts.batch ?? 500;
    let written = 0;
    for (let from = 0; from < shop.n; from += size) {
      const trades: FetchedTrade[] = [];
      for (let idx = from; idx < Math.min(shop.n, from + size); idx++) {
        const text = tradeToJson(shop.view(idx, anchor), fields, account.nick).text;
        const raw = parseLosslessJson(text);
        trades.push({ trade: normalizeTrade(raw), rawJson: JSON.stringify(raw), source: "detail" });
      }
      await sql.tx(() => storeTradesWork(sql.dialect, { shopId, trades, leaseOwner: null, now }));
      written += trades.length;
      opts.onProgress?.(written, shop.n);
    }
    await sql.run(`UPDATE "SyncState" SET "tradesStored" = ? WHERE "shopId" = ?`, written, shopId);
    return { shopId, shopNick: account.nick, userId, trades: written, seconds: (performance.now() - started) / 1000, anchor: now };
  } finally {
    await sql.close();
  }
}
