/**
 * The TopQuota row on both databases: the conditional UPDATEs of sql-store.ts, the day rollover
 * at Shanghai midnight through the limiter on an injected clock, limiters on separate connections
 * racing for one budget, and failing closed when the database is unreachable.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { parseDatabaseUrl } from "@/lib/db/url";
import { closeSyncSql, createPostgresDriver, createSqlDriver, syncSql, type SqlDriver } from "@/lib/sync/sql";
import { TopBudgetExceededError } from "@/lib/top/errors";
import { createQuotaLimiter, TopQuotaUnavailableError } from "./limiter";
import { sqlQuotaStore } from "./sql-store";

let sql: SqlDriver;
let keySeq = 0;
const newAppKey = () => `7200${String(Date.now() % 100_000).padStart(5, "0")}${keySeq++}`;

beforeAll(async () => {
  sql = await syncSql();
});
afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

function fakeTime(startIso: string) {
  let t = new Date(startIso).getTime();
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      t += Math.max(0, ms);
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe(`the TopQuota row on ${inject("databaseProvider")}`, () => {
  it("adds a block only while it fits, restarts on a later day or second, and never moves back", async () => {
    const appKey = newAppKey();
    const store = sqlQuotaStore(sql, appKey);
    const at = new Date("2026-11-28T04:00:00.000Z");
    await store.ensure(at);
    await store.ensure(at);
    expect(await store.read()).toEqual({ secondMs: 0, secondUsed: 0, day: "", dayUsed: 0 });

    expect(await store.addDay("2026-11-28", 4, 10, at)).toBe(true);
    expect(await store.addDay("2026-11-28", 4, 10, at)).toBe(true);
    expect(await store.addDay("2026-11-28", 4, 10, at)).toBe(false);
    expect(await store.addDay("2026-11-28", 2, 10, at)).toBe(true);
    expect(await store.addDay("2026-11-28", 1, 10, at)).toBe(false);
    expect((await store.read())!).toMatchObject({ day: "2026-11-28", dayUsed: 10 });
    // A process still on the previous day counts into the later one.
    expect(await store.addDay("2026-11-27", 1, 10, at)).toBe(false);
    expect(await store.addDay("2026-11-29", 3, 10, at)).toBe(true);
    expect((await store.read())!).toMatchObject({ day: "2026-11-29", dayUsed: 3 });
    await store.subtractDay("2026-11-28", 2, at);
    expect((await store.read())!.dayUsed).toBe(3);
    await store.subtractDay("2026-11-29", 2, at);
    expect((await store.read())!.dayUsed).toBe(1);

    const s1 = Date.parse("2026-11-28T04:00:00.000Z");
    expect(await store.addSecond(s1, 5, 7, at)).toBe(true);
    expect(await store.addSecond(s1, 5, 7, at)).toBe(false);
    expect(await store.addSecond(s1, 2, 7, at)).toBe(true);
    expect(await store.addSecond(s1 - 1000, 1, 7, at)).toBe(false);
    expect(await store.addSecond(s1 + 1000, 5, 7, at)).toBe(true);
    expect(await store.read()).toEqual({ secondMs: s1 + 1000, secondUsed: 5, day: "2026-11-29", dayUsed: 1 });
    // The row is the app key's alone.
    expect(await sqlQuotaStore(sql, newAppKey()).read()).toBeNull();
  });

  it("rolls the day over at Shanghai midnight through the limiter (injected clock)", async () => {
    const appKey = newAppKey();
    // 2026-11-28 23:59:59.500 in Shanghai.
    const clock = fakeTime("2026-11-28T15:59:59.500Z");
    const limiter = createQuotaLimiter({ store: sqlQuotaStore(sql, appKey), qps: 100, dailyBudget: 5, blocks: { day: 2 }, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 5; i++) await limiter.acquire("m");
    const row = await db().topQuota.findUniqueOrThrow({ where: { appKey } });
    expect(row).toMatchObject({ day: "2026-11-28", dayUsed: 5, secondUsed: 5 });
    expect(row.second.toISOString()).toBe("2026-11-28T15:59:59.000Z");
    const spent = await limiter.acquire("m").catch((e: unknown) => e);
    expect(spent).toBeInstanceOf(TopBudgetExceededError);
    expect((spent as TopBudgetExceededError).retryAfterMs).toBe(500);
    clock.advance(500);
    await limiter.acquire("m");
    // Five calls were made in the second before: the new second starts with a block of five.
    expect(await db().topQuota.findUniqueOrThrow({ where: { appKey } })).toMatchObject({ day: "2026-11-29", dayUsed: 2, secondUsed: 5 });
    await limiter.close();
    expect((await db().topQuota.findUniqueOrThrow({ where: { appKey } })).dayUsed).toBe(1);
  });

  it("limiters on eight connections racing for a budget of 100 get exactly 100 calls", async () => {
    const appKey = newAppKey();
    const drivers = Array.from({ length: 8 }, () => createSqlDriver(parseDatabaseUrl(inject("databaseUrl"))));
    try {
      const limiters = drivers.map((d) => createQuotaLimiter({ store: sqlQuotaStore(d, appKey), qps: 1000, dailyBudget: 100, blocks: { day: 3 } }));
      const made = await Promise.all(
        limiters.map(async (l) => {
          let n = 0;
          const loop = async () => {
            for (;;) {
              try {
                await l.acquire("m");
                n++;
              } catch (e) {
                if (e instanceof TopBudgetExceededError) return;
                throw e;
              }
            }
          };
          await Promise.all([loop(), loop(), loop()]);
          return n;
        }),
      );
      expect(made.reduce((a, b) => a + b, 0)).toBe(100);
      expect((await db().topQuota.findUniqueOrThrow({ where: { appKey } })).dayUsed).toBe(100);
    } finally {
      await Promise.all(drivers.map((d) => d.close()));
    }
  });

  it("fails closed with a retryable TopQuotaUnavailableError when the database cannot be reached", async () => {
    // Nothing listens on port 9 (discard) of this machine.
    const down = createPostgresDriver("postgresql://postgres@127.0.0.1:9/none", 1);
    try {
      const limiter = createQuotaLimiter({ store: sqlQuotaStore(down, newAppKey()), qps: 10, dailyBudget: 100 });
      const e = await limiter.acquire("taobao.trades.sold.get").catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TopQuotaUnavailableError);
      expect(e).toMatchObject({ kind: "transient", retryable: true });
    } finally {
      await down.close();
    }
  });
});
