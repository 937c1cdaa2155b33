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

const keyOf = (tid: string, modified: number) => `${tid}@${modified}`;

/**
 * The run's detail fetcher: trades that need a detail are handed over as soon as the writer has
 * stored them (context.storeBatch), and fetched `detailConcurrency` at a time while the backfill
 * or the windows go on, so detail calls overlap the list pages instead of forming a phase of
 * their own. Each (tid, modified) is tried at most once per run: a detail is never fetched twice
 * for the same `modified`, and one that failed waits for the next run (detailAttempts counts it).
 */
export class DetailFetcher {
  private readonly queue: { tid: string; modified: number }[] = [];
  private readonly tried = new Set<string>();
  private active = 0;
  private buffer: FetchedTrade[] = [];
  private flushQueued = false;
  private readonly writes = new Set<Promise<unknown>>();
  private idle: (() => void)[] = [];
  private error: unknown = null;
  fetched = 0;
  failed = 0;

  constructor(private readonly ctx: RunContext) {}

  /** True when (tid, modified) was handed to this fetcher (fetched, failed or still queued). */
  has(tid: string, modified: number): boolean {
    return this.tried.has(keyOf(tid, modified));
  }

  push(items: readonly { tid: string; modified: number }[]): void {
    for (const it of items) {
      const k = keyOf(it.tid, it.modified);
      if (this.tried.has(k)) continue;
      this.tried.add(k);
      this.queue.push(it);
    }
    this.pump();
  }

  private pump(): void {
    while (this.error === null && !this.ctx.signal.aborted && this.active < this.ctx.cfg.detailConcurrency && this.queue.length > 0) {
      const item = this.queue.shift()!;
      this.active++;
      void this.one(item.tid).finally(() => {
        this.active--;
        this.pump();
        this.settle();
      });
    }
    this.settle();
  }

  private async one(tid: string): Promise<void> {
    const ctx = this.ctx;
    try {
      const f = await withRetries(ctx, "DETAIL", () => ctx.top.fullinfo(tid));
      ctx.stats.detailCalls++;
      this.fetched++;
      this.buffer.push(f);
      if (this.buffer.length >= STORE_BATCH) this.flush();
      else if (!this.flushQueued) {
        this.flushQueued = true;
        setImmediate(() => this.flush());
      }
    } catch (e) {
      if (isFatal(e) || ctx.signal.aborted) {
        this.stop(e);
        return;
      }
      this.failed++;
      ctx.stats.failedUnits++;
      if (!(e instanceof TopClientError)) recordError(ctx, "DETAIL", e, false);
      await ctx.sql.run(`UPDATE "Trade" SET "detailAttempts" = "detailAttempts" + 1 WHERE "tid" = ?`, tid).catch(() => undefined);
    }
  }

  private stop(e: unknown): void {
    this.error ??= e;
    // A fatal failure (re-authorisation, lost lease, spent budget) ends the run, whichever task met it.
    if (isFatal(e) && e instanceof Error) this.ctx.abort?.(e);
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const ctx = this.ctx;
    const done = batch.map((f) => f.trade.tid);
    const w = storeBatch(ctx, batch, () => {
      const inDone = ctx.sql.dialect.in(`"tid"`, done);
      // Still pending after the write (the answer was older than what we store): count the attempt.
      return [
        stmt(`UPDATE "Trade" SET "detailAttempts" = "detailAttempts" + 1 WHERE ${inDone.sql} AND "detailPending" = ?`, ...inDone.params, true),
        stmt(`UPDATE "SyncState" SET "runCalls" = ?, "updatedAt" = ? WHERE "shopId" = ?`, ctx.top.calls, new Date(), ctx.shopId),
      ];
    }).then(
      () => undefined,
      (e: unknown) => this.stop(e),
    );
    this.writes.add(w);
    void w.finally(() => {
      this.writes.delete(w);
      this.settle();
    });
  }

  private settle(): void {
    const quiet = this.active === 0 && (this.queue.length === 0 || this.error !== null || this.ctx.signal.aborted) && this.buffer.length === 0 && this.writes.size === 0;
    if (!quiet) return;
    const waiting = this.idle;
    this.idle = [];
    for (const r of waiting) r();
  }

  /** Waits until every handed-over trade is fetched and stored (or failed); throws the first fatal or write error. */
  async drain(): Promise<{ fetched: number; failed: number }> {
    for (;;) {
      if (this.buffer.length > 0) this.flush();
      const busy = this.active > 0 || this.writes.size > 0 || (this.queue.length > 0 && this.error === null && !this.ctx.signal.aborted);
      if (!busy) break;
      await new Promise<void>((r) => this.idle.push(r));
    }
    if (this.error !== null) throw this.error;
    return { fetched: this.fetched, failed: this.failed };
  }
}

/**
 * Fetches the detail of every pending trade; returns how many are still pending (failed this run).
 * With the run's DetailFetcher (`inline`), first waits for the details it is fetching, then
 * picks up only what it never tried (pending from earlier runs, or stored without it).
 */
export async function runDetail(ctx: RunContext, inline?: DetailFetcher): Promise<{ fetched: number; failed: number }> {
  let fetched = 0;
  let failed = 0;
  if (inline) ({ fetched, failed } = await inline.drain());
  const tried = new Set<string>();
  const seen = (tid: string, modified: number) => tried.has(keyOf(tid, modified)) || (inline?.has(tid, modified) ?? false);
  for (;;) {
    checkpoint(ctx);
    const rows = await ctx.sql.all<{ tid: string; modified: number }>(
      `SELECT "tid", "modified" FROM "Trade" WHERE "shopId" = ? AND "detailPending" = ${ctx.sql.dialect.true} AND "detailAttempts" < ? ORDER BY "modified" DESC LIMIT ${SELECT_BATCH}`,
      ctx.shopId,
      MAX_DETAIL_ATTEMPTS,
    );
    // A trade tried in this run and still pending (stale answer, failure) waits for the next run.
    const todo = rows.filter((r) => !seen(r.tid, Number(r.modified)));
    if (todo.length === 0) return { fetched, failed };
    for (const r of todo) tried.add(keyOf(r.tid, Number(r.modified)));
    const tids = todo.map((r) => r.tid);
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
