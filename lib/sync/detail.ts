/**
 * Detail fetch (top-data.md §5.5): trade.fullinfo.get only for trades whose detail-only fields
 * matter — a buyer message or a seller memo flag (Trade.detailPending, set by the writer when
 * such a trade is stored with a `modified` whose detail we do not have), or a trade a user opens
 * (fetchTradeDetail). A detail is stored with the `modified` it belongs to (detailModified), so
 * it is never fetched twice for the same `modified`.
 *
 * A missing detail is never given up (README "Order cache and sync", guarantees). A failure the
 * platform caused (a ban or quota, 5xx, a timeout, session trouble: context.isPlatformRefusal)
 * leaves the trade pending for the next run and counts nothing against it; a failure of the
 * trade's own (an invalid request, a malformed answer, an answer older than what we store)
 * counts an attempt and spaces the next one out in time (detailRetryAt: 1 min, 2, 4, … 1 h).
 */
import "server-only";
import { topClient } from "@/lib/taobao";
import { TopClientError, type TopClient } from "@/lib/top";
import { DETAIL_RETRY_BASE_MS } from "./config";
import { checkpoint, isFatal, isPlatformRefusal, recordError, storeBatch, withRetries, type RunContext } from "./context";
import { ShopTop } from "./fetch";
import type { FetchedTrade } from "./rows";
import { run as stmt, syncSql, type SqlDriver } from "./sql";
import { storeTradesWork, type StoreResult } from "./store";

/** The longest wait between two tries of a trade's detail: it is retried at least this often while its detail is missing. */
export const DETAIL_RETRY_MAX_MS = 3_600_000;
const SELECT_BATCH = 200;
const STORE_BATCH = 50;

const keyOf = (tid: string, modified: number) => `${tid}@${modified}`;

/** How long after its n-th own failure (n ≥ 1) a trade's detail is tried again. */
export function detailRetryDelayMs(attempts: number, baseMs = DETAIL_RETRY_BASE_MS, maxMs = DETAIL_RETRY_MAX_MS): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
}

/** Records a failure of the trade's own: one more attempt, and the time before which it is not tried again. */
async function countOwnFailure(sql: SqlDriver, tid: string, baseMs: number): Promise<void> {
  const [r] = await sql.all<{ detailAttempts: number }>(`SELECT "detailAttempts" FROM "Trade" WHERE "tid" = ?`, tid);
  const attempts = Number(r?.detailAttempts ?? 0) + 1;
  await sql.run(`UPDATE "Trade" SET "detailAttempts" = ?, "detailRetryAt" = ? WHERE "tid" = ?`, attempts, new Date(Date.now() + detailRetryDelayMs(attempts, baseMs)), tid);
}

/** Statements for trades still pending after their detail was stored (the answer was older than what we store). */
function staleAnswerStmts(ctx: RunContext, tids: readonly string[]) {
  const inDone = ctx.sql.dialect.in(`"tid"`, tids);
  return [
    stmt(
      `UPDATE "Trade" SET "detailAttempts" = "detailAttempts" + 1, "detailRetryAt" = ? WHERE ${inDone.sql} AND "detailPending" = ?`,
      new Date(Date.now() + ctx.cfg.detailRetryBaseMs),
      ...inDone.params,
      true,
    ),
    stmt(`UPDATE "SyncState" SET "runCalls" = ?, "updatedAt" = ? WHERE "shopId" = ?`, ctx.top.calls, new Date(), ctx.shopId),
  ];
}

/**
 * One failed detail fetch: a platform refusal leaves the trade as it is (pending, retried by the
 * next run); the trade's own failure counts an attempt and backs off. Returns false when the
 * error must stop the run instead (fatal, or the run was stopped).
 */
async function detailFailed(ctx: RunContext, tid: string, e: unknown): Promise<boolean> {
  if (isFatal(e) || ctx.signal.aborted) return false;
  ctx.stats.failedUnits++;
  if (!TopClientError.is(e)) recordError(ctx, "DETAIL", e, false);
  if (!isPlatformRefusal(e)) await countOwnFailure(ctx.sql, tid, ctx.cfg.detailRetryBaseMs).catch(() => undefined);
  return true;
}

