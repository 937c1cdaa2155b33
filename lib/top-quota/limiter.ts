/**
 * The app key's call limits shared by every process: TOP counts calls per app key
 * (top-protocol.md §6; docs/sync-platform-facts.md), so `TOP_QPS` and `TOP_DAILY_BUDGET` must hold for the sum of every app
 * instance, `npm run sync` and `npm run worker` sharing the key, not for each process.
 *
 * One row per app key (`TopQuota`, see sql-store.ts) counts the calls of the current second and
 * of the current Asia/Shanghai day. A process reserves calls in small blocks with conditional
 * UPDATEs ("add n if the count stays within the limit, or restart the count when the row is
 * still on an earlier second/day"), then spends them locally without a round trip:
 *
 * - day: blocks of min(100, ceil(budget/100)) calls; when a full block no longer fits, the
 *   remainder; nothing left → TopBudgetExceededError until the next Shanghai midnight;
 * - second: blocks of ceil(qps/5) calls, valid only during the second they were reserved for
 *   (fewer when this process has fewer calls waiting and made fewer in the previous second, so an
 *   idle process does not hold a fifth of the rate); nothing left → wait for the next second.
 *
 * The sum of all reservations never passes the limits, whatever the number of processes. A block
 * not used is lost (conservative: the limits can only be under-used); `close()` gives the day's
 * unused calls back. No transaction is held: every statement is one tiny UPDATE or SELECT (SQLite
 * serialises writers across processes).
 *
 * Clocks: each process counts on its own clock (`now`), like the lease; rows only move forward
 * (a process whose clock is behind counts into the later second/day already recorded), so
 * processes on several machines need clocks within a small fraction of a second of each other
 * for the per-second rate to hold at the platform.
 *
 * When the database cannot be reached the limiter **fails closed**: calls already reserved are
 * still spent, and the next reservation rejects with `TopQuotaUnavailableError` (retryable, so
 * the client backs off and tries again). See README "How the TOP client works".
 *
 * This module holds no database code (the store is injected), so the arithmetic is unit-tested.
 */
import { addShanghaiDays, shanghaiDayKey, startOfShanghaiDay } from "@/lib/time";
import { errorBrand } from "@/lib/errors/brand";
import { TopBudgetExceededError, TopClientError } from "@/lib/top/errors";
import { defaultSleep, type RateLimiter } from "@/lib/top/limiter";

/** The app key's row as a store reads it. */
export interface QuotaRow {
  /** Start of the second `secondUsed` counts, epoch ms. */
  secondMs: number;
  secondUsed: number;
  /** Asia/Shanghai day `dayUsed` counts, yyyy-MM-dd ("" before the first call). */
  day: string;
  dayUsed: number;
}

/**
 * The shared counters of one app key. Each method is one statement; `add*` are conditional and
 * atomic: they add `n` when the row is on an earlier second/day (the count restarts at `n` and the
 * row moves to `key`) or when the count plus `n` stays within `limit`, and say whether they did.
 */
export interface QuotaStore {
  /** Creates the row when it is missing. */
  ensure(at: Date): Promise<void>;
  read(): Promise<QuotaRow | null>;
  addSecond(secondMs: number, n: number, limit: number, at: Date): Promise<boolean>;
  addDay(day: string, n: number, limit: number, at: Date): Promise<boolean>;
  /** Gives back `n` unused calls of `day` (nothing when the row has moved on to another day). */
  subtractDay(day: string, n: number, at: Date): Promise<void>;
}

