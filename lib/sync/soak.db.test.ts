/**
 * The soak (issue 17), on both databases: everything an adversary found at once, ending equal to
 * the platform in every field the cache keeps.
 *
 *   1. ≥ 25 % of calls fail (code 7 bans, isp errors, 502/503, resets, hangs past the client's
 *      timeout, truncated bodies) for the whole test;
 *   2. the first backfill is killed after 28 of its ~92 days;
 *   3. the shop is left alone for three days (three Shanghai midnights: the oldest unfetched days
 *      would leave the API's window if they were fetched last);
 *   4. the app key's daily quota runs out and stays spent for two hours of sandbox time, with a
 *      run every ten minutes (the worker's rhythm): every one of them is PARTIAL;
 *   5. the quota is lifted and the sync runs until a run is SUCCESS.
 * Then: deep digest = truth, no duplicate line, rollups exact, no trade missing its detail, no
 * attempt counted against any trade (every failure was the platform's), no gap.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { runSync, type RunSyncOptions, type RunSyncResult } from "./run";
import { closeSyncSql } from "./sql";
import { startSyncSandbox, type SyncSandbox } from "./testing/sandbox";
import { expectCacheEqualsTruth } from "./testing/truth";

let sbx: SyncSandbox;
let nick: string;
let shopId: string;

beforeAll(async () => {
  // 10:00 in Shanghai, so that the two hours of outage stay within one quota day.
  sbx = await startSyncSandbox({ seed: 1777, orders: 1_200, shops: 1, frozen: true, faultSeed: 91, clockStart: "2026-11-20 10:00:00" });
  nick = sbx.sb.store.accounts[0]!.nick;
  shopId = await sbx.connect(nick);
});

afterAll(async () => {
  await sbx?.close();
  await closeSyncSql();
  await db().$disconnect();
});

function sync(o: RunSyncOptions = {}): Promise<RunSyncResult> {
  return runSync(shopId, {
    // No clock: the run measures the platform's from the gateway's answers, as in production.
    client: sbx.client({ timeoutMs: 1_500 }),
    // The engine's backoff between unit retries, shortened (a short ban is waited out by lib/top itself).
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 200))),
    ...o,
    config: { backfillConcurrency: 4, detailConcurrency: 6, windowLagMs: 0, ...o.config },
  });
}

describe(`soak on ${inject("databaseProvider")}`, () => {
  it("converges through faults, a killed backfill, three days offline and a two-hour quota outage", async () => {
    const faults = await sbx.admin<{ failureRate: number }>("/_sandbox/faults", { profile: "heavy", slowMs: [200, 600], hangMs: 2_500, banSeconds: [1, 1] });
    const extra = Math.max(0, 0.26 - faults.failureRate);
    const set = await sbx.admin<{ failureRate: number; rates: { isp: number } }>("/_sandbox/faults", { rates: { isp: (await sbx.admin<{ rates: { isp: number } }>("/_sandbox/faults")).rates.isp + extra } });
    expect(set.failureRate).toBeGreaterThanOrEqual(0.25);

    // 2. Killed after 28 days of the backfill (one page a day for this shop).
    const controller = new AbortController();
    const killed = await sync({
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === "BACKFILL" && e.pages >= 28) controller.abort();
      },
    });
    expect(killed.outcome).toBe("ABORTED");
    expect(killed.backfillComplete).toBe(false);

    // 3. Three days offline.
    await sbx.advance("3d");

    // 4. The quota runs out during the next run and stays spent for two hours.
    const used = await sbx.admin<{ usedToday: Record<string, number> }>("/_sandbox/quota");
    const usedToday = Object.values(used.usedToday).reduce((a, b) => a + b, 0);
    await sbx.admin("/_sandbox/quota", { dailyQuota: usedToday + 60 });
    const outage: RunSyncResult[] = [];
    try {
      for (let step = 0; step < 12; step++) {
        outage.push(await sync());
        await sbx.advance("10m");
      }
    } finally {
      await sbx.admin("/_sandbox/quota", { dailyQuota: 0 });
    }
    expect(outage.filter((r) => r.outcome === "SUCCESS")).toEqual([]);
    expect(outage.at(-1)!.error).toMatch(/refuses service/);

    // 5. Lifted: runs until one is SUCCESS (a failed unit is retried by the next run, as the scheduler would).
    const after: string[] = [];
    let last: RunSyncResult | null = null;
    for (let i = 0; i < 10 && last?.outcome !== "SUCCESS"; i++) {
      last = await sync();
      after.push(`${last.outcome} ${last.calls} calls ${last.stats.errorCount} errors${last.error ? ` (${last.error})` : ""}`);
    }
    console.log(`soak: ${after.length} run(s) after the outage: ${after.join("; ")}`);
    expect(last?.outcome).toBe("SUCCESS");
    expect(last!.backfillComplete).toBe(true);
    expect(last!.backfillGaps).toEqual([]);
    expect(last!.detailMissing).toBe(0);

    const draws = await sbx.admin<{ draws: number }>("/_sandbox/faults");
    await sbx.admin("/_sandbox/faults", { profile: "off" });
    expect(draws.draws).toBeGreaterThan(300);
    await expectCacheEqualsTruth(sbx, shopId, nick);
    // Every failure was the platform's: none was counted against a trade.
    expect(await db().trade.count({ where: { shopId, detailAttempts: { gt: 0 } } })).toBe(0);
    expect(await db().trade.count({ where: { shopId, hasBuyerMessage: true, buyerMessage: null } })).toBe(0);
    const runs = await db().syncRun.findMany({ where: { shopId } });
    expect(runs.every((r) => r.outcome !== "RUNNING" && r.endedAt !== null)).toBe(true);
  }, 240_000);
});
