/**
 * The `TopQuota` row of one app key on the cache's SQL driver (SQLite or PostgreSQL): each
 * operation is one statement in its own implicit transaction, never a transaction held open.
 *
 * The conditional UPDATEs decide atomically (the database serialises writers to the row):
 *
 *   UPDATE "TopQuota" SET "dayUsed" = CASE WHEN "day" < :day THEN :n ELSE "dayUsed" + :n END,
 *                         "day"     = CASE WHEN "day" < :day THEN :day ELSE "day" END
 *    WHERE "appKey" = :key AND ("day" < :day OR "dayUsed" + :n <= :budget)
 *
 * changes one row when the block fits (or starts a new day) and none otherwise; the second is the
 * same with the second's start. Rows only move forward in time.
 */
import type { SqlDriver } from "@/lib/sync/sql";
import type { QuotaRow, QuotaStore } from "./limiter";

type Driver = SqlDriver | (() => Promise<SqlDriver>);

export function sqlQuotaStore(driver: Driver, appKey: string): QuotaStore {
  const sql = typeof driver === "function" ? driver : () => Promise.resolve(driver);
  /**
   * Adds n calls to the window (the second or the day) that starts at `start`: a later window
   * restarts the count at n; the current one takes n only while it stays within `limit`.
   */
  const addToWindow = async (window: "second" | "day", start: Date | string, n: number, limit: number, at: Date): Promise<boolean> => {
    const used = `"${window}Used"`;
    const col = `"${window}"`;
    const s = await sql();
    const changed = await s.run(
      `UPDATE "TopQuota"
          SET ${used} = CASE WHEN ${col} < ? THEN CAST(? AS INTEGER) ELSE ${used} + CAST(? AS INTEGER) END,
              ${col} = CASE WHEN ${col} < ? THEN ? ELSE ${col} END,
              "updatedAt" = ?
        WHERE "appKey" = ? AND (${col} < ? OR ${used} + CAST(? AS INTEGER) <= CAST(? AS INTEGER))`,
      start,
      n,
      n,
      start,
      start,
      at,
      appKey,
      start,
      n,
      limit,
    );
    return changed === 1;
  };
  return {
    async ensure(at) {
      const s = await sql();
      await s.run(
        `INSERT INTO "TopQuota" ("appKey", "second", "secondUsed", "day", "dayUsed", "updatedAt") VALUES (?, ?, 0, '', 0, ?) ON CONFLICT ("appKey") DO NOTHING`,
        appKey,
        new Date(0),
        at,
      );
    },
    async read() {
      const s = await sql();
      const rows = await s.all<{ second: number | Date; secondUsed: number | bigint; day: string; dayUsed: number | bigint }>(
        `SELECT "second", "secondUsed", "day", "dayUsed" FROM "TopQuota" WHERE "appKey" = ?`,
        appKey,
      );
      const r = rows[0];
      if (!r) return null;
      const row: QuotaRow = {
        secondMs: r.second instanceof Date ? r.second.getTime() : Number(r.second),
        secondUsed: Number(r.secondUsed),
        day: r.day,
        dayUsed: Number(r.dayUsed),
      };
      return row;
    },
    addSecond: (secondMs, n, limit, at) => addToWindow("second", new Date(secondMs), n, limit, at),
    addDay: (day, n, limit, at) => addToWindow("day", day, n, limit, at),
    async subtractDay(day, n, at) {
      const s = await sql();
      await s.run(
        `UPDATE "TopQuota" SET "dayUsed" = "dayUsed" - CAST(? AS INTEGER), "updatedAt" = ? WHERE "appKey" = ? AND "day" = ? AND "dayUsed" >= CAST(? AS INTEGER)`,
        n,
        at,
        appKey,
        day,
        n,
      );
    },
  };
}
