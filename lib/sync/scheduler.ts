/**
 * The scheduler: every few seconds, runs the shops that are due — never synced, backfill not
 * complete, `nextRunAt` passed (SYNC_INTERVAL_SECONDS after the last run), or asked for
 * (立即同步, first sign-in) — a few at a time. It runs in every app instance (instrumentation.ts)
 * and in every `npm run worker` process; the lease makes sure one worker syncs a shop at a time.
 *
 * Failures back off per shop, exponentially up to a cap (SyncConfig failBackoffBaseMs/CapMs):
 * a run that ends FAILED sets the shop's `nextRunAt` from its persisted `failStreak` (run.ts), so
 * every process waits; a runSync that throws (the database refuses before a run could start) is
 * backed off in this process's memory. Nothing is ever retried in a tight loop.
 *
 *   import { startScheduler } from "@/lib/sync/scheduler";
 *   startScheduler();            // idempotent per process; returns { stop, kick }
 */
import "server-only";
import { db } from "@/lib/db";
import { databaseErrorLine } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { log as rootLog } from "@/lib/log";
import type { TopClient } from "@/lib/top";
import { failBackoffMs, syncConfig } from "./config";
import { SyncAbortedError } from "./errors";
import { newLeaseOwner } from "./lease";
import { runSync, type RunSyncResult, type SyncTriggerName } from "./run";
import { syncSql } from "./sql";

export interface SchedulerOptions {
  /** Seconds between incremental runs of a shop (default SYNC_INTERVAL_SECONDS). */
  intervalMs?: number;
  /** How often due shops are looked for (default min(5 s, interval)). */
  tickMs?: number;
  /** Shops synced at once by this process (default 2). */
  maxConcurrent?: number;
  client?: TopClient;
  clock?: () => Date | Promise<Date>;
  /** Label of this process's lease owner ids (e.g. "worker"). */
  label?: string;
  onRun?: (result: RunSyncResult) => void;
  /** Backoff after failures (default SyncConfig's failBackoffBaseMs / failBackoffCapMs). */
  failBackoff?: { baseMs?: number; capMs?: number };
  /** Shop ids this scheduler is limited to (default SYNC_ONLY_SHOPS; empty: every shop). */
  onlyShops?: readonly string[];
}

export interface SchedulerHandle {
  /** Looks for due shops now (after 立即同步). */
  kick(): void;
  /** Stops looking, stops the running syncs (their progress is kept) and waits for them. */
  stop(): Promise<void>;
  /** Shops being synced by this process. */
  running(): string[];
}

const globalForScheduler = globalThis as unknown as { orderdeskScheduler?: SchedulerHandle };

/** Shops due for a run (at most `limit`), most urgent first; `exceptShops` are left out (backing off in this process). */
export async function dueShops(now: Date, limit: number, onlyShops: readonly string[] = [], exceptShops: readonly string[] = []): Promise<{ shopId: string; trigger: SyncTriggerName }[]> {
  const shops = await db().shop.findMany({
    where: {
      ...(onlyShops.length > 0 || exceptShops.length > 0
        ? { id: { ...(onlyShops.length > 0 ? { in: [...onlyShops] } : {}), ...(exceptShops.length > 0 ? { notIn: [...exceptShops] } : {}) } }
        : {}),
      status: "ACTIVE",
      accessTokenEnc: { not: null },
      AND: [
        {
          OR: [
            { syncState: { is: null } },
            { syncState: { is: { requestedAt: { not: null } } } },
            { syncState: { is: { backfillDoneAt: null } } },
            { syncState: { is: { nextRunAt: null } } },
            { syncState: { is: { nextRunAt: { lte: now } } } },
          ],
        },
        // Not leased by a live worker (NULL-safe: a released lease has no expiry).
        { OR: [{ syncState: { is: null } }, { syncState: { is: { leaseExpiresAt: null } } }, { syncState: { is: { leaseExpiresAt: { lte: now } } } }] },
      ],
    },
    select: { id: true, syncState: { select: { requestedAt: true, requestedTrigger: true, nextRunAt: true } } },
    take: limit * 4,
  });
  return shops
    .map((s) => ({
      shopId: s.id,
      trigger: (s.syncState?.requestedAt ? (s.syncState.requestedTrigger ?? "MANUAL") : s.syncState ? "SCHEDULE" : "SIGNIN") as SyncTriggerName,
      urgency: s.syncState?.requestedAt ? 0 : s.syncState ? (s.syncState.nextRunAt?.getTime() ?? 0) : -1,
    }))
    .sort((a, b) => a.urgency - b.urgency)
    .slice(0, limit)
    .map(({ shopId, trigger }) => ({ shopId, trigger }));
}

/** Asks for a run of the shop as soon as a scheduler (any instance) sees it: 立即同步 and first sign-in. */
export async function requestSync(shopId: string, trigger: SyncTriggerName = "MANUAL"): Promise<void> {
  const sql = await syncSql();
  const now = new Date();
  await sql.run(`INSERT INTO "SyncState" ("shopId", "updatedAt") VALUES (?, ?) ON CONFLICT ("shopId") DO NOTHING`, shopId, now);
  await sql.run(`UPDATE "SyncState" SET "requestedAt" = ?, "requestedTrigger" = ?, "updatedAt" = ? WHERE "shopId" = ?`, now, trigger, now, shopId);
  globalForScheduler.orderdeskScheduler?.kick();
}

