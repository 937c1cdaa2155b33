/**
 * One sync run of one shop: take the lease, record a SyncRun, run the phases, release.
 *
 *   kind "auto" (scheduler, 立即同步): the backfill until it is complete, then incremental
 *     windows up to now, then the pending details;
 *   kind "backfill" (`npm run sync -- --backfill`): resume the backfill, or plan a new one when
 *     the last one is complete (a repair pass), then the details;
 *   kind "incremental": incremental windows and details only.
 *
 * Outcomes: SUCCESS (everything asked is stored and current, no trade misses its detail),
 * PARTIAL (some unit failed or some detail is still missing: retried by a later run, nothing is
 * lost; also when the platform refused service or a backfill day became a gap), PAUSED (the
 * shop needs re-authorisation), ABORTED (the lease was lost or the run was stopped), FAILED (an
 * unexpected error).
 */
import "server-only";
import { setMaxListeners } from "node:events";
import { db } from "@/lib/db";
import { log as rootLog } from "@/lib/log";
import { ShopNeedsReauthError } from "@/lib/shops/tokens";
import { topClient } from "@/lib/taobao";
import { platformNow, TopBudgetExceededError, type TopClient } from "@/lib/top";
import { backfillGaps, backfillState, runBackfill } from "./backfill";
import { syncConfig, type SyncConfig } from "./config";
import { checkpoint, emptyStats, isFatal, recordError, withRetries, type ProgressEvent, type RunContext, type RunStats, type SyncPhaseName } from "./context";
import { countDetailMissing, DetailFetcher, runDetail } from "./detail";
import { errorMessage, LeaseLostError, PlatformUnavailableError, SyncAbortedError } from "./errors";
import { ShopTop } from "./fetch";
import { runIncremental } from "./incremental";
import { acquireLease, LeaseKeeper, newLeaseOwner, releaseLease } from "./lease";
import { syncSql } from "./sql";
import { BatchWriter } from "./writer";

export type SyncKind = "auto" | "backfill" | "incremental";
export type SyncTriggerName = "SCHEDULE" | "MANUAL" | "SIGNIN" | "CLI";
export type RunOutcome = "SUCCESS" | "PARTIAL" | "FAILED" | "PAUSED" | "ABORTED";

