/**
 * A run's write queue. Fetchers hand over batches (a page, a handful of details) and go on
 * fetching; the queue writes whatever has gathered in one transaction — each batch through
 * `storeTradesWork` with its own progress statements, so a batch and its cursor still commit
 * together — while the next responses are on their way.
 *
 * Why: on SQLite most of a write's cost is the commit (dirty index pages of random tids written
 * to the WAL), so ten pages in one transaction cost little more than one; on PostgreSQL it saves
 * round trips and commits. A transaction holds at most `maxTrades` trades, which bounds both the
 * memory held and how long one synchronous SQLite write blocks the event loop.
 *
 * Order: batches are written in the order they were handed over. A batch may carry a `key` (a
 * backfill day's pass): once one batch of a key fails, the later batches of that key are refused,
 * so a day's cursor can never jump over a page that was not stored. A failed transaction is
 * retried batch by batch, so one bad batch does not take its neighbours down with it.
 *
 * Progress: a sync worker's transaction also sets SyncState.runTrades to the trades this writer
 * has committed, so a run that is killed leaves its true count behind (run.ts records it on the
 * ABORTED run when another worker takes over).
 */
import "server-only";
import type { FetchedTrade } from "./rows";
import { run as stmt, type SqlDriver, type Stmt } from "./sql";
import { storeTradesWork, type StoreResult } from "./store";

export interface WriterOptions {
  /** Most trades in one transaction. */
  maxTrades: number;
  /** How long a batch waits for company before it is written alone (ms). */
  lingerMs: number;
}

export interface StoreOptions {
  /** A backfill day's pass: see the class comment. */
  key?: string;
  /** The caller waits for this batch before it goes on (an incremental window): write it without lingering. */
  urgent?: boolean;
}

interface Entry {
  trades: readonly FetchedTrade[];
  after?: (r: StoreResult) => Stmt[];
  key?: string;
  resolve: (r: StoreResult) => void;
  reject: (e: unknown) => void;
}

export class KeyFailedError extends Error {
  override readonly name = "KeyFailedError";
}

export class BatchWriter {
  private queue: Entry[] = [];
  private queuedTrades = 0;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly failedKeys = new Set<string>();
  /** A queued batch's caller is waiting for it. */
  private urgent = false;
  /** Transactions committed (tests and benchmarks). */
  transactions = 0;
  /** Trades in the committed batches. */
  committedTrades = 0;

  constructor(
    private readonly sql: SqlDriver,
    private readonly shopId: string,
    private readonly leaseOwner: string | null,
    private readonly opts: WriterOptions,
  ) {}

  /** Queues a batch; resolves once it is committed. */
  store(trades: readonly FetchedTrade[], after?: (r: StoreResult) => Stmt[], opts: StoreOptions = {}): Promise<StoreResult> {
    return new Promise<StoreResult>((resolve, reject) => {
      this.queue.push({ trades, after, key: opts.key, resolve, reject });
      this.queuedTrades += trades.length;
      if (opts.urgent) this.urgent = true;
      this.schedule();
    });
  }

  /** Resolves when everything queued so far has been written or refused. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.running) {
      if (!this.running) this.start();
      await this.running;
    }
  }

  private schedule(): void {
    if (this.running) return; // the running flush picks the queue up when it ends
    if (this.urgent || this.queuedTrades >= this.opts.maxTrades || this.opts.lingerMs <= 0) {
      this.clearTimer();
      setImmediate(() => this.start());
    } else if (!this.timer) this.timer = setTimeout(() => this.start(), this.opts.lingerMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private start(): void {
    this.clearTimer();
    if (this.running || this.queue.length === 0) return;
    this.running = this.flush().finally(() => {
      this.running = null;
      if (this.queue.length > 0) this.schedule();
    });
  }

  private take(): Entry[] {
    this.urgent = false;
    const batch: Entry[] = [];
    let n = 0;
    while (this.queue.length > 0 && (batch.length === 0 || n + this.queue[0]!.trades.length <= this.opts.maxTrades)) {
      const e = this.queue.shift()!;
      this.queuedTrades -= e.trades.length;
      n += e.trades.length;
      batch.push(e);
    }
    return batch;
  }

  private async flush(): Promise<void> {
    const batch = this.take().filter((e) => {
      if (e.key === undefined || !this.failedKeys.has(e.key)) return true;
      e.reject(new KeyFailedError(`an earlier batch of ${e.key} was not stored`));
      return false;
    });
    if (batch.length === 0) return;
    try {
      const results = await this.write(batch);
      batch.forEach((e, i) => e.resolve(results[i]!));
    } catch (e) {
      if (batch.length === 1) return this.fail(batch[0]!, e);
      // One at a time, in order, so only the batch that cannot be written fails.
      for (const entry of batch) {
        if (entry.key !== undefined && this.failedKeys.has(entry.key)) {
          entry.reject(new KeyFailedError(`an earlier batch of ${entry.key} was not stored`));
          continue;
        }
        try {
          entry.resolve((await this.write([entry]))[0]!);
        } catch (err) {
          this.fail(entry, err);
        }
      }
    }
  }

  private fail(entry: Entry, e: unknown): void {
    if (entry.key !== undefined) this.failedKeys.add(entry.key);
    entry.reject(e);
  }

  private async write(batch: readonly Entry[]): Promise<StoreResult[]> {
    const { sql, shopId, leaseOwner } = this;
    const now = new Date();
    const committed = this.committedTrades + batch.reduce((n, e) => n + e.trades.length, 0);
    const results = await sql.tx(function* () {
      const out: StoreResult[] = [];
      for (const e of batch) out.push(yield* storeTradesWork(sql.dialect, { shopId, trades: e.trades, leaseOwner, now, after: e.after }));
      if (leaseOwner !== null) yield stmt(`UPDATE "SyncState" SET "runTrades" = ? WHERE "shopId" = ? AND "leaseOwner" = ?`, committed, shopId, leaseOwner);
      return out;
    });
    this.transactions++;
    this.committedTrades = committed;
    return results;
  }
}