/** Ticks started by finished runs are at least this far apart. */
const MIN_RETICK_MS = 250;

const disabled: SchedulerHandle = { kick: () => undefined, stop: async () => undefined, running: () => [] };

/** Starts this process's scheduler (once; later calls return the same handle). SYNC_SCHEDULER=off disables it. */
export function startScheduler(options: SchedulerOptions = {}): SchedulerHandle {
  if (globalForScheduler.orderdeskScheduler) return globalForScheduler.orderdeskScheduler;
  const cfg = syncConfig();
  if (!cfg.schedulerEnabled) {
    rootLog.info({ module: "sync-scheduler" }, "sync scheduler disabled (SYNC_SCHEDULER=off)");
    return disabled;
  }
  const intervalMs = options.intervalMs ?? cfg.intervalMs;
  const tickMs = options.tickMs ?? Math.min(5_000, intervalMs);
  const maxConcurrent = options.maxConcurrent ?? 2;
  const log = rootLog.child({ module: "sync-scheduler" });
  const running = new Map<string, Promise<void>>();
  const backoff = { failBackoffBaseMs: options.failBackoff?.baseMs ?? cfg.failBackoffBaseMs, failBackoffCapMs: options.failBackoff?.capMs ?? cfg.failBackoffCapMs };
  /** Shops whose last runs here threw or ended FAILED: how many in a row, and not before when. */
  const failing = new Map<string, { streak: number; until: number }>();
  const controller = new AbortController();
  let ticking = false;
  let again = false;
  let stopped = false;
  let lastTick = 0;
  let retick: NodeJS.Timeout | null = null;

  const failed = (shopId: string): number => {
    const streak = (failing.get(shopId)?.streak ?? 0) + 1;
    const wait = failBackoffMs(streak, backoff);
    failing.set(shopId, { streak, until: Date.now() + wait });
    return wait;
  };
  /** Another look once a run frees its slot: soon, but never in a loop. */
  const scheduleRetick = () => {
    if (stopped || retick) return;
    retick = setTimeout(() => {
      retick = null;
      void tick();
    }, Math.max(0, lastTick + MIN_RETICK_MS - Date.now()));
    retick.unref();
  };

  const tick = async () => {
    if (stopped) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = true;
    lastTick = Date.now();
    try {
      do {
        again = false;
        const free = maxConcurrent - running.size;
        if (free <= 0) break;
        const now = Date.now();
        const waiting = [...failing].filter(([, f]) => f.until > now).map(([id]) => id);
        const due = (await dueShops(new Date(), free + running.size, options.onlyShops ?? cfg.onlyShops, waiting)).filter((d) => !running.has(d.shopId)).slice(0, free);
        for (const { shopId, trigger } of due) {
          const p = runSync(shopId, {
            trigger,
            client: options.client,
            clock: options.clock,
            owner: newLeaseOwner(options.label ?? "app"),
            config: { intervalMs, ...backoff },
            signal: controller.signal,
          })
            .then((r) => {
              if (r.outcome === "FAILED") {
                // Persisted too (nextRunAt from failStreak), unless the database refused even that: this process waits either way.
                const wait = failed(shopId);
                log.warn({ shopId, outcome: r.outcome, calls: r.calls, retryInMs: wait }, `scheduled sync failed: ${r.error ?? "unknown error"}`);
              } else if (r.outcome !== "SKIPPED") {
                failing.delete(shopId);
                log.info({ shopId, outcome: r.outcome, calls: r.calls }, "scheduled sync finished");
              }
              options.onRun?.(r);
            })
            .catch((e: unknown) => {
              if (SyncAbortedError.is(e)) return;
              const wait = failed(shopId);
              log.error({ shopId, retryInMs: wait, streak: failing.get(shopId)?.streak }, `scheduled sync crashed: ${databaseErrorLine(e, env().DATABASE_URL)}`);
            })
            .finally(() => {
              running.delete(shopId);
              // A finished run frees a slot: look again soon.
              scheduleRetick();
            });
          running.set(shopId, p);
        }
      } while (again && !stopped);
    } catch (e) {
      log.error({ err: e }, "sync scheduler tick failed");
    } finally {
      ticking = false;
    }
  };

  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  setTimeout(() => void tick(), 0).unref();
  log.info({ intervalMs, tickMs, maxConcurrent }, "sync scheduler started");

  const handle: SchedulerHandle = {
    // 立即同步 asks for a run now: it is not held back by this process's failure backoff.
    kick: () => {
      failing.clear();
      void tick();
    },
    running: () => [...running.keys()],
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (retick) clearTimeout(retick);
      controller.abort(new SyncAbortedError("the scheduler is stopping"));
      await Promise.allSettled([...running.values()]);
      if (globalForScheduler.orderdeskScheduler === handle) globalForScheduler.orderdeskScheduler = undefined;
    },
  };
  globalForScheduler.orderdeskScheduler = handle;
  return handle;
}
