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
import { databaseErrorLine, StorageError } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { log as rootLog } from "@/lib/log";
import { ShopNeedsReauthError } from "@/lib/shops/tokens";
import { topClient } from "@/lib/taobao";
import { platformNow, TopBudgetExceededError, type TopClient } from "@/lib/top";
import { backfillGaps, backfillState, runBackfill } from "./backfill";
import { failBackoffMs, syncConfig, type SyncConfig } from "./config";
import { checkpoint, emptyStats, isFatal, recordError, withRetries, type ProgressEvent, type RunContext, type RunStats, type SyncPhaseName } from "./context";
import { countDetailMissing, DetailFetcher, runDetail } from "./detail";
import { errorMessage, LeaseLostError, PlatformUnavailableError, runErrorMessage, SyncAbortedError } from "./errors";
import { ShopTop } from "./fetch";
import { runIncremental } from "./incremental";
import { describeLeaseHolder, LeaseKeeper, newLeaseOwner, releaseLease, takeLease } from "./lease";
import { guardStorage, syncSql, type SqlDriver } from "./sql";
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

/** A SKIPPED result still tells the shop's real state: the backfill may be complete, the cache current (within an interval). */
async function skippedState(
  sql: SqlDriver,
  shopId: string,
  cfg: SyncConfig,
  clock: RunSyncOptions["clock"],
): Promise<Pick<RunSyncResult, "backfillComplete" | "backfillGaps" | "detailMissing" | "caughtUp">> {
  const [r] = await sql.all<{ backfillDoneAt: number | null; watermark: number | null }>(`SELECT "backfillDoneAt", "watermark" FROM "SyncState" WHERE "shopId" = ?`, shopId);
  const now = (await (clock ?? (() => new Date()))()).getTime();
  const gaps = await backfillGaps(sql, shopId);
  const finished = r?.backfillDoneAt != null;
  return {
    backfillComplete: finished && gaps.length === 0,
    backfillGaps: gaps,
    detailMissing: await countDetailMissing(sql, shopId),
    caughtUp: finished && r?.watermark != null && Number(r.watermark) >= now - cfg.windowLagMs - cfg.intervalMs,
  };
}