/**
 * Trades of the shop still waiting for their detail (the partial index on detailPending); with
 * `storedBefore`, only those stored before it (a run in progress has not had its chance at the rest).
 */
export async function countDetailMissing(sql: SqlDriver, shopId: string, storedBefore?: Date): Promise<number> {
  const [r] = storedBefore
    ? await sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Trade" WHERE "shopId" = ? AND "detailPending" = ${sql.dialect.true} AND "syncedAt" < ?`, shopId, storedBefore)
    : await sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Trade" WHERE "shopId" = ? AND "detailPending" = ${sql.dialect.true}`, shopId);
  return Number(r?.n ?? 0);
}

export class DetailFetcher {
  private readonly queue: { tid: string; modified: number }[] = [];
  private readonly triedKeys = new Set<string>();
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
    return this.triedKeys.has(keyOf(tid, modified));
  }

  /** How many (tid, modified) were handed over. */
  get tried(): number {
    return this.triedKeys.size;
  }

  push(items: readonly { tid: string; modified: number }[]): void {
    for (const it of items) {
      const k = keyOf(it.tid, it.modified);
      if (this.triedKeys.has(k)) continue;
      this.triedKeys.add(k);
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
      if (!(await detailFailed(ctx, tid, e))) {
        this.stop(e);
        return;
      }
      this.failed++;
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
    const w = storeBatch(ctx, batch, () => staleAnswerStmts(ctx, done)).then(
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
 * Fetches the detail of every pending trade that is due (detailRetryAt passed); returns how many
 * it fetched, how many failed this run, and how many trades of the shop still miss their detail.
 * With the run's DetailFetcher (`inline`), first waits for the details it is fetching, then
 * picks up only what it never tried (pending from earlier runs, or stored without it).
 */
export async function runDetail(ctx: RunContext, inline?: DetailFetcher): Promise<{ fetched: number; failed: number; missing: number }> {
  let fetched = 0;
  let failed = 0;
  if (inline) ({ fetched, failed } = await inline.drain());
  const tried = new Set<string>();
  const seen = (tid: string, modified: number) => tried.has(keyOf(tid, modified)) || (inline?.has(tid, modified) ?? false);
  for (;;) {
    checkpoint(ctx);
    // Trades tried in this run are skipped below; rows come newest first, so the batch is widened
    // by what this run already tried rather than walked with an offset.
    const rows = await ctx.sql.all<{ tid: string; modified: number }>(
      `SELECT "tid", "modified" FROM "Trade" WHERE "shopId" = ? AND "detailPending" = ${ctx.sql.dialect.true} AND ("detailRetryAt" IS NULL OR "detailRetryAt" <= ?)
        ORDER BY "modified" DESC LIMIT ${SELECT_BATCH + tried.size + (inline?.tried ?? 0)}`,
      ctx.shopId,
      new Date(),
    );
    // A trade tried in this run and still pending (stale answer, failure) waits for the next run.
    const todo = rows.filter((r) => !seen(r.tid, Number(r.modified))).slice(0, SELECT_BATCH);
    if (todo.length === 0) return { fetched, failed, missing: await countDetailMissing(ctx.sql, ctx.shopId) };
    for (const r of todo) tried.add(keyOf(r.tid, Number(r.modified)));
    const tids = todo.map((r) => r.tid);
    let buffer: FetchedTrade[] = [];
    let writing: Promise<unknown> = Promise.resolve();
    const flush = (all: boolean) => {
      if (buffer.length === 0 || (!all && buffer.length < STORE_BATCH)) return;
      const batch = buffer;
      buffer = [];
      const done = batch.map((f) => f.trade.tid);
      writing = writing.then(() => storeBatch(ctx, batch, () => staleAnswerStmts(ctx, done)));
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
          if (!(await detailFailed(ctx, tid, e))) {
            stop ??= e;
            return;
          }
          failed++;
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
