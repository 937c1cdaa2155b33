/**
 * The per-shop lease: one worker syncs a shop at a time, across any number of app instances and
 * `npm run worker` processes, on SQLite or PostgreSQL. It is a row (SyncState) taken and renewed
 * with conditional UPDATEs — never an in-memory lock — so the database decides who holds it:
 *
 * - acquire: `UPDATE … SET owner = me, expires = now + ttl WHERE shop = ? AND (owner IS NULL OR
 *   expires < now OR owner = me)`; exactly one concurrent caller changes the row;
 * - renew (heartbeat, every ttl/3): the same UPDATE conditioned on `owner = me`; zero rows means
 *   the lease was lost (it expired and someone took it) and the run stops;
 * - every cache write of a sync worker is fenced by `owner = me` in its own transaction
 *   (store.ts fenceWork), so even a worker that has not noticed the loss yet writes nothing.
 *
 * Times are this machine's clock; workers on several machines need clocks within a fraction of the TTL.
 *
 * A holder that died (SIGKILL, a crash) keeps its lease until it expires — unless it ran on this
 * machine: an owner id is `label@host:pid:random`, and when its host is ours and its pid is gone
 * (`process.kill(pid, 0)` fails with ESRCH) the lease is taken over at once, by a conditional
 * UPDATE on that exact owner. A holder that is alive, or on another host, is waited for.
 */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { all, exec, rows, run, type SqlDriver, type Work } from "./sql";