export interface RunSyncOptions {
  kind?: SyncKind;
  trigger?: SyncTriggerName;
  /** The TOP client (default: the process's, from lib/taobao). */
  client?: TopClient;
  /**
   * Platform time. Default: the platform's clock as the TOP client measures it from the gateway's
   * answers (lib/top/platform-clock.ts; one taobao.time.get when nothing was measured yet), never
   * this machine's clock, which may run ahead of Taobao's. Tests may pass the sandbox's clock.
   */
  clock?: () => Date | Promise<Date>;
  /** Waits between unit retries (default: real time). */
  sleep?: (ms: number) => Promise<void>;
  /** Lease owner id (default: a new one per run). */
  owner?: string;
  config?: Partial<SyncConfig>;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

export interface RunSyncResult {
  /** SKIPPED: another worker holds the lease (or the shop is paused) and nothing was done. */
  outcome: RunOutcome | "SKIPPED";
  runId: string | null;
  shopId: string;
  /** Every backfill day is stored (false while one is pending, and for good once a day became a gap). */
  backfillComplete: boolean;
  /** Backfill days that left the API's window before they were stored (their trades are missing), oldest first. */
  backfillGaps: string[];
  /** Trades that still miss their detail (buyer message, memo) after the run; retried by later runs. */
  detailMissing: number;
  caughtUp: boolean;
  calls: number;
  refreshes: number;
  stats: RunStats;
  error: string | null;
}

function abortableSleep(signal: AbortSignal) {
  return (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason instanceof Error ? signal.reason : new SyncAbortedError());
      const t = setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(t);
        reject(signal.reason instanceof Error ? signal.reason : new SyncAbortedError());
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
}

async function setPhase(ctx: RunContext, phase: SyncPhaseName): Promise<void> {
  await ctx.sql.run(`UPDATE "SyncState" SET "phase" = ?, "updatedAt" = ? WHERE "shopId" = ? AND "leaseOwner" = ?`, phase, new Date(), ctx.shopId, ctx.owner);
}

export async function runSync(shopId: string, options: RunSyncOptions = {}): Promise<RunSyncResult> {
  const cfg = { ...syncConfig(), ...options.config };
  const kind = options.kind ?? "auto";
  const trigger = options.trigger ?? "SCHEDULE";
  const owner = options.owner ?? newLeaseOwner();
  const log = rootLog.child({ module: "sync", shopId });
  const sql = await syncSql();
  const stats = emptyStats();
  const base = { runId: null, shopId, backfillComplete: false, backfillGaps: [], detailMissing: 0, caughtUp: false, calls: 0, refreshes: 0, stats, error: null };

  const shop = await db().shop.findUnique({ where: { id: shopId }, select: { id: true, status: true, reauthReason: true } });
  if (!shop) throw new Error(`No shop ${shopId}`);
  if (shop.status !== "ACTIVE") {
    await sql.run(`INSERT INTO "SyncState" ("shopId", "updatedAt") VALUES (?, ?) ON CONFLICT ("shopId") DO NOTHING`, shopId, new Date());
    await sql.run(`UPDATE "SyncState" SET "phase" = 'PAUSED', "requestedAt" = NULL, "updatedAt" = ? WHERE "shopId" = ? AND "leaseOwner" IS NULL`, new Date(), shopId);
    return { ...base, outcome: "SKIPPED", error: `shop status ${shop.status}${shop.reauthReason ? ` (${shop.reauthReason})` : ""}` };
  }
  if (!(await acquireLease(sql, shopId, owner, cfg.leaseTtlMs))) return { ...base, outcome: "SKIPPED", error: "another worker holds the lease" };

  const started = new Date();
  // Runs left RUNNING by a worker that died (its lease expired, which is how we got it).
  await db().syncRun.updateMany({ where: { shopId, outcome: "RUNNING", worker: { not: owner } }, data: { outcome: "ABORTED", endedAt: started, lastError: "the worker stopped without finishing (its lease expired)" } });
  const runKind = kind === "incremental" ? "INCREMENTAL" : (await sql.all<{ backfillDoneAt: number | null }>(`SELECT "backfillDoneAt" FROM "SyncState" WHERE "shopId" = ?`, shopId))[0]?.backfillDoneAt === null || kind === "backfill" ? "BACKFILL" : "INCREMENTAL";
  const runRow = await db().syncRun.create({ data: { shopId, kind: runKind, trigger, worker: owner, startedAt: started, heartbeatAt: started } });
  await sql.run(
    `UPDATE "SyncState" SET "runId" = ?, "runStartedAt" = ?, "runCalls" = 0, "runTrades" = 0, "runEtaAt" = NULL, "lastRunAt" = ?, "requestedAt" = NULL, "requestedTrigger" = NULL, "updatedAt" = ? WHERE "shopId" = ? AND "leaseOwner" = ?`,
    runRow.id,
    started,
    started,
    started,
    shopId,
    owner,
  );

  const controller = new AbortController();
  // Every call in flight (pages, details) listens on this signal.
  setMaxListeners(256, controller.signal);
  const onOuterAbort = () => controller.abort(options.signal?.reason instanceof Error ? options.signal.reason : new SyncAbortedError());
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  const client = options.client ?? topClient();
  // Windows and the backfill's plan stay on platform time: a worker whose clock runs ahead would
  // otherwise ask for windows ending in the platform's future and call them caught up.
  // Before the client has measured anything, one taobao.time.get (a unit like any other: retried,
  // and a long ban stops the run as PlatformUnavailableError).
  const clock = options.clock ?? (() => client.platformClock.now() ?? withRetries(ctx, "BACKFILL", () => platformNow(client)));
  const ctx: RunContext = {
    shopId,
    owner,
    sql,
    top: new ShopTop(shopId, client, controller.signal),
    cfg,
    log,
    stats,
    clock: async () => clock(),
    sleep: options.sleep ?? abortableSleep(controller.signal),
    signal: controller.signal,
    onProgress: options.onProgress,
    writer: new BatchWriter(sql, shopId, owner, { maxTrades: cfg.writeBatchTrades, lingerMs: cfg.writeLingerMs }),
    abort: (reason) => {
      if (!controller.signal.aborted) controller.abort(reason);
    },
  };
  const details = new DetailFetcher(ctx);
  ctx.details = details;
  const flushRun = async () => {
    await db().syncRun.update({
      where: { id: runRow.id },
      data: {
        heartbeatAt: new Date(),
        calls: ctx.top.calls,
        pages: stats.pages,
        windows: stats.windows,
        detailCalls: stats.detailCalls,
        tradesFetched: stats.tradesFetched,
        tradesInserted: stats.tradesInserted,
        tradesUpdated: stats.tradesUpdated,
        errorCount: stats.errorCount,
        errors: stats.errors.length ? (stats.errors as unknown as object) : undefined,
        lastError: stats.errors.at(-1)?.message ?? null,
      },
    });
  };
  const keeper = new LeaseKeeper(sql, shopId, owner, cfg.leaseTtlMs, flushRun, () => controller.abort(new LeaseLostError(shopId, owner)));
  keeper.start();

  let outcome: RunOutcome = "SUCCESS";
  let error: string | null = null;
  let backfillComplete = false;
  let gaps: string[] = [];
  let newGaps = false;
  let detailMissing = 0;
  /** PARTIAL only because some details wait for their backoff: the next run comes at the usual interval. */
  let waitingOnly = false;
  let caughtUp = false;
  let retryAfterMs: number | null = null;
  let threw = false;
  try {
    const state = await backfillState(ctx);
    gaps = await backfillGaps(ctx);
    let backfillFinished = state.doneAt !== null;
    backfillComplete = backfillFinished && gaps.length === 0;
    if (kind === "backfill" || (kind === "auto" && !backfillFinished)) {
      await setPhase(ctx, "BACKFILL");
      const before = gaps.length;
      const b = await runBackfill(ctx, { replan: kind === "backfill" && backfillFinished });
      ({ complete: backfillComplete, finished: backfillFinished, gaps } = b);
      newGaps = gaps.length > before;
    }
    checkpoint(ctx);
    // Incremental windows run once the backfill is planned (its start is their watermark), even
    // when some backfill day failed this time: one bad day must not hold back every new order.
    if (kind === "incremental" || (kind === "auto" && (await backfillState(ctx)).startedAt !== null)) {
      await setPhase(ctx, "INCREMENTAL");
      caughtUp = (await runIncremental(ctx)).caughtUp;
    }
    checkpoint(ctx);
    await setPhase(ctx, "DETAIL");
    detailMissing = (await runDetail(ctx, details)).missing;
    // A gap is reported by every run (backfillGaps) but makes only the run that found it PARTIAL.
    const backfillShort = kind !== "incremental" && (!backfillFinished || newGaps);
    if (stats.failedUnits > 0 || backfillShort || (kind !== "backfill" && !caughtUp) || detailMissing > 0) outcome = "PARTIAL";
    waitingOnly = outcome === "PARTIAL" && stats.failedUnits === 0 && !backfillShort && (kind === "backfill" || caughtUp);
    if (newGaps) error = `the backfill days ${gaps.join(", ")} left the API's three-month window before they were fetched: their trades are missing`;
    else if (outcome === "PARTIAL" && detailMissing > 0 && stats.failedUnits === 0) error = `${detailMissing} trade(s) still miss their buyer message or memo; they are retried automatically`;
  } catch (thrown) {
    threw = true;
    // A fatal error met off the main path (a detail fetch) aborted the run: report it, not the abort it caused.
    const e = controller.signal.aborted && isFatal(controller.signal.reason) ? (controller.signal.reason as unknown) : thrown;
    error = errorMessage(e);
    if (ShopNeedsReauthError.is(e)) outcome = "PAUSED";
    else if (TopBudgetExceededError.is(e) || PlatformUnavailableError.is(e)) {
      // The app key's daily budget is spent, or TOP bans the app for a while: resumable, nothing is
      // lost or counted against any trade; nothing to do for this shop until it ends. (Checked
      // before "aborted": a detail fetch that meets it stops the run through the abort signal.)
      outcome = "PARTIAL";
      retryAfterMs = e.retryAfterMs;
    } else if (LeaseLostError.is(e) || SyncAbortedError.is(e) || controller.signal.aborted) outcome = "ABORTED";
    else {
      outcome = "FAILED";
      log.error({ err: e }, "sync run failed");
    }
    recordError(ctx, "RUN", e, false);
  } finally {
    options.signal?.removeEventListener("abort", onOuterAbort);
    // Nothing of this run may still fetch or write once the lease is released: stop the detail
    // fetches of a run that failed, and let the writer commit what it holds (fenced by the lease).
    if (threw && !controller.signal.aborted) controller.abort(new SyncAbortedError());
    await details.drain().catch(() => undefined);
    await ctx.writer!.drain();
    await keeper.stop();
  }

  const ended = new Date();
  const lastError = error ?? stats.errors.filter((x) => !x.retried).at(-1)?.message ?? null;
  await flushRun().catch(() => undefined);
  detailMissing = await countDetailMissing(sql, shopId).catch(() => detailMissing);
  await db().syncRun.update({ where: { id: runRow.id }, data: { outcome, endedAt: ended, lastError, detailMissing } });
  const phase = outcome === "PAUSED" ? "PAUSED" : "IDLE";
  await sql.run(
    `UPDATE "SyncState" SET "phase" = ?, "runId" = NULL, "runCalls" = ?, "runEtaAt" = NULL, "lastSuccessAt" = CASE WHEN ? THEN ? ELSE "lastSuccessAt" END,
       "lastErrorAt" = CASE WHEN ? THEN ? ELSE "lastErrorAt" END, "lastError" = CASE WHEN ? THEN ? ELSE "lastError" END, "nextRunAt" = ?,
       "clockSkewMs" = COALESCE(?, "clockSkewMs"), "updatedAt" = ?
     WHERE "shopId" = ? AND "leaseOwner" = ?`,
    phase,
    ctx.top.calls,
    outcome === "SUCCESS",
    ended,
    lastError !== null,
    ended,
    lastError !== null,
    lastError,
    new Date(ended.getTime() + (retryAfterMs ?? (outcome === "SUCCESS" || outcome === "PAUSED" || waitingOnly ? cfg.intervalMs : Math.min(cfg.intervalMs, 15_000)))),
    // Shown on the sync page when this machine's clock is more than a minute off Taobao's.
    options.clock ? null : Math.round(client.platformClock.skewMs() ?? Number.NaN) || null,
    ended,
    shopId,
    owner,
  );
  if (!keeper.lost) await releaseLease(sql, shopId, owner);
  log.info({ outcome, calls: ctx.top.calls, ...stats, errors: undefined, ms: ended.getTime() - started.getTime() }, "sync run finished");
  return { outcome, runId: runRow.id, shopId, backfillComplete, backfillGaps: gaps, detailMissing, caughtUp, calls: ctx.top.calls, refreshes: ctx.top.session.refreshes, stats, error };
}
