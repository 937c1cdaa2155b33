/**
 * The initial load (top-data.md §5.1): trades.sold.get over the last three months, split by
 * Asia/Shanghai creation day, `use_has_next`, page size 100, the full `type` list and rich
 * `fields`. Creation times never change, and every day's range ends at the instant the backfill
 * was planned (in the past), so a day's list is stable and forward paging is safe.
 *
 * Resumable: each day has a SyncBackfillDay row whose `pagesDone` moves in the same transaction
 * as the page's trades, so a run killed at any point resumes at the first page not stored. Days
 * are fetched several at once in the order of lib/sync/backfill-days.ts (newest first, except
 * the days close to leaving the API's three-month window); within a day the next pages are
 * fetched while the previous ones wait for the run's writer (lib/sync/writer.ts). A day that
 * left the window before it was stored is a gap: never done, always reported.
 */
import "server-only";
import { TopClientError } from "@/lib/top";
import { formatTopTime } from "@/lib/time";
import { BackfillDayQueue, dayDeadline, dayLeftWindow, dayRange, listWindowStart, planBackfillDays } from "./backfill-days";
import { checkpoint, isFatal, recordError, storeBatch, withRetries, type RunContext } from "./context";
import { run as stmt, type Row, type SqlDriver } from "./sql";
import { fenceWork } from "./store";

export { dayRange, planBackfillDays } from "./backfill-days";

interface BackfillState {
  startedAt: number | null;
  doneAt: number | null;
}

/** Plans a new backfill at platform time `t0` (replacing any previous plan). */
export async function planBackfill(ctx: RunContext, t0: Date): Promise<void> {
  // Gaps of an earlier plan stay on record (they can never be filled); a repair pass plans the rest.
  const gapDays = new Set((await ctx.sql.all<{ day: string }>(`SELECT "day" FROM "SyncBackfillDay" WHERE "shopId" = ? AND "gap" = ?`, ctx.shopId, true)).map((r) => String(r.day)));
  const days = planBackfillDays(t0).filter((day) => !gapDays.has(day));
  const now = new Date();
  const d = ctx.sql.dialect;
  await ctx.sql.tx(function* () {
    yield* fenceWork(d, ctx.shopId, ctx.owner, now);
    yield stmt(`DELETE FROM "SyncBackfillDay" WHERE "shopId" = ? AND "gap" = ?`, ctx.shopId, false);
    for (const s of d.insert(
      "SyncBackfillDay",
      [
        { name: "shopId", type: "text" },
        { name: "day", type: "text" },
        { name: "updatedAt", type: "ts" },
      ],
      days.map((day) => [ctx.shopId, day, now]),
    ))
      yield s;
    // Incremental sync starts where the backfill's days end; an existing watermark is kept (a re-backfill is a repair pass).
    yield stmt(
      `UPDATE "SyncState" SET "backfillStartedAt" = ?, "backfillDoneAt" = NULL, "backfillDaysTotal" = ?, "backfillDaysDone" = 0, "backfillPagesDone" = 0,
         "backfillPagesTotal" = ?, "watermark" = COALESCE("watermark", ?), "updatedAt" = ? WHERE "shopId" = ? AND "leaseOwner" = ?`,
      t0,
      days.length,
      days.length,
      t0,
      now,
      ctx.shopId,
      ctx.owner,
    );
  });
  ctx.log.info({ shopId: ctx.shopId, days: days.length, from: days[0], to: days.at(-1) }, "backfill planned");
}

export async function backfillState(ctx: RunContext): Promise<BackfillState> {
  const [r] = await ctx.sql.all<{ backfillStartedAt: number | null; backfillDoneAt: number | null }>(
    `SELECT "backfillStartedAt", "backfillDoneAt" FROM "SyncState" WHERE "shopId" = ?`,
    ctx.shopId,
  );
  return { startedAt: r?.backfillStartedAt ?? null, doneAt: r?.backfillDoneAt ?? null };
}

interface DayRow {
  day: string;
  pagesDone: number;
  done: boolean;
  gap: boolean;
}

export interface BackfillResult {
  /** Every day of the plan is stored: nothing more to fetch, no gap. */
  complete: boolean;
  /** Nothing more can be fetched (every day stored or a gap). */
  finished: boolean;
  /** Days that left the API's window before they were stored (this plan's and earlier ones'), oldest first. */
  gaps: string[];
}

