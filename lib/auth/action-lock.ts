/**
 * "One at a time" across app instances (ActionLock rows): one export per user. A lock is taken
 * with one conditional upsert — a new key, or an existing one whose holder let it expire — so two
 * instances can never both hold it; the holder renews it while it works and deletes it when done,
 * and a holder that dies leaves a lock that expires on its own.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { syncSql, type SqlDriver } from "@/lib/sync/sql";

export interface ActionLockHandle {
  /** Pushes the expiry `ttlMs` past now (while the work goes on). */
  renew(): Promise<void>;
  /** Gives the lock up (idempotent: every call resolves once it is given up). */
  release(): Promise<void>;
}

export async function takeActionLock(key: string, ttlMs: number, opts: { now?: () => Date; sql?: SqlDriver } = {}): Promise<ActionLockHandle | null> {
  const sql = opts.sql ?? (await syncSql());
  const now = opts.now ?? (() => new Date());
  const owner = randomUUID();
  const t = now();
  const taken = await sql.run(
    `INSERT INTO "ActionLock" ("key", "owner", "expiresAt") VALUES (?, ?, ?) ON CONFLICT ("key") DO UPDATE SET "owner" = excluded."owner", "expiresAt" = excluded."expiresAt" WHERE "ActionLock"."expiresAt" <= ?`,
    key,
    owner,
    new Date(t.getTime() + ttlMs),
    t,
  );
  if (taken !== 1) return null;
  let released: Promise<void> | null = null;
  return {
    async renew() {
      if (!released) await sql.run(`UPDATE "ActionLock" SET "expiresAt" = ? WHERE "key" = ? AND "owner" = ?`, new Date(now().getTime() + ttlMs), key, owner);
    },
    release() {
      // Every caller waits for the one DELETE.
      released ??= sql.run(`DELETE FROM "ActionLock" WHERE "key" = ? AND "owner" = ?`, key, owner).then(() => undefined);
      return released;
    },
  };
}
