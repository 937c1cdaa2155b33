/**
 * Detail fetch (top-data.md §5.5): trade.fullinfo.get only for trades whose detail-only fields
 * matter — a buyer message or a seller memo flag (Trade.detailPending, set by the writer when
 * such a trade is stored with a `modified` whose detail we do not have), or a trade a user opens
 * (fetchTradeDetail). A detail is stored with the `modified` it belongs to (detailModified), so
 * it is never fetched twice for the same `modified`.
 */
import "server-only";
import { topClient } from "@/lib/taobao";
import { TopClientError, type TopClient } from "@/lib/top";
import { checkpoint, isFatal, recordError, storeBatch, withRetries, type RunContext } from "./context";
import { ShopTop } from "./fetch";
import type { FetchedTrade } from "./rows";
import { run as stmt, syncSql } from "./sql";
import { storeTradesWork, type StoreResult } from "./store";

/** A trade whose detail failed this often (for its current `modified`) waits for its next change. */
export const MAX_DETAIL_ATTEMPTS = 5;
const SELECT_BATCH = 200;
const STORE_BATCH = 50;

/** Fetches the detail of every pending trade; returns how many are still pending (failed this run). */
export async function runDetail(ctx: RunContext): Promise<{ fetched: number; failed: number }> {
  let fetched = 0;
  let failed = 0;
  const tried = new Set<string>();
  for (;;) {
    checkpoint(ctx);
    const rows = await ctx.sql.all<{ tid: string }>(
      `SELECT "tid" FROM "Trade" WHERE "shopId" = ? AND "detailPending" = ${ctx.sql.dialect.true} AND "detailAttempts" < ? ORDER BY "modified" DESC LIMIT ${SELECT_BATCH}`,
      ctx.shopId,
      MAX_DETAIL_ATTEMPTS,
    );
    // A trade tried in this run and still pending (stale answer, failure) waits for the next run.
    const tids = rows.map((r) => r.tid).filter((t) => !tried.has(t));
    if (tids.length === 0) return { fetched, failed };
    for (const t of tids) tried.add(t);

    let buffer: FetchedTrade[] = [];
    let writing: Promise<unknown> = Promise.resolve();
    const flush = (all: boolean) => {
      if (buffer.length === 0 || (!all && buffer.length < STORE_BATCH)) return;
      const batch = buffer;
      buffer = [];
      const done = batch.map((f) => f.trade.tid);
      writing = writing.then(() =>
        storeBatch(ctx, batch, () => {
          const inDone = ctx.sql.dialect.in(`"tid"`, done);
          // Still pending after the write (the answer was older than what we store): count the attempt.
          return [
            stmt(`UPDATE "Trade" SET "detailAttempts" = "detailAttempts" + 1 WHERE ${inDone.sql} AND "detailPending" = ?`, ...inDone.params, true),
            stmt(`UPDATE "SyncState" SET "runCalls" = ?, "updatedAt" = ? WHERE "shopId" = ?`, ctx.top.calls, new Date(), ctx.shopId),
          ];
        }),
      );
    };
    let stop: unknown = null;
    const queue = [...tids];
    const worker = async () => {
      while (stop === null) {
        const tid = queue.shift();
        if (tid === undefined) return;
        try {
          const f = await withRetries(ctx, "DETAIL", () => ctx.top.fullinfo(tid));
          ctx.stats.detailCalls++;
          fetched++;
          buffer.push(f);
          flush(false);
        } catch (e) {
          if (isFatal(e) || ctx.signal.aborted) {
            stop ??= e;
            return;
          }
          failed++;
          ctx.stats.failedUnits++;
          if (!(e instanceof TopClientError)) recordError(ctx, "DETAIL", e, false);
          await ctx.sql.run(`UPDATE "Trade" SET "detailAttempts" = "detailAttempts" + 1 WHERE "tid" = ?`, tid).catch(() => undefined);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(ctx.cfg.detailConcurrency, tids.length) }, worker));
    flush(true);
    await writing;
    if (stop !== null) throw stop;
    ctx.onProgress?.({ phase: "DETAIL", pages: ctx.stats.pages, calls: ctx.top.calls, tradesFetched: ctx.stats.tradesFetched, detail: `${fetched} details` });
  }
}

export interface TradeDetailResult {
  /** False when the stored detail already belongs to the stored `modified` (no call made). */
  fetched: boolean;
  store: StoreResult | null;
}

/**
 * Fetches one trade's detail for a user who opened it (issue 7's detail page) and stores it.
 * Without `force`, a trade whose detail is stored for its current `modified` is not fetched again.
 */
export async function fetchTradeDetail(shopId: string, tid: string, opts: { force?: boolean; client?: TopClient } = {}): Promise<TradeDetailResult> {
  const sql = await syncSql();
  if (!opts.force) {
    const [r] = await sql.all<{ modified: number; detailModified: number | null }>(`SELECT "modified", "detailModified" FROM "Trade" WHERE "tid" = ? AND "shopId" = ?`, tid, shopId);
    if (r && r.detailModified !== null && Number(r.detailModified) === Number(r.modified)) return { fetched: false, store: null };
  }
  const top = new ShopTop(shopId, opts.client ?? topClient());
  const f = await top.fullinfo(tid);
  const store = await sql.tx(() => storeTradesWork(sql.dialect, { shopId, trades: [f], leaseOwner: null, now: new Date() }));
  return { fetched: true, store };
}
