import { describe, expect, it } from "vitest";
import { TopBudgetExceededError } from "./errors";
import { createMemoryRateLimiter } from "./limiter";

/** A fake clock that sleep() advances, so waits are exact and instant. */
function fakeTime(startIso: string) {
  let t = new Date(startIso).getTime();
  const waits: number[] = [];
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    waits,
  };
}

describe("createMemoryRateLimiter", () => {
  it("lets a burst through, then paces calls at qps", async () => {
    const clock = fakeTime("2026-11-28T01:00:00Z");
    const limiter = createMemoryRateLimiter({ qps: 2, burst: 2, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 5; i++) await limiter.acquire("m");
    // two free, then one every 500 ms
    expect(clock.waits).toEqual([500, 500, 500]);
  });

  it("refills over time, up to the burst", async () => {
    const clock = fakeTime("2026-11-28T01:00:00Z");
    const limiter = createMemoryRateLimiter({ qps: 1, burst: 3, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 3; i++) await limiter.acquire("m");
    clock.advance(10_000);
    for (let i = 0; i < 3; i++) await limiter.acquire("m");
    expect(clock.waits).toEqual([]);
    await limiter.acquire("m");
    expect(clock.waits).toEqual([1000]);
  });

  it("serves concurrent waiters in order", async () => {
    const clock = fakeTime("2026-11-28T01:00:00Z");
    const limiter = createMemoryRateLimiter({ qps: 10, burst: 1, now: clock.now, sleep: clock.sleep });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => limiter.acquire("m").then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.waits).toEqual([100, 100, 100]);
  });

  it("enforces the daily budget per Asia/Shanghai day and resets at Shanghai midnight", async () => {
    // 2026-11-28 23:59:00 in Shanghai = 15:59 UTC
    const clock = fakeTime("2026-11-28T15:59:00Z");
    const limiter = createMemoryRateLimiter({ qps: 100, dailyBudget: 2, now: clock.now, sleep: clock.sleep });
    await limiter.acquire("m");
    await limiter.acquire("m");
    expect(limiter.usage()).toEqual({ day: "2026-11-28", used: 2, remaining: 0 });
    const e = await limiter.acquire("m").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TopBudgetExceededError);
    expect((e as TopBudgetExceededError).retryAfterMs).toBe(60_000);
    // a failed acquire does not block the queue
    clock.advance(60_000);
    await limiter.acquire("m");
    expect(limiter.usage()).toEqual({ day: "2026-11-29", used: 1, remaining: 1 });
  });

  it("rejects nonsense options", () => {
    expect(() => createMemoryRateLimiter({ qps: 0 })).toThrow(/qps/);
    expect(() => createMemoryRateLimiter({ qps: 1, dailyBudget: -1 })).toThrow(/dailyBudget/);
  });

  it("honours an abort signal while waiting", async () => {
    const limiter = createMemoryRateLimiter({ qps: 0.01, burst: 1 });
    await limiter.acquire("m");
    const ac = new AbortController();
    const p = limiter.acquire("m", ac.signal);
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
  });
});
