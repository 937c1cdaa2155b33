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
 */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { SqlDriver } from "./sql";

export function newLeaseOwner(label = "sync"): string {
  return `${label}@${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/** Creates the shop's SyncState row if it has none. */
export async function ensureSyncState(sql: SqlDriver, shopId: string, now = new Date()): Promise<void> {
  await sql.run(`INSERT INTO "SyncState" ("shopId", "updatedAt") VALUES (?, ?) ON CONFLICT ("shopId") DO NOTHING`, shopId, now);
}

export async function acquireLease(sql: SqlDriver, shopId: string, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
  await ensureSyncState(sql, shopId, now);
  const n = await sql.run(
    `UPDATE "SyncState" SET "leaseOwner" = ?, "leaseExpiresAt" = ?, "heartbeatAt" = ?, "updatedAt" = ?
      WHERE "shopId" = ? AND ("leaseOwner" IS NULL OR "leaseExpiresAt" IS NULL OR "leaseExpiresAt" < ? OR "leaseOwner" = ?)`,
    owner,
    new Date(now.getTime() + ttlMs),
    now,
    now,
    shopId,
    now,
    owner,
  );
  return n === 1;
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