export function newLeaseOwner(label = "sync"): string {
  return `${label}@${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/** Creates the shop's SyncState row if it has none. */
export async function ensureSyncState(sql: SqlDriver, shopId: string, now = new Date()): Promise<void> {
  await sql.run(`INSERT INTO "SyncState" ("shopId", "updatedAt") VALUES (?, ?) ON CONFLICT ("shopId") DO NOTHING`, shopId, now);
}

export async function acquireLease(sql: SqlDriver, shopId: string, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
  return (await takeLease(sql, shopId, owner, ttlMs, now)).acquired;
}

/** The shop's SyncState as it was when the lease was taken (or refused): who held it, and the progress of its run. */
export interface LeasePrior {
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  heartbeatAt: Date | null;
  /** The run that held it last (SyncState.runId; null once a run ended cleanly) and its live counters. */
  runId: string | null;
  runCalls: number;
  runTrades: number;
  failStreak: number;
}

export interface LeaseTake {
  acquired: boolean;
  /** The lease was taken from a holder whose process is gone (same host, pid not running). */
  tookOverDead: boolean;
  prior: LeasePrior;
}

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));

/** Parses `label@host:pid:random` (newLeaseOwner); null for other owner ids. */
export function parseLeaseOwner(owner: string): { label: string; host: string; pid: number } | null {
  const m = /^(.*)@(.+):(\d+):[0-9a-f]+$/.exec(owner);
  return m ? { label: m[1]!, host: m[2]!, pid: Number(m[3]) } : null;
}

/** "alive" / "dead" for a holder on this machine (another process than ours), "unknown" otherwise (another host, or not our format). */
export function holderLiveness(owner: string): "alive" | "dead" | "unknown" {
  const p = parseLeaseOwner(owner);
  if (!p || p.host !== hostname() || p.pid === process.pid || p.pid <= 0) return "unknown";
  try {
    process.kill(p.pid, 0);
    return "alive";
  } catch (e) {
    // EPERM: the process exists (another user's).
    return (e as NodeJS.ErrnoException).code === "ESRCH" ? "dead" : "alive";
  }
}

/**
 * Takes the lease when it is free, expired, ours — or held by a process of this machine that is
 * gone; returns the state found (for the takeover of a dead run, and for saying who holds it).
 */
export async function takeLease(sql: SqlDriver, shopId: string, owner: string, ttlMs: number, now = new Date()): Promise<LeaseTake> {
  await ensureSyncState(sql, shopId, now);
  const expires = new Date(now.getTime() + ttlMs);
  const set = `UPDATE "SyncState" SET "leaseOwner" = ?, "leaseExpiresAt" = ?, "heartbeatAt" = ?, "updatedAt" = ? WHERE "shopId" = ?`;
  function* read(): Work<LeasePrior> {
    const [r] = yield* rows<Record<string, unknown>>(
      all(`SELECT "leaseOwner", "leaseExpiresAt", "heartbeatAt", "runId", "runCalls", "runTrades", "failStreak" FROM "SyncState" WHERE "shopId" = ?`, shopId),
    );
    return {
      leaseOwner: (r?.leaseOwner as string | null) ?? null,
      leaseExpiresAt: date(r?.leaseExpiresAt),
      heartbeatAt: date(r?.heartbeatAt),
      runId: (r?.runId as string | null) ?? null,
      runCalls: Number(r?.runCalls ?? 0),
      runTrades: Number(r?.runTrades ?? 0),
      failStreak: Number(r?.failStreak ?? 0),
    };
  }
  // Read and take in one transaction, so the state read is the one the lease was taken from.
  const first = await sql.tx(function* () {
    const prior = yield* read();
    const n = yield* exec(run(`${set} AND ("leaseOwner" IS NULL OR "leaseExpiresAt" IS NULL OR "leaseExpiresAt" < ? OR "leaseOwner" = ?)`, owner, expires, now, now, shopId, now, owner));
    return { acquired: n === 1, tookOverDead: false, prior };
  });
  const held = first.prior.leaseOwner;
  if (first.acquired || held === null || holderLiveness(held) !== "dead") return first;
  return sql.tx(function* () {
    const prior = yield* read();
    // Only that exact (dead) owner: anyone who took the lease meanwhile keeps it.
    const n = yield* exec(run(`${set} AND "leaseOwner" = ?`, owner, expires, now, now, shopId, held));
    return { acquired: n === 1, tookOverDead: n === 1, prior };
  });
}

/** Why the lease was refused, for an operator: who holds it, whether it is alive, and until when. */
export function describeLeaseHolder(prior: LeasePrior, now = new Date()): string {
  const owner = prior.leaseOwner ?? "another worker";
  const p = prior.leaseOwner ? parseLeaseOwner(prior.leaseOwner) : null;
  const liveness = prior.leaseOwner ? holderLiveness(prior.leaseOwner) : "unknown";
  const who =
    p && liveness === "alive"
      ? ` (process ${p.pid} on this host, running)`
      : p && p.host === hostname() && p.pid === process.pid
        ? " (this process)"
        : p && p.host !== hostname()
          ? ` (on host ${p.host}; it cannot be checked from here)`
          : "";
  if (!prior.leaseExpiresAt) return `another worker holds the lease: ${owner}${who}`;
  const secs = Math.max(0, Math.ceil((prior.leaseExpiresAt.getTime() - now.getTime()) / 1000));
  return `another worker holds the lease: ${owner}${who}, until ${prior.leaseExpiresAt.toISOString()} (in ${secs} s, unless it renews it)`;
}

export async function renewLease(sql: SqlDriver, shopId: string, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const n = await sql.run(
    `UPDATE "SyncState" SET "leaseExpiresAt" = ?, "heartbeatAt" = ? WHERE "shopId" = ? AND "leaseOwner" = ?`,
    new Date(now.getTime() + ttlMs),
    now,
    shopId,
    owner,
  );
  return n === 1;
}

export async function releaseLease(sql: SqlDriver, shopId: string, owner: string): Promise<void> {
  await sql.run(`UPDATE "SyncState" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL WHERE "shopId" = ? AND "leaseOwner" = ?`, shopId, owner);
}

/** Renews a held lease every ttl/3 until stopped; `lost` turns true (and onLost runs) when renewal fails. */
export class LeaseKeeper {
  lost = false;
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> | null = null;

  constructor(
    private readonly sql: SqlDriver,
    readonly shopId: string,
    readonly owner: string,
    private readonly ttlMs: number,
    private readonly onBeat: () => Promise<void>,
    private readonly onLost: () => void,
  ) {}

  start(): void {
    const every = Math.max(200, Math.floor(this.ttlMs / 3));
    this.timer = setInterval(() => {
      if (this.renewing) return;
      this.renewing = this.beat().finally(() => {
        this.renewing = null;
      });
    }, every);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    try {
      const ok = await renewLease(this.sql, this.shopId, this.owner, this.ttlMs);
      if (!ok) {
        this.lost = true;
        this.onLost();
        return;
      }
      await this.onBeat();
    } catch {
      // A transient database error: the next beat tries again; the fence protects the data meanwhile.
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.renewing) await this.renewing;
  }
}
