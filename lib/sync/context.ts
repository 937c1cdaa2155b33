/**
 * What every phase of a run shares: the shop's TOP calls, the writer, the platform clock, the
 * run's counters and errors, and the retry policy for one unit of work (a page, a window, a trade).
 */
import "server-only";
import { ShopNeedsReauthError } from "@/lib/shops/tokens";
import { TopBudgetExceededError, TopClientError, TopError } from "@/lib/top";
import type { Logger } from "@/lib/log";
import type { SyncConfig } from "./config";
import { errorMessage, LeaseLostError, PlatformUnavailableError, SyncAbortedError } from "./errors";
import type { ShopTop } from "./fetch";
import type { FetchedTrade } from "./rows";
import type { Stmt, SqlDriver } from "./sql";
import { storeTradesWork, type StoreResult } from "./store";
import type { BatchWriter, StoreOptions as WriteOptions } from "./writer";

/** Fetches details as trades that need them are stored (lib/sync/detail.ts). */
export interface DetailSink {
  push(items: readonly { tid: string; modified: number }[]): void;
}

export type SyncPhaseName = "BACKFILL" | "INCREMENTAL" | "DETAIL";

export interface RunError {
  at: string;
  phase: SyncPhaseName | "RUN";
  message: string;
  code?: string;
  /** The unit was retried (true) or given up for this run (false). */
  retried: boolean;
}

export interface RunStats {
  pages: number;
  windows: number;
  detailCalls: number;
  tradesFetched: number;
  tradesInserted: number;
  tradesUpdated: number;
  errorCount: number;
  errors: RunError[];
  /** Units (days, windows, trades) given up in this run; they are retried by the next one. */
  failedUnits: number;
}

export function emptyStats(): RunStats {
  return { pages: 0, windows: 0, detailCalls: 0, tradesFetched: 0, tradesInserted: 0, tradesUpdated: 0, errorCount: 0, errors: [], failedUnits: 0 };
}

const MAX_KEPT_ERRORS = 50;
/** Engine-level attempts per unit; each attempt is itself up to lib/top's retries. */
export const UNIT_ATTEMPTS = 4;
/** A ban longer than this is not waited out inside a run: the run stops (PlatformUnavailableError) and a later one resumes. */
export const MAX_UNIT_WAIT_MS = 65_000;

export interface RunContext {
  shopId: string;
  owner: string;
  sql: SqlDriver;
  top: ShopTop;
  cfg: SyncConfig;
  log: Logger;
  stats: RunStats;
  /** Platform time (the sandbox's clock in tests, real time in production). */
  clock: () => Promise<Date>;
  sleep: (ms: number) => Promise<void>;
  signal: AbortSignal;
  /** Called after every stored batch (progress for the CLI and tests). */
  onProgress?: (event: ProgressEvent) => void;
  /** The run's write queue; without one, every batch is its own transaction. */
  writer?: BatchWriter;
  /** Where stored trades that need a detail go, to be fetched while the run goes on. */
  details?: DetailSink;
  /** Stops the whole run with this error (a fatal failure found off the main path, e.g. by a detail fetch). */
  abort?: (reason: Error) => void;
}

export interface ProgressEvent {
  phase: SyncPhaseName;
  pages: number;
  calls: number;
  tradesFetched: number;
  detail?: string;
}

/** Errors that end the whole run (no retry inside it). */
export function isFatal(e: unknown): boolean {
  return ShopNeedsReauthError.is(e) || LeaseLostError.is(e) || SyncAbortedError.is(e) || TopBudgetExceededError.is(e) || PlatformUnavailableError.is(e);
}

/**
 * The platform refused service (a ban or quota, its 5xx or isp.* errors, a timeout or a dropped
 * connection, session trouble): nothing about the unit itself was wrong, so the failure is never
 * counted against a trade or a day. Everything else (an invalid request, a malformed answer) is
 * the unit's own failure (docs/sync-platform-facts.md, "Refusals").
 */
export function isPlatformRefusal(e: unknown): boolean {
  return TopClientError.is(e) && (e.kind === "throttled" || e.kind === "transient" || e.kind === "session");
}

export function checkpoint(ctx: RunContext): void {
  if (ctx.signal.aborted) {
    const reason = ctx.signal.reason;
    throw reason instanceof Error ? reason : new SyncAbortedError();
  }
}

export function recordError(ctx: RunContext, phase: RunError["phase"], e: unknown, retried: boolean): void {
  ctx.stats.errorCount++;
  const code = TopError.is(e) ? `${e.code}${e.subCode ? ` ${e.subCode}` : ""}` : TopClientError.is(e) ? e.kind : e instanceof Error ? e.name : undefined;
  const entry: RunError = { at: new Date().toISOString(), phase, message: errorMessage(e).slice(0, 500), retried, ...(code ? { code } : {}) };
  ctx.stats.errors.push(entry);
  if (ctx.stats.errors.length > MAX_KEPT_ERRORS) ctx.stats.errors.splice(0, ctx.stats.errors.length - MAX_KEPT_ERRORS);
  ctx.log.warn({ shopId: ctx.shopId, phase, err: entry.message, code, retried }, "sync unit failed");
}

function backoffMs(attempt: number): number {
  const cap = Math.min(8_000, 500 * 2 ** (attempt - 1));
  return Math.floor(cap / 2 + (Math.random() * cap) / 2);
}

/** Runs one unit of work; retryable TOP failures are retried (waiting out bans), others propagate. */
export async function withRetries<T>(ctx: RunContext, phase: SyncPhaseName, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    checkpoint(ctx);
    try {
      return await fn();
    } catch (e) {
      if (isFatal(e) || ctx.signal.aborted) throw e;
      const retryable = TopClientError.is(e) && e.retryable;
      const wait = TopClientError.is(e) && e.retryAfterMs !== null ? e.retryAfterMs : backoffMs(attempt);
      const again = retryable && attempt < UNIT_ATTEMPTS && wait <= MAX_UNIT_WAIT_MS;
      recordError(ctx, phase, e, again);
      // Every other call would be refused as well until a long ban ends: stop the run instead.
      if (TopClientError.is(e) && e.kind === "throttled" && wait > MAX_UNIT_WAIT_MS) throw new PlatformUnavailableError(wait, errorMessage(e));
      if (!again) throw e;
      await ctx.sleep(wait);
    }
  }
}

/**
 * Stores fetched trades (fenced by the lease) with the caller's progress statements in the same
 * transaction, through the run's writer when there is one (options: see BatchWriter). Trades left
 * waiting for a detail go to the run's detail fetcher once they are committed.
 */
export async function storeBatch(ctx: RunContext, trades: readonly FetchedTrade[], after?: (r: StoreResult) => Stmt[], opts: WriteOptions = {}): Promise<StoreResult> {
  checkpoint(ctx);
  const r = ctx.writer
    ? await ctx.writer.store(trades, after, opts)
    : await ctx.sql.tx(() => storeTradesWork(ctx.sql.dialect, { shopId: ctx.shopId, trades, leaseOwner: ctx.owner, now: new Date(), after }));
  ctx.stats.tradesFetched += trades.length;
  ctx.stats.tradesInserted += r.inserted;
  ctx.stats.tradesUpdated += r.updated;
  if (ctx.details && r.pendingDetail.length > 0) ctx.details.push(r.pendingDetail);
  return r;
}
