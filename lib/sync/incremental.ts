/**
 * Incremental sync (top-data.md §5.2): trades.sold.increment.get over `modified` windows of at
 * most SYNC_WINDOW_MINUTES (30), each starting SYNC_WINDOW_OVERLAP_MINUTES (10) before the
 * committed watermark and ending SYNC_WINDOW_LAG_SECONDS (5) before the platform's now. The
 * watermark moves to a window's end only after every page of the window is stored; a window
 * that fails is retried (by this run or the next) from the same watermark.
 *
 * Paging safety. The list is sorted by `modified` descending and rows leave it while we page
 * (a trade modified meanwhile gets a `modified` after the window's end). Paging forwards would
 * then skip rows (everything below a removed row moves up a page). We page backwards instead:
 * page 1 first only to learn `total_results`, then pages N … 2, then page 1 again. A row's
 * position only decreases while rows leave, and the scan moves down one page at a time, so the
 * scan can never pass a row: each row is seen on some page (at the latest on the final page 1).
 * The rows that left were modified after the window's end and belong to a later window, which
 * starts 10 minutes before it anyway. Rows can only *enter* a window whose end is not yet in the
 * past (clock skew); the final page 1 re-checks `total_results`, and a window that grew while it
 * was paged is paged again.
 */
import "server-only";
import { TopClientError } from "@/lib/top";
import { checkpoint, isFatal, recordError, storeBatch, withRetries, type RunContext } from "./context";
import { PAGE_SIZE } from "./fetch";
import type { FetchedTrade } from "./rows";
import { fenceWork } from "./store";
import { run as stmt } from "./sql";

const MAX_WINDOW_ROUNDS = 3;

export interface IncrementalResult {
  /** The watermark reached the platform's now (minus the lag). */
  caughtUp: boolean;
  windows: number;
}

export class WindowUnstableError extends Error {
  override readonly name = "WindowUnstableError";
}

async function readWatermark(ctx: RunContext): Promise<Date | null> {
  const [r] = await ctx.sql.all<{ watermark: number | null; backfillStartedAt: number | null }>(
    `SELECT "watermark", "backfillStartedAt" FROM "SyncState" WHERE "shopId" = ?`,
    ctx.shopId,
  );
  const w = r?.watermark ?? r?.backfillStartedAt ?? null;
  return w === null ? null : new Date(w);
}

/** Where a window's pages go (the writer; tests pass their own). */
export type PageSink = (trades: FetchedTrade[]) => Promise<unknown>;

/** Fetches and stores one window (backwards paging with a re-check); returns the trades seen. */
export async function syncWindow(ctx: RunContext, start: Date, end: Date, sink: PageSink = (t) => storeBatch(ctx, t, undefined, { urgent: true })): Promise<number> {
  for (let round = 1; round <= MAX_WINDOW_ROUNDS; round++) {
    checkpoint(ctx);
    const first = await withRetries(ctx, "INCREMENTAL", () => ctx.top.incrementPage(start, end, 1));
    ctx.stats.pages++;
    const total = first.total ?? first.trades.length;
    await sink(first.trades);
    let seen = first.trades.length;
    const pages = Math.ceil(total / PAGE_SIZE);
    if (pages <= 1) return seen;
    for (let p = pages; p >= 2; p--) {
      checkpoint(ctx);
      const res = await withRetries(ctx, "INCREMENTAL", () => ctx.top.incrementPage(start, end, p));
      ctx.stats.pages++;
      seen += res.trades.length;
      await sink(res.trades);
    }
    const again = await withRetries(ctx, "INCREMENTAL", () => ctx.top.incrementPage(start, end, 1));
    ctx.stats.pages++;
    seen += again.trades.length;
    await sink(again.trades);
    const after = again.total ?? again.trades.length;
    if (after <= total) return seen;
    ctx.log.info({ shopId: ctx.shopId, start, end, before: total, after }, "rows entered the window while it was paged; paging it again");
  }
  throw new WindowUnstableError(`the window ${start.toISOString()}–${end.toISOString()} kept growing while it was paged`);
}

/** Moves the watermark (fenced by the lease). */
async function commitWatermark(ctx: RunContext, end: Date): Promise<void> {
  const now = new Date();
  await ctx.sql.tx(function* () {
    yield* fenceWork(ctx.sql.dialect, ctx.shopId, ctx.owner, now);
    yield stmt(`UPDATE "SyncState" SET "watermark" = ?, "runCalls" = ?, "updatedAt" = ? WHERE "shopId" = ?`, end, ctx.top.calls, now, ctx.shopId);
  });
}

/** Windows from the watermark up to the platform's now. A failed window stops the phase (the watermark stays). */
export async function runIncremental(ctx: RunContext): Promise<IncrementalResult> {
  const stored = await readWatermark(ctx);
  if (stored === null) throw new Error("incremental sync needs a watermark: run the backfill first");
  let watermark: Date = stored;
  let windows = 0;
  for (;;) {
    checkpoint(ctx);
    // The window's end stays SYNC_WINDOW_LAG_SECONDS behind the platform's now: nothing can still land in it.
    const limit = (await ctx.clock()).getTime() - ctx.cfg.windowLagMs;
    if (watermark.getTime() >= limit) return { caughtUp: true, windows };
    const start: Date = new Date(watermark.getTime() - ctx.cfg.overlapMs);
    // TOP's times have whole seconds; both ends are inclusive.
    const end: Date = new Date(Math.floor(Math.min(start.getTime() + ctx.cfg.windowMs, limit) / 1000) * 1000);
    if (end.getTime() <= watermark.getTime()) return { caughtUp: true, windows };
    try {
      await syncWindow(ctx, start, end);
    } catch (e) {
      if (isFatal(e) || ctx.signal.aborted) throw e;
      // TOP failures were recorded by withRetries; the rest (a window that kept growing, the database) here.
      if (!TopClientError.is(e)) recordError(ctx, "INCREMENTAL", e, false);
      ctx.stats.failedUnits++;
      return { caughtUp: false, windows };
    }
    await commitWatermark(ctx, end);
    watermark = end;
    windows++;
    ctx.stats.windows++;
    ctx.onProgress?.({ phase: "INCREMENTAL", pages: ctx.stats.pages, calls: ctx.top.calls, tradesFetched: ctx.stats.tradesFetched, detail: end.toISOString() });
  }
}
