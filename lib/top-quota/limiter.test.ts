/**
 * The shared limiter's arithmetic over an in-memory store with the SQL store's semantics (the
 * conditional adds of sql-store.ts), on an injected clock: block sizes, the remainder, the
 * per-second window, the day rollover at Shanghai midnight, the give-back, failing closed.
 */
import { describe, expect, it } from "vitest";
import { TopBudgetExceededError } from "@/lib/top/errors";
import { createQuotaLimiter, msToShanghaiMidnight, quotaBlocks, TopQuotaUnavailableError, type QuotaRow, type QuotaStore } from "./limiter";

/** One app key's row, with the conditional-UPDATE semantics of sql-store.ts. */
function memoryStore() {
  let row: QuotaRow | null = null;
  const log: string[] = [];
  let failing = false;
  const check = () => {
    if (failing) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
  };
  const store: QuotaStore = {
    async ensure() {
      check();
      row ??= { secondMs: 0, secondUsed: 0, day: "", dayUsed: 0 };
    },
    async read() {
      check();
      log.push("read");
      return row ? { ...row } : null;
    },
    async addSecond(secondMs, n, limit) {
      check();
      log.push(`second+${n}`);
      if (!row) return false;
      if (row.secondMs < secondMs) {
        row.secondMs = secondMs;
        row.secondUsed = n;
        return true;
      }
      if (row.secondUsed + n > limit) return false;
      row.secondUsed += n;
      return true;
    },
    async addDay(day, n, limit) {
      check();
      log.push(`day+${n}`);
      if (!row) return false;
      if (row.day < day) {
        row.day = day;
        row.dayUsed = n;
        return true;
      }
      if (row.dayUsed + n > limit) return false;
      row.dayUsed += n;
      return true;
    },
    async subtractDay(day, n) {
      check();
      log.push(`day-${n}`);
      if (row && row.day === day && row.dayUsed >= n) row.dayUsed -= n;
    },
  };
  return {
    store,
    log,
    row: () => row,
    fail: (on: boolean) => {
      failing = on;
    },
  };
}

/** A fake clock that sleep() advances. */
function fakeTime(startIso: string) {
  let t = new Date(startIso).getTime();
  const waits: number[] = [];
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      waits.push(ms);
      t += Math.max(0, ms);
    },
    advance: (ms: number) => {
      t += ms;
    },
    waits,
  };
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

describe("quotaBlocks", () => {
  it("reserves a fifth of the rate and a hundredth of the budget (at most 100) at a time", () => {
    expect(quotaBlocks(50, 1_000_000)).toEqual({ second: 10, day: 100 });
    expect(quotaBlocks(10, 300)).toEqual({ second: 2, day: 3 });
    expect(quotaBlocks(7, 5_000)).toEqual({ second: 2, day: 50 });
    expect(quotaBlocks(1, 1)).toEqual({ second: 1, day: 1 });
    expect(quotaBlocks(1000, null)).toEqual({ second: 200, day: null });
  });

  it("counts the time to the next Shanghai midnight whatever the host's zone", () => {
    // 2026-11-28 23:59:00 in Shanghai.
    expect(msToShanghaiMidnight(new Date("2026-11-28T15:59:00Z"))).toBe(60_000);
    expect(msToShanghaiMidnight(new Date("2026-11-28T16:00:00Z"))).toBe(86_400_000);
  });
});