/** Marks a day that can no longer be listed as a gap (never done): reported on the sync page and by db:digest. */
async function markGap(ctx: RunContext, row: DayRow): Promise<void> {
  const reason = `left trades.sold.get's three-month window at ${formatTopTime(dayDeadline(row.day))} (GMT+8) before it was fetched (${row.pagesDone} page(s) stored); its trades can no longer be listed`;
  await ctx.sql.run(`UPDATE "SyncBackfillDay" SET "gap" = ?, "lastError" = ?, "updatedAt" = ? WHERE "shopId" = ? AND "day" = ? AND "done" = ?`, true, reason, new Date(), ctx.shopId, row.day, false);
  ctx.stats.errorCount++;
  ctx.stats.errors.push({ at: new Date().toISOString(), phase: "BACKFILL", message: `${row.day} ${reason}`, retried: false, code: "gap" });
  ctx.log.error({ shopId: ctx.shopId, day: row.day, pagesDone: row.pagesDone }, "backfill day left the API's window before it was fetched: gap");
}

/** Days recorded as gaps, oldest first. */
export async function backfillGaps(sql: SqlDriver, shopId: string): Promise<string[]> {
  const rows = await sql.all<{ day: string }>(`SELECT "day" FROM "SyncBackfillDay" WHERE "shopId" = ? AND "gap" = ? ORDER BY "day"`, shopId, true);
  return rows.map((r) => String(r.day));
}

class Progress {
  private readonly started = Date.now();
  private pagesThisRun = 0;
  constructor(
    private donePages: number,
    private doneDays: number,
    private readonly totalDays: number,
    private readonly open: Map<string, number>,
  ) {}

  page(day: string, finished: boolean): void {
    this.pagesThisRun++;
    this.donePages++;
    this.open.set(day, (this.open.get(day) ?? 0) + 1);
    if (finished) {
      this.doneDays++;
      this.open.delete(day);
    }
  }

  /** Pages of the whole backfill: done + (for each open day) the average day's pages beyond what it has. */
  estimateTotal(): number {
    const avg = this.doneDays > 0 ? this.donePagesOfDoneDays() / this.doneDays : 1;
    let rest = 0;
    const openDays = this.totalDays - this.doneDays;
    const known = [...this.open.values()];
    for (const p of known) rest += Math.max(1, Math.round(avg) - p);
    rest += Math.max(0, openDays - known.length) * Math.max(1, Math.round(avg));
    return this.donePages + rest;
  }

  private donePagesOfDoneDays(): number {
    let inOpen = 0;
    for (const p of this.open.values()) inOpen += p;
    return Math.max(this.doneDays, this.donePages - inOpen);
  }

  eta(now: number): Date | null {
    if (this.pagesThisRun < 2) return null;
    const rate = this.pagesThisRun / (now - this.started);
    return new Date(now + Math.max(0, this.estimateTotal() - this.donePages) / rate);
  }
}