/** The database behind the limiter failed: no call is sent without a reservation (fail closed). */
export class TopQuotaUnavailableError extends TopClientError {
  override readonly name: string = "TopQuotaUnavailableError";
  static override is = errorBrand(TopQuotaUnavailableError, "TopQuotaUnavailableError");
  constructor(method: string | null, cause: unknown) {
    super(`The shared TOP call quota could not be read or reserved${method ? ` (calling ${method})` : ""}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      kind: "transient",
      retryable: true,
      method,
      cause,
    });
  }
}

export interface QuotaBlocks {
  /** Calls reserved at once for the current second (at most). */
  second: number;
  /** Calls reserved at once for the current day (null: no daily budget). */
  day: number | null;
}

/** Block sizes: ceil(qps/5) for the second (≈ 5 round trips a second at full rate, all processes together), min(100, ceil(budget/100)) for the day. */
export function quotaBlocks(qps: number, dailyBudget: number | null): QuotaBlocks {
  const second = Math.min(qps, Math.max(1, Math.ceil(qps / 5)));
  const day = dailyBudget === null ? null : Math.min(dailyBudget, Math.max(1, Math.min(100, Math.ceil(dailyBudget / 100))));
  return { second, day };
}

/** Milliseconds from `at` to the next Asia/Shanghai midnight. */
export function msToShanghaiMidnight(at: Date): number {
  return Math.max(0, addShanghaiDays(startOfShanghaiDay(at), 1).getTime() - at.getTime());
}

export interface QuotaLimiterOptions {
  store: QuotaStore;
  /** Calls per second for the app key, all processes together (a positive integer). */
  qps: number;
  /** Calls per Asia/Shanghai day for the app key, all processes together; unlimited when null. */
  dailyBudget: number | null;
  /** Overrides quotaBlocks(). */
  blocks?: Partial<QuotaBlocks>;
  now?: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface QuotaLimiter extends RateLimiter {
  readonly blocks: Readonly<QuotaBlocks>;
  /** What this process holds: calls reserved and not spent yet. */
  held(): { day: string | null; dayLeft: number; secondMs: number | null; secondLeft: number };
  /** Gives the day's unreserved calls back to the shared budget (then the limiter starts afresh). */
  close(): Promise<void>;
}

/** Reservations made against the store before a caller is told the quota is unavailable. */
const MAX_CONTENDED_TRIES = 8;

export function createQuotaLimiter(options: QuotaLimiterOptions): QuotaLimiter {
  const { store, qps } = options;
  if (!(Number.isInteger(qps) && qps > 0)) throw new RangeError(`qps must be a positive integer (got ${String(qps)})`);
  const budget = options.dailyBudget ?? null;
  if (budget !== null && !(Number.isInteger(budget) && budget >= 0)) throw new RangeError(`dailyBudget must be a non-negative integer (got ${String(budget)})`);
  const defaults = quotaBlocks(qps, budget);
  const blocks: QuotaBlocks = {
    second: Math.min(qps, Math.max(1, Math.floor(options.blocks?.second ?? defaults.second))),
    day: budget === null ? null : Math.min(Math.max(budget, 1), Math.max(1, Math.floor(options.blocks?.day ?? defaults.day ?? 1))),
  };
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;

  let ensured = false;
  let dayKey: string | null = null;
  let dayLeft = 0;
  let secondMs: number | null = null;
  let secondLeft = 0;
  /** Calls this process took in `secondMs` and in the second before it. */
  let takenThisSecond = 0;
  let takenPrevSecond = 0;
  /** acquire() calls not settled yet (the current one included). */
  let pending = 0;
  // FIFO: each acquire waits for the previous one, so one reservation is in flight at a time.
  let queue: Promise<void> = Promise.resolve();

  async function guarded<T>(method: string | null, fn: () => Promise<T>): Promise<T> {
    try {
      if (!ensured) {
        await store.ensure(now());
        ensured = true;
      }
      return await fn();
    } catch (e) {
      if (TopClientError.is(e)) throw e;
      throw new TopQuotaUnavailableError(method, e);
    }
  }

  /**
   * Reserves up to `want` calls under `limit` for `key`: the block if it fits, else what is left.
   * Returns 0 when nothing is left.
   */
  async function reserve(method: string, want: number, limit: number, add: (n: number) => Promise<boolean>, left: (row: QuotaRow) => number | null): Promise<number> {
    let n = Math.min(want, limit);
    for (let tries = 0; tries < MAX_CONTENDED_TRIES; tries++) {
      if (n > 0 && (await add(n))) return n;
      const row = await store.read();
      if (!row) {
        ensured = false;
        await store.ensure(now());
        ensured = true;
        continue;
      }
      // null: the row is on an earlier second/day, so the next add restarts it.
      const remaining = left(row);
      if (remaining !== null && remaining <= 0) return 0;
      n = Math.min(want, remaining ?? limit);
    }
    throw new TopQuotaUnavailableError(method, new Error(`still contended after ${MAX_CONTENDED_TRIES} tries`));
  }

  async function take(method: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const at = now();
      const t = at.getTime();
      if (budget === 0) throw new TopBudgetExceededError(method, budget, msToShanghaiMidnight(at));
      if (budget !== null) {
        const key = shanghaiDayKey(at);
        if (key !== dayKey) {
          // The previous day's leftovers count in that day's row: useless now.
          dayKey = key;
          dayLeft = 0;
        }
        if (dayLeft === 0) {
          const got = await guarded(method, () =>
            reserve(method, blocks.day!, budget, (n) => store.addDay(key, n, budget, now()), (row) => (row.day < key ? null : budget - row.dayUsed)),
          );
          if (got === 0) throw new TopBudgetExceededError(method, budget, msToShanghaiMidnight(now()));
          dayLeft += got;
          // Read the clock again: the reservation took a round trip.
          continue;
        }
      }
      const second = t - (t % 1000);
      if (second !== secondMs) {
        takenPrevSecond = secondMs !== null && second - secondMs === 1000 ? takenThisSecond : 0;
        takenThisSecond = 0;
        secondMs = second;
        secondLeft = 0;
      }
      if (secondLeft === 0) {
        // As many as are waiting or were needed a second ago, within the block.
        const want = Math.min(blocks.second, Math.max(1, pending, takenPrevSecond));
        const got = await guarded(method, () =>
          reserve(method, want, qps, (n) => store.addSecond(second, n, qps, now()), (row) => (row.secondMs < second ? null : qps - row.secondUsed)),
        );
        if (got === 0) {
          await sleep(second + 1000 - now().getTime(), signal);
          continue;
        }
        // A block is only good for the second it was reserved for.
        const after = now().getTime();
        if (after - (after % 1000) === second && secondMs === second) secondLeft = got;
        continue;
      }
      secondLeft--;
      takenThisSecond++;
      if (budget !== null) dayLeft--;
      return;
    }
  }

  async function giveBack(): Promise<void> {
    if (budget === null || dayKey === null || dayLeft === 0) return;
    const n = dayLeft;
    const day = dayKey;
    dayLeft = 0;
    await guarded(null, () => store.subtractDay(day, n, now()));
  }

  function enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const p = queue.then(fn);
    queue = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  }

  return {
    blocks: Object.freeze({ ...blocks }),
    acquire(method, signal) {
      pending++;
      return enqueue(() => take(method, signal)).finally(() => {
        pending--;
      });
    },
    held: () => ({ day: dayKey, dayLeft, secondMs, secondLeft }),
    close: () => enqueue(giveBack),
  };
}