describe("createQuotaLimiter", () => {
  it("reserves the day in blocks, the last block gets the remainder, then TopBudgetExceededError until midnight", async () => {
    const clock = fakeTime("2026-11-28T04:00:00.000Z");
    const m = memoryStore();
    // 4 calls a second, a budget of 10 in blocks of 4: 4 + 4 + the remaining 2.
    const limiter = createQuotaLimiter({ store: m.store, qps: 4, dailyBudget: 10, blocks: { day: 4, second: 4 }, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 10; i++) await limiter.acquire("m");
    expect(m.log.filter((l) => l.startsWith("day"))).toEqual(["day+4", "day+4", "day+4", "day+2"]);
    expect(m.row()).toMatchObject({ day: "2026-11-28", dayUsed: 10 });
    const e = await failure(limiter.acquire("m"));
    expect(e).toBeInstanceOf(TopBudgetExceededError);
    // 10 calls at 4 a second took until 12:00:02 in Shanghai: 11 h 59 m 58 s to midnight.
    expect(clock.now().toISOString()).toBe("2026-11-28T04:00:02.000Z");
    expect((e as TopBudgetExceededError).retryAfterMs).toBe((11 * 3600 + 59 * 60 + 58) * 1000);
    expect((e as TopBudgetExceededError).retryable).toBe(false);
  });

  it("shares one budget between limiters (processes) on the same row: the sum never passes it", async () => {
    const clock = fakeTime("2026-11-28T04:00:00.000Z");
    const m = memoryStore();
    const limiters = [0, 1, 2].map(() => createQuotaLimiter({ store: m.store, qps: 1000, dailyBudget: 300, now: clock.now, sleep: clock.sleep }));
    expect(limiters[0]!.blocks).toEqual({ second: 200, day: 3 });
    const made = [0, 0, 0];
    await Promise.all(
      limiters.map(async (l, i) => {
        for (;;) {
          try {
            await l.acquire("m");
            made[i]!++;
          } catch (e) {
            expect(e).toBeInstanceOf(TopBudgetExceededError);
            return;
          }
        }
      }),
    );
    expect(made[0]! + made[1]! + made[2]!).toBe(300);
    expect(m.row()!.dayUsed).toBe(300);
  });

  it("holds the per-second rate across limiters: blocks for one second, the rest waits for the next", async () => {
    const clock = fakeTime("2026-11-28T04:00:00.000Z");
    const m = memoryStore();
    // qps 7, blocks of 2: 2 + 2 + 2 + the remaining 1 in each second.
    const a = createQuotaLimiter({ store: m.store, qps: 7, dailyBudget: null, now: clock.now, sleep: clock.sleep });
    const b = createQuotaLimiter({ store: m.store, qps: 7, dailyBudget: null, now: clock.now, sleep: clock.sleep });
    expect(a.blocks.second).toBe(2);
    const seconds: number[] = [];
    await Promise.all([a, b].flatMap((l) => Array.from({ length: 14 }, () => l.acquire("m").then(() => seconds.push(clock.now().getTime())))));
    const perSecond = new Map<number, number>();
    for (const t of seconds) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect([...perSecond.values()]).toEqual([7, 7, 7, 7]);
    expect(m.log).toContain("second+1");
  });

  it("asks for fewer than a block when little is waiting (an idle process does not hold the rate)", async () => {
    const clock = fakeTime("2026-11-28T04:00:00.000Z");
    const m = memoryStore();
    const limiter = createQuotaLimiter({ store: m.store, qps: 50, dailyBudget: null, now: clock.now, sleep: clock.sleep });
    await limiter.acquire("m");
    expect(m.log).toEqual(["second+1"]);
    expect(m.row()!.secondUsed).toBe(1);
    clock.advance(1000);
    await Promise.all([1, 2, 3].map(() => limiter.acquire("m")));
    expect(m.log.slice(1)).toEqual(["second+3"]);
    // Three were used in the previous second: the next second starts with three, not one.
    clock.advance(1000);
    await limiter.acquire("m");
    expect(m.log.slice(2)).toEqual(["second+3"]);
    expect(limiter.held().secondLeft).toBe(2);
  });

  it("never uses a second's block in a later second", async () => {
    const clock = fakeTime("2026-11-28T04:00:00.900Z");
    const m = memoryStore();
    const limiter = createQuotaLimiter({ store: m.store, qps: 10, dailyBudget: null, blocks: { second: 5 }, now: clock.now, sleep: clock.sleep });
    await Promise.all([1, 2, 3].map(() => limiter.acquire("m")));
    expect(limiter.held().secondLeft).toBe(0);
    // The next second: one call, but three were needed a second ago, so three are reserved.
    clock.advance(100);
    await limiter.acquire("m");
    expect(limiter.held().secondLeft).toBe(2);
    clock.advance(1000);
    await limiter.acquire("m");
    // A new reservation for the new second; the old block's two calls are dropped.
    expect(m.log).toEqual(["second+3", "second+3", "second+1"]);
    expect(m.row()).toMatchObject({ secondMs: new Date("2026-11-28T04:00:02.000Z").getTime(), secondUsed: 1 });
  });

  it("rolls the day over at Shanghai midnight (16:00 UTC): the budget starts again, the old day's leftovers are dropped", async () => {
    // 2026-11-28 23:59:59.500 in Shanghai.
    const clock = fakeTime("2026-11-28T15:59:59.500Z");
    const m = memoryStore();
    const limiter = createQuotaLimiter({ store: m.store, qps: 100, dailyBudget: 5, blocks: { day: 2 }, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 5; i++) await limiter.acquire("m");
    const spent = await failure(limiter.acquire("m"));
    expect(spent).toBeInstanceOf(TopBudgetExceededError);
    expect((spent as TopBudgetExceededError).retryAfterMs).toBe(500);
    clock.advance(500);
    await limiter.acquire("m");
    expect(m.row()).toMatchObject({ day: "2026-11-29", dayUsed: 2 });
    expect(limiter.held()).toMatchObject({ day: "2026-11-29", dayLeft: 1 });
    // Leftovers of a day are not carried into the next one.
    clock.advance(86_400_000);
    await limiter.acquire("m");
    expect(m.row()).toMatchObject({ day: "2026-11-30", dayUsed: 2 });
  });

  it("counts into the later day a process ahead of this one already started", async () => {
    const clock = fakeTime("2026-11-28T15:59:59.000Z");
    const m = memoryStore();
    const ahead = createQuotaLimiter({ store: m.store, qps: 100, dailyBudget: 4, blocks: { day: 2 }, now: () => new Date(clock.now().getTime() + 2_000), sleep: clock.sleep });
    const behind = createQuotaLimiter({ store: m.store, qps: 100, dailyBudget: 4, blocks: { day: 2 }, now: clock.now, sleep: clock.sleep });
    await ahead.acquire("m");
    expect(m.row()!.day).toBe("2026-11-29");
    await behind.acquire("m");
    // Not a reset to the 28th: the row stays on the 29th and counts both blocks.
    expect(m.row()).toMatchObject({ day: "2026-11-29", dayUsed: 4 });
    await ahead.acquire("m");
    await behind.acquire("m");
    await expect(ahead.acquire("m")).rejects.toBeInstanceOf(TopBudgetExceededError);
    await expect(behind.acquire("m")).rejects.toBeInstanceOf(TopBudgetExceededError);
  });

  it("gives the day's unused calls back on close", async () => {
    const clock = fakeTime("2026-11-28T04:00:00.000Z");
    const m = memoryStore();
    const limiter = createQuotaLimiter({ store: m.store, qps: 100, dailyBudget: 1000, now: clock.now, sleep: clock.sleep });
    expect(limiter.blocks.day).toBe(10);
    await limiter.acquire("m");
    await limiter.acquire("m");
    expect(m.row()!.dayUsed).toBe(10);
    await limiter.close();
    expect(m.row()!.dayUsed).toBe(2);
    expect(limiter.held().dayLeft).toBe(0);
    // Still usable afterwards.
    await limiter.acquire("m");
    expect(m.row()!.dayUsed).toBe(12);
  });

  it("fails closed when the store is unreachable: reserved calls are still spent, then a retryable TopQuotaUnavailableError", async () => {
    const clock = fakeTime("2026-11-28T04:00:00.000Z");
    const m = memoryStore();
    const limiter = createQuotaLimiter({ store: m.store, qps: 100, dailyBudget: 1000, blocks: { second: 3 }, now: clock.now, sleep: clock.sleep });
    await Promise.all([1, 2, 3].map(() => limiter.acquire("m")));
    m.fail(true);
    const e = await failure(limiter.acquire("taobao.trade.fullinfo.get"));
    expect(e).toBeInstanceOf(TopQuotaUnavailableError);
    expect(e).toMatchObject({ kind: "transient", retryable: true, method: "taobao.trade.fullinfo.get" });
    expect((e as Error).message).toContain("ECONNREFUSED");
    m.fail(false);
    await limiter.acquire("m");
  });

  it("stops waiting when the caller aborts", async () => {
    const clock = fakeTime("2026-11-28T04:00:00.000Z");
    const m = memoryStore();
    const limiter = createQuotaLimiter({ store: m.store, qps: 1, dailyBudget: null, now: clock.now, sleep: clock.sleep });
    await limiter.acquire("m");
    const ac = new AbortController();
    ac.abort(new Error("stop"));
    await expect(limiter.acquire("m", ac.signal)).rejects.toThrow("stop");
  });
});
