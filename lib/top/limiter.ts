/**
 * Client-side throttling per app key. TOP shares one budget per app key across every worker
 * (top-protocol.md §6); this in-memory limiter covers one process, and the `RateLimiter`
 * interface is small enough for a database-backed implementation shared by many workers.
 */
import { addShanghaiDays, shanghaiDayKey, startOfShanghaiDay } from "../time";
import { TopBudgetExceededError } from "./errors";

export interface RateLimiter {
  /**
   * Resolves when one call to `method` may be sent (waiting for the per-second rate), or rejects
   * with `TopBudgetExceededError` when the daily budget is spent. Each call is one HTTP request:
   * retries acquire again.
   */
  acquire(method: string, signal?: AbortSignal): Promise<void>;
}

export interface MemoryRateLimiterOptions {
  /** Calls per second for the app key (token refill rate). */
  qps: number;
  /** Bucket size: calls allowed in a burst. Default: max(1, ceil(qps)). */
  burst?: number;
  /** Calls per Asia/Shanghai day; unlimited when absent. */
  dailyBudget?: number | null;
  now?: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface MemoryRateLimiter extends RateLimiter {
  /** Calls counted today and the remaining budget (null = unlimited). */
  usage(): { day: string; used: number; remaining: number | null };
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Never waits, never refuses: for tests and for callers that limit elsewhere. */
export const unlimitedRateLimiter: RateLimiter = { acquire: () => Promise.resolve() };

/** A token bucket (per-second rate, burst) plus a daily budget that resets at Shanghai midnight. */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): MemoryRateLimiter {
  const { qps } = options;
  if (!(typeof qps === "number" && qps > 0 && Number.isFinite(qps))) throw new RangeError(`qps must be a positive number (got ${String(qps)})`);
  const burst = options.burst ?? Math.max(1, Math.ceil(qps));
  if (!(burst >= 1)) throw new RangeError(`burst must be at least 1 (got ${String(burst)})`);
  const budget = options.dailyBudget ?? null;
  if (budget !== null && !(Number.isInteger(budget) && budget >= 0)) {
    throw new RangeError(`dailyBudget must be a non-negative integer (got ${String(budget)})`);
  }
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;

  let tokens = burst;
  let last = now().getTime();
  let day = shanghaiDayKey(now());
  let used = 0;
  // FIFO: each acquire waits for the previous one, so waiters are served in order.
  let queue: Promise<void> = Promise.resolve();

  function rollDay(at: Date) {
    const key = shanghaiDayKey(at);
    if (key !== day) {
      day = key;
      used = 0;
    }
  }

  async function take(method: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const at = now();
      rollDay(at);
      if (budget !== null && used >= budget) {
        const reset = addShanghaiDays(startOfShanghaiDay(at), 1);
        throw new TopBudgetExceededError(method, budget, Math.max(0, reset.getTime() - at.getTime()));
      }
      const t = at.getTime();
      tokens = Math.min(burst, tokens + (Math.max(0, t - last) / 1000) * qps);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        used += 1;
        return;
      }
      await sleep(Math.ceil(((1 - tokens) / qps) * 1000), signal);
    }
  }

  return {
    acquire(method, signal) {
      const p = queue.then(() => take(method, signal));
      queue = p.catch(() => undefined);
      return p;
    },
    usage() {
      rollDay(now());
      return { day, used, remaining: budget === null ? null : Math.max(0, budget - used) };
    },
  };
}
