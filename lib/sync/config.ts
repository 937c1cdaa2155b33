/**
 * Sync settings, validated once (zod) from the environment like lib/env.ts. Every value has a
 * default that follows top-data.md §5; none is required.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | SYNC_INTERVAL_SECONDS | 60 | how often each shop's incremental sync runs (the scheduler's tick) |
 * | SYNC_LEASE_TTL_SECONDS | 60 | a lease not renewed for this long may be taken by another worker |
 * | SYNC_WINDOW_MINUTES | 30 | length of an increment.get `modified` window (≤ 30 recommended, ≤ 1440 allowed) |
 * | SYNC_WINDOW_OVERLAP_MINUTES | 10 | each window starts this long before the committed watermark (30 at peak sales) |
 * | SYNC_WINDOW_LAG_SECONDS | 5 | a window ends this long before the platform's now (a change may land in the list late) |
 * | SYNC_BACKFILL_CONCURRENCY | 3 | days of the backfill fetched at once |
 * | SYNC_DETAIL_CONCURRENCY | 4 | fullinfo.get calls in flight |
 * | SYNC_SCHEDULER | on | `off` disables the in-app scheduler (e.g. when `npm run worker` processes do the work) |
 * | SYNC_ONLY_SHOPS | (all) | comma-separated shop ids: this process's scheduler syncs only these (dedicated workers) |
 */
import { z } from "zod";
import { errorBrand } from "@/lib/errors/brand";

const int = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: "expected a whole number" })
    .int("expected a whole number")
    .min(min, `expected at least ${min}`)
    .max(max, `expected at most ${max}`)
    .default(fallback);

const schema = z.object({
  SYNC_INTERVAL_SECONDS: int(60, 5, 86_400),
  SYNC_LEASE_TTL_SECONDS: int(60, 2, 3_600),
  SYNC_WINDOW_MINUTES: int(30, 1, 1_440),
  SYNC_WINDOW_OVERLAP_MINUTES: int(10, 0, 120),
  SYNC_WINDOW_LAG_SECONDS: int(5, 0, 600),
  SYNC_BACKFILL_CONCURRENCY: int(3, 1, 16),
  SYNC_DETAIL_CONCURRENCY: int(4, 1, 32),
  SYNC_SCHEDULER: z.enum(["on", "off"], { error: "expected on or off" }).default("on"),
  SYNC_ONLY_SHOPS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((x) => x.trim()).filter(Boolean)),
});

export interface SyncConfig {
  intervalMs: number;
  leaseTtlMs: number;
  windowMs: number;
  overlapMs: number;
  windowLagMs: number;
  backfillConcurrency: number;
  detailConcurrency: number;
  schedulerEnabled: boolean;
  /** Shop ids this process's scheduler is limited to (empty: every shop). */
  onlyShops: string[];
  /** Most trades the run's writer puts in one transaction (lib/sync/writer.ts). */
  writeBatchTrades: number;
  /** How long a batch waits for others to share its transaction (ms). */
  writeLingerMs: number;
  /** The first retry of a trade's own detail failure waits this long (ms), each further one twice as long (lib/sync/detail.ts). */
  detailRetryBaseMs: number;
  /** After a run that ended FAILED (or crashed), the next waits base·2^(streak−1), at most the cap (ms). */
  failBackoffBaseMs: number;
  failBackoffCapMs: number;
}

/** A trade's own detail failure is tried again after 1 min, then 2, 4, … (capped in lib/sync/detail.ts). */
export const DETAIL_RETRY_BASE_MS = 60_000;

/**
 * ≈ 1,000 trades are ≈ 100 ms of SQLite work: big enough to amortise the commit, short enough not
 * to stall an app process's event loop for long. Batches nobody waits for (backfill pages,
 * details) linger up to WRITE_LINGER_MS for company; a batch its caller awaits is written at once.
 */
export const WRITE_BATCH_TRADES = 1_000;
export const WRITE_LINGER_MS = 100;

/**
 * A shop whose runs keep failing (the disk is full, the database refuses writes) is retried
 * after 15 s, 30 s, 1 min, 2 min … at most every 30 min, instead of every interval — and never
 * in a loop. A run that ends otherwise resets the streak; 立即同步 is honoured at once anyway.
 */
export const FAIL_BACKOFF_BASE_MS = 15_000;
export const FAIL_BACKOFF_CAP_MS = 30 * 60_000;

/** The wait after the `streak`-th failure in a row (streak ≥ 1): min(cap, base·2^(streak−1)). */
export function failBackoffMs(streak: number, cfg: Pick<SyncConfig, "failBackoffBaseMs" | "failBackoffCapMs">): number {
  return Math.min(cfg.failBackoffCapMs, cfg.failBackoffBaseMs * 2 ** Math.min(Math.max(0, streak - 1), 30));
}

export class SyncConfigError extends Error {
  override readonly name = "SyncConfigError";
  static is = errorBrand(SyncConfigError, "SyncConfigError");
}

export function loadSyncConfig(source: Record<string, string | undefined> = process.env): SyncConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([k, v]) => k.startsWith("SYNC_") && v !== undefined && v.trim() !== ""));
  const r = schema.safeParse(cleaned);
  if (!r.success) {
    throw new SyncConfigError(
      ["The sync configuration has problems:", ...r.error.issues.map((i) => `  - ${String(i.path[0])}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`)].join("\n"),
    );
  }
  const c = r.data;
  if (c.SYNC_WINDOW_OVERLAP_MINUTES >= c.SYNC_WINDOW_MINUTES) {
    throw new SyncConfigError(`The sync configuration has problems:\n  - SYNC_WINDOW_OVERLAP_MINUTES (${c.SYNC_WINDOW_OVERLAP_MINUTES}) must be shorter than SYNC_WINDOW_MINUTES (${c.SYNC_WINDOW_MINUTES})`);
  }
  return {
    intervalMs: c.SYNC_INTERVAL_SECONDS * 1000,
    leaseTtlMs: c.SYNC_LEASE_TTL_SECONDS * 1000,
    windowMs: c.SYNC_WINDOW_MINUTES * 60_000,
    overlapMs: c.SYNC_WINDOW_OVERLAP_MINUTES * 60_000,
    windowLagMs: c.SYNC_WINDOW_LAG_SECONDS * 1000,
    backfillConcurrency: c.SYNC_BACKFILL_CONCURRENCY,
    detailConcurrency: c.SYNC_DETAIL_CONCURRENCY,
    schedulerEnabled: c.SYNC_SCHEDULER === "on",
    onlyShops: c.SYNC_ONLY_SHOPS,
    writeBatchTrades: WRITE_BATCH_TRADES,
    writeLingerMs: WRITE_LINGER_MS,
    detailRetryBaseMs: DETAIL_RETRY_BASE_MS,
    failBackoffBaseMs: FAIL_BACKOFF_BASE_MS,
    failBackoffCapMs: FAIL_BACKOFF_CAP_MS,
  };
}

let cached: SyncConfig | undefined;

export function syncConfig(): SyncConfig {
  cached ??= loadSyncConfig();
  return cached;
}