export async function runSync(shopId: string, options: RunSyncOptions = {}): Promise<RunSyncResult> {
  const cfg = { ...syncConfig(), ...options.config };
  const kind = options.kind ?? "auto";
  const trigger = options.trigger ?? "SCHEDULE";
  const owner = options.owner ?? newLeaseOwner();
  const log = rootLog.child({ module: "sync", shopId });
  const sql = guardStorage(await syncSql());
  const stats = emptyStats();
  const base = { runId: null, shopId, backfillComplete: false, backfillGaps: [], detailMissing: 0, caughtUp: false, calls: 0, refreshes: 0, stats, error: null };

  const shop = await db().shop.findUnique({ where: { id: shopId }, select: { id: true, status: true, reauthReason: true } });
  if (!shop) throw new Error(`No shop ${shopId}`);
  if (shop.status !== "ACTIVE") {
    await sql.run(`INSERT INTO "SyncState" ("shopId", "updatedAt") VALUES (?, ?) ON CONFLICT ("shopId") DO NOTHING`, shopId, new Date());
    await sql.run(`UPDATE "SyncState" SET "phase" = 'PAUSED', "requestedAt" = NULL, "updatedAt" = ? WHERE "shopId" = ? AND "leaseOwner" IS NULL`, new Date(), shopId);
    return { ...base, ...(await skippedState(sql, shopId, cfg, options.clock)), outcome: "SKIPPED", error: `shop status ${shop.status}${shop.reauthReason ? ` (${shop.reauthReason})` : ""}` };
  }
  const lease = await takeLease(sql, shopId, owner, cfg.leaseTtlMs);
  if (!lease.acquired) return { ...base, ...(await skippedState(sql, shopId, cfg, options.clock)), outcome: "SKIPPED", error: describeLeaseHolder(lease.prior) };

  const started = new Date();
  // Runs in a row that ended FAILED or crashed (a dead worker's run below counts as one).
  let failStreak = lease.prior.failStreak;
  let runRow: { id: string };
  try {
    // Runs left RUNNING by a worker that died (its lease expired or its process is gone, which is how we got it), with
    // what it did: its last heartbeat and, for the run SyncState still names, the counters it kept current per batch.
    for (const r of await db().syncRun.findMany({ where: { shopId, outcome: "RUNNING", worker: { not: owner } }, select: { id: true, calls: true, tradesFetched: true, heartbeatAt: true } })) {
      const p = lease.prior.runId === r.id ? lease.prior : null;
      const beat = Math.max(r.heartbeatAt?.getTime() ?? 0, p?.heartbeatAt?.getTime() ?? 0);
      failStreak++;
      await db().syncRun.update({
        where: { id: r.id },
        data: { outcome: "ABORTED", endedAt: started, lastError: "the worker stopped without finishing (its process died or its lease expired)", calls: Math.max(r.calls, p?.runCalls ?? 0), tradesFetched: Math.max(r.tradesFetched, p?.runTrades ?? 0), ...(beat ? { heartbeatAt: new Date(beat) } : {}) },
      });
    }
    const runKind = kind === "incremental" ? "INCREMENTAL" : (await sql.all<{ backfillDoneAt: number | null }>(`SELECT "backfillDoneAt" FROM "SyncState" WHERE "shopId" = ?`, shopId))[0]?.backfillDoneAt === null || kind === "backfill" ? "BACKFILL" : "INCREMENTAL";
    runRow = await db().syncRun.create({ data: { shopId, kind: runKind, trigger, worker: owner, startedAt: started, heartbeatAt: started } });
    await sql.run(
      `UPDATE "SyncState" SET "runId" = ?, "runStartedAt" = ?, "runCalls" = 0, "runTrades" = 0, "runEtaAt" = NULL, "lastRunAt" = ?, "requestedAt" = NULL, "requestedTrigger" = NULL, "failStreak" = ?, "updatedAt" = ? WHERE "shopId" = ? AND "leaseOwner" = ?`,
      runRow.id,
      started,
      started,
      failStreak,
      started,
      shopId,
      owner,
    );
  } catch (e) {
    // No run could start (the database refuses): give the lease back rather than hold it for its TTL.
    await releaseLease(sql, shopId, owner).catch(() => undefined);
    throw e;
  }

  const controller = new AbortController();
  // Every call in flight (pages, details) listens on this signal.
  setMaxListeners(256, controller.signal);
  // The database cannot store anything (disk full, read-only, I/O): stop the whole run at the first such error.
  sql.onStorageError = (e) => controller.abort(e);
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
    gaps = await backfillGaps(ctx.sql, shopId);
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
    const e = controller.signal.aborted && (isFatal(controller.signal.reason) || StorageError.is(controller.signal.reason)) ? (controller.signal.reason as unknown) : thrown;
    error = errorMessage(e);
    if (ShopNeedsReauthError.is(e)) outcome = "PAUSED";
    else if (StorageError.is(e)) {
      outcome = "FAILED";
      log.error({ code: e.code }, `sync run failed: ${e.message}`);
    } else if (TopBudgetExceededError.is(e) || PlatformUnavailableError.is(e)) {
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
  // A storage failure met by a best-effort write (nothing threw on it) still fails the run.
  if (sql.storageError && outcome !== "FAILED" && outcome !== "PAUSED") {
    outcome = "FAILED";
    error = sql.storageError.message;
  }
  // A run that is not SUCCESS always says why: its error, else its last unit error, else what it left undone.
  const unfinished = kind !== "incremental" && !backfillComplete ? "the backfill is not complete yet" : kind !== "backfill" && !caughtUp ? "the incremental sync did not catch up" : `the run ended ${outcome}`;
  let lastError = runErrorMessage(error ?? stats.errors.filter((x) => !x.retried).at(-1)?.message ?? (outcome === "SUCCESS" ? null : (stats.errors.at(-1)?.message ?? unfinished)), ctx.top.client.gatewayUrl);
  if (outcome === "FAILED") failStreak++;
  else failStreak = 0;
  const nextRunAt = new Date(ended.getTime() + (retryAfterMs ?? (outcome === "FAILED" ? failBackoffMs(failStreak, cfg) : outcome === "SUCCESS" || outcome === "PAUSED" || waitingOnly ? cfg.intervalMs : Math.min(cfg.intervalMs, 15_000))));
  // Shown on the sync page when this machine's clock is more than a minute off Taobao's.
  const skewMs = options.clock ? null : Math.round(client.platformClock.skewMs() ?? Number.NaN) || null;
  // The bookkeeping must not throw out of runSync: a few quick tries, then the result says what happened.
  let unrecorded: unknown = null;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await flushRun().catch(() => undefined);
      detailMissing = await countDetailMissing(sql, shopId).catch(() => detailMissing);
      await db().syncRun.update({ where: { id: runRow.id }, data: { outcome, endedAt: ended, lastError, detailMissing } });
      const phase = outcome === "PAUSED" ? "PAUSED" : "IDLE";
      await sql.run(
        `UPDATE "SyncState" SET "phase" = ?, "runId" = NULL, "runCalls" = ?, "runEtaAt" = NULL, "lastSuccessAt" = CASE WHEN ? THEN ? ELSE "lastSuccessAt" END,
           "lastErrorAt" = CASE WHEN ? THEN ? ELSE "lastErrorAt" END, "lastError" = CASE WHEN ? THEN ? ELSE "lastError" END, "nextRunAt" = ?, "failStreak" = ?,
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
        nextRunAt,
        failStreak,
        skewMs,
        ended,
        shopId,
        owner,
      );
      if (!keeper.lost) await releaseLease(sql, shopId, owner);
      unrecorded = null;
      break;
    } catch (e) {
      unrecorded = e;
      if (attempt < 3) await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
  if (unrecorded !== null) {
    const why = databaseErrorLine(unrecorded, env().DATABASE_URL);
    log.error({ outcome, lease: keeper.lost ? "lost" : `held until it expires (${cfg.leaseTtlMs / 1000} s)` }, `sync run of shop ${shopId} could not be recorded: ${why}`);
    lastError = `${why} (the run${outcome === "FAILED" ? "" : `, which ended ${outcome},`} could not be recorded)`;
    outcome = "FAILED";
  }
  log.info({ outcome, calls: ctx.top.calls, ...stats, errors: undefined, ms: ended.getTime() - started.getTime() }, "sync run finished");
  return { outcome, runId: runRow.id, shopId, backfillComplete, backfillGaps: gaps, detailMissing, caughtUp, calls: ctx.top.calls, refreshes: ctx.top.session.refreshes, stats, error: outcome === "SUCCESS" ? null : lastError };
}