/** Runs (or resumes) the backfill. */
export async function runBackfill(ctx: RunContext, opts: { replan?: boolean } = {}): Promise<BackfillResult> {
  let state = await backfillState(ctx);
  if (opts.replan || state.startedAt === null) {
    await planBackfill(ctx, await ctx.clock());
    state = await backfillState(ctx);
  }
  const t0 = new Date(state.startedAt!);
  const dayRows = (await ctx.sql.all<Row>(`SELECT "day", "pagesDone", "done", "gap" FROM "SyncBackfillDay" WHERE "shopId" = ? AND "gap" = ? ORDER BY "day" DESC`, ctx.shopId, false)).map(
    (r): DayRow => ({ day: String(r.day), pagesDone: Number(r.pagesDone), done: !!r.done, gap: !!r.gap }),
  );
  // Planned by deadline on every resume: what left the window while no run was going is a gap.
  const startNow = await ctx.clock();
  const pending: DayRow[] = [];
  for (const r of dayRows) {
    if (r.done) continue;
    if (dayLeftWindow(r.day, startNow)) await markGap(ctx, r);
    else pending.push(r);
  }
  const progress = new Progress(
    dayRows.reduce((s, r) => s + r.pagesDone, 0),
    dayRows.length - pending.length,
    dayRows.length,
    new Map(pending.filter((r) => r.pagesDone > 0).map((r) => [r.day, r.pagesDone])),
  );

  let stopped: unknown = null;
  const queue = new BackfillDayQueue(pending);
  const worker = async () => {
    while (stopped === null) {
      const next = queue.next(await ctx.clock());
      if (!next) return;
      try {
        await backfillDay(ctx, next, t0, progress);
      } catch (e) {
        if (isFatal(e) || ctx.signal.aborted) {
          stopped ??= e;
          return;
        }
        ctx.stats.failedUnits++;
        // TOP failures were recorded by withRetries; the rest (the database, a bad response) here.
        if (!TopClientError.is(e)) recordError(ctx, "BACKFILL", e, false);
        await ctx.sql
          .run(`UPDATE "SyncBackfillDay" SET "attempts" = "attempts" + 1, "lastError" = ?, "updatedAt" = ? WHERE "shopId" = ? AND "day" = ?`, String((e as Error).message ?? e).slice(0, 500), new Date(), ctx.shopId, next.day)
          .catch(() => undefined);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.cfg.backfillConcurrency, Math.max(1, pending.length)) }, worker));
  if (stopped !== null) throw stopped;

  const gaps = await backfillGaps(ctx.sql, ctx.shopId);
  const [left] = await ctx.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "SyncBackfillDay" WHERE "shopId" = ? AND "done" = ? AND "gap" = ?`, ctx.shopId, false, false);
  if (Number(left?.n ?? 0) > 0) return { complete: false, finished: false, gaps };
  // Finished: nothing more to fetch (backfillDoneAt), complete only without gaps.
  await ctx.sql.run(`UPDATE "SyncState" SET "backfillDoneAt" = ?, "runEtaAt" = NULL WHERE "shopId" = ? AND "leaseOwner" = ? AND "backfillDoneAt" IS NULL`, new Date(), ctx.shopId, ctx.owner);
  if (gaps.length > 0) ctx.log.error({ shopId: ctx.shopId, gaps }, "backfill finished with gaps");
  else ctx.log.info({ shopId: ctx.shopId }, "backfill complete");
  return { complete: gaps.length === 0, finished: true, gaps };
}

/** Pages of one day fetched ahead of their write. */
const PAGES_AHEAD = 4;
let passes = 0;

async function backfillDay(ctx: RunContext, row: DayRow, t0: Date, progress: Progress): Promise<void> {
  const range = dayRange(row.day, t0);
  const end = range.end;
  let start = range.start;
  // trades.sold.get only reaches back three months from now: a day that has aged out is a gap.
  const now = await ctx.clock();
  if (dayLeftWindow(row.day, now)) {
    await markGap(ctx, row);
    return;
  }
  const oldest = listWindowStart(now);
  if (start.getTime() < oldest.getTime()) start = oldest;

  let page = row.pagesDone + 1;
  // Pages go to the run's writer while the next page is fetched; a day keeps a few pages in
  // hand at most. The key makes the writer refuse a day's later pages once one of them failed,
  // so the day's cursor (pagesDone) never passes a page that was not stored.
  const key = `${row.day}#${++passes}`;
  const writes: Promise<void>[] = [];
  try {
    for (;;) {
      checkpoint(ctx);
      const pageNo = page;
      const res = await withRetries(ctx, "BACKFILL", () => ctx.top.soldGetPage(start, end, pageNo));
      ctx.stats.pages++;
      const last = res.hasNext !== true;
      // Display only (the cursor itself moves in the transaction below).
      progress.page(row.day, last);
      const writing = storeBatch(
        ctx,
        res.trades,
        () => {
        const now = new Date();
        return [
          stmt(
            `UPDATE "SyncBackfillDay" SET "pagesDone" = ?, "trades" = "trades" + ?, "done" = ?, "lastError" = NULL, "updatedAt" = ? WHERE "shopId" = ? AND "day" = ?`,
            pageNo,
            res.trades.length,
            last,
            now,
            ctx.shopId,
            row.day,
          ),
          stmt(
            `UPDATE "SyncState" SET "backfillPagesDone" = "backfillPagesDone" + 1, "backfillDaysDone" = "backfillDaysDone" + ?, "backfillPagesTotal" = ?,
               "runCalls" = ?, "runTrades" = "runTrades" + ?, "runEtaAt" = ?, "updatedAt" = ? WHERE "shopId" = ?`,
            last ? 1 : 0,
            progress.estimateTotal(),
            ctx.top.calls,
            res.trades.length,
            progress.eta(now.getTime()),
            now,
            ctx.shopId,
          ),
        ];
        },
        { key },
      ).then(() => {
        ctx.onProgress?.({ phase: "BACKFILL", pages: ctx.stats.pages, calls: ctx.top.calls, tradesFetched: ctx.stats.tradesFetched, detail: `${row.day} p${pageNo}` });
      });
      // A failed write is reported where it is awaited; never as an unhandled rejection meanwhile.
      writing.catch(() => undefined);
      writes.push(writing);
      if (writes.length >= PAGES_AHEAD) await writes.shift();
      if (last) break;
      page++;
    }
  } finally {
    for (const w of writes) await w;
  }
}
