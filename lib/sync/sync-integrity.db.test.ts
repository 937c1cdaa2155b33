/**
 * Issue 17's silent losses, each reproduced against the sandbox (both databases):
 * - a quota outage (the app key's daily quota spent, code 7 with an hours-long ban) must not give
 *   up any buyer message or memo: refused calls count against no trade, every run during the
 *   outage is PARTIAL, and once the quota is lifted every detail arrives;
 * - a trade's own detail failure backs off by time and is retried for as long as it fails;
 * - a backfill resumed after Shanghai midnights fetches the days close to the API's three-month
 *   edge before they leave it, and a day that could no longer be fetched is a gap, never done;
 * - a worker whose clock runs 7 minutes ahead of the platform keeps its windows and watermark on
 *   the platform's time (measured from the gateway), never in the platform's future.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { parseTopTime } from "@/lib/time";
import { createMemoryRateLimiter, TopError } from "@/lib/top";
import { dayLeftWindow } from "./backfill-days";
import { DETAIL_RETRY_BASE_MS } from "./config";
import { DETAIL_RETRY_MAX_MS } from "./detail";
import { cacheDigest } from "./digest";
import { runSync, type RunSyncOptions, type RunSyncResult } from "./run";
import { closeSyncSql, syncSql } from "./sql";
import { syncStatus } from "./status";
import { startSyncSandbox, withCallHook, type SyncSandbox } from "./testing/sandbox";
import { expectCacheEqualsTruth } from "./testing/truth";

// One sandbox for the file (the app reads the gateway and OAuth URLs once), a shop per test; the
// tests run in order and share the sandbox's clock.
let sbx: SyncSandbox;

beforeAll(async () => {
  // Frozen 8 minutes behind this machine's clock: the first test is a worker whose clock runs ahead.
  sbx = await startSyncSandbox({ seed: 1701, orders: 4_500, shops: 6, frozen: true, clockStart: Date.now() - 8 * 60_000 });
});

async function shop(k: number): Promise<{ sbx: SyncSandbox; nick: string; shopId: string }> {
  const nick = sbx.sb.store.accounts[k]!.nick;
  return { sbx, nick, shopId: await sbx.connect(nick) };
}

afterAll(async () => {
  await sbx?.close();
  await closeSyncSql();
  await db().$disconnect();
});

const quickSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 50)));

function sync(sbx: SyncSandbox, shopId: string, o: RunSyncOptions = {}): Promise<RunSyncResult> {
  return runSync(shopId, { client: sbx.client(), clock: sbx.clock, sleep: quickSleep, ...o, config: { windowLagMs: 0, ...o.config } });
}

async function syncUntilSuccess(sbx: SyncSandbox, shopId: string, o: RunSyncOptions = {}, max = 6): Promise<RunSyncResult> {
  const outcomes: string[] = [];
  for (let i = 0; i < max; i++) {
    const r = await sync(sbx, shopId, o);
    outcomes.push(`${r.outcome} ${r.error ?? ""} failed=${r.stats.failedUnits} caughtUp=${r.caughtUp} complete=${r.backfillComplete} missing=${r.detailMissing} errors=${JSON.stringify(r.stats.errors.slice(-2))}`);
    if (r.outcome === "SUCCESS") return r;
  }
  throw new Error(`no SUCCESS in ${max} runs: ${outcomes.join("; ")}`);
}

async function missingMessages(shopId: string): Promise<number> {
  return db().trade.count({ where: { shopId, hasBuyerMessage: true, buyerMessage: null } });
}

describe(`sync integrity on ${inject("databaseProvider")}`, () => {
  it("keeps windows and the watermark on the platform's clock when this machine's runs minutes ahead", async () => {
    const { sbx, nick, shopId } = await shop(4);
    await syncUntilSuccess(sbx, shopId);
    // This machine's real clock is 8 minutes ahead of the platform's (the sandbox was started 8
    // minutes behind it). The client signs with it (still within TOP's ±10 minutes) and the run is
    // given no clock: it must find the platform's.
    await sbx.advance("1m");
    const skew = sbx.clock().getTime() - Date.now();
    expect(skew).toBeLessThan(-6.5 * 60_000);
    const ends: number[] = [];
    const client = withCallHook(sbx.client({ now: () => new Date() }), (method, _n, params) => {
      const end = params.end_modified;
      if (method === "taobao.trades.sold.increment.get") ends.push(end instanceof Date ? end.getTime() : parseTopTime(String(end)).getTime());
    });
    const r = await runSync(shopId, { client, sleep: quickSleep, config: { windowLagMs: 0 } });
    expect(r.outcome).toBe("SUCCESS");
    expect(r.caughtUp).toBe(true);
    const platformNow = sbx.clock().getTime();
    expect(ends.length).toBeGreaterThan(0);
    expect(Math.max(...ends)).toBeLessThanOrEqual(platformNow);
    const state = await db().syncState.findUniqueOrThrow({ where: { shopId } });
    expect(state.watermark!.getTime()).toBeLessThanOrEqual(platformNow);
    expect(state.watermark!.getTime()).toBeGreaterThan(platformNow - 5_000);
    // The skew is recorded and shown on the sync page.
    expect(Math.abs(state.clockSkewMs! - skew)).toBeLessThan(3_000);
    expect((await syncStatus({ userId: "u", shopId, role: "OWNER" })).clockSkewMs).toBe(state.clockSkewMs);
    await expectCacheEqualsTruth(sbx, shopId, nick);
  }, 60_000);

  it("gives up no buyer message in a quota outage: refused calls count against no trade, runs stay PARTIAL, details arrive once it is lifted", async () => {
    const { sbx, nick, shopId } = await shop(0);
    // Enough for the backfill's list pages and a few details, then the app key is refused for the rest of the day.
    await sbx.admin("/_sandbox/quota", { dailyQuota: 120, reset: true });
    const outage: RunSyncResult[] = [];
    try {
      for (let i = 0; i < 8; i++) outage.push(await sync(sbx, shopId));
    } finally {
      await sbx.admin("/_sandbox/quota", { dailyQuota: 0 });
    }
    // Attempts the platform refused are counted against no trade.
    expect(await db().trade.count({ where: { shopId, detailAttempts: { gt: 0 } } })).toBe(0);
    // Never SUCCESS while details are missing; each run stops at the first refusal instead of spending a call per trade
    // (at most the calls already in flight when it came back: 3 backfill days + 4 details).
    expect(outage.map((r) => r.outcome)).toEqual(Array(8).fill("PARTIAL"));
    expect(outage.slice(1).map((r) => r.calls).every((n) => n <= 7)).toBe(true);
    const pending = await db().trade.count({ where: { shopId, detailPending: true } });
    expect(pending).toBeGreaterThan(0);
    expect(outage.at(-1)!.detailMissing).toBe(pending);
    const run = await db().syncRun.findFirst({ where: { shopId }, orderBy: { startedAt: "desc" } });
    expect(run?.detailMissing).toBe(pending);
    expect(run?.lastError).toMatch(/refuses service/);
    // The sync page says so (N 笔订单缺少买家留言/备注，将自动重试).
    expect((await syncStatus({ userId: "u", shopId, role: "MANAGER" })).detailMissing).toBe(pending);

    const done = await syncUntilSuccess(sbx, shopId);
    expect(done.detailMissing).toBe(0);
    expect(await db().trade.count({ where: { shopId, detailPending: true } })).toBe(0);
    expect(await missingMessages(shopId)).toBe(0);
    await expectCacheEqualsTruth(sbx, shopId, nick);
  }, 120_000);

  it("retries a trade whose own detail call fails, spaced out in time, for as long as it fails", async () => {
    const { sbx, nick, shopId } = await shop(1);
    await syncUntilSuccess(sbx, shopId);
    const { tid } = await sbx.admin<{ tid: string }>("/_sandbox/trades", { shop: nick, buyerMessage: "请发顺丰，谢谢" });
    await sbx.advance("1m");
    let failing = true;
    let tries = 0;
    const client = withCallHook(sbx.client(), (method, _n, params) => {
      if (method !== "taobao.trade.fullinfo.get" || String(params.tid) !== tid) return;
      tries++;
      // The trade's own failure (not the platform's): an isv error for this tid.
      if (failing) throw TopError.from(method, { code: 15, msg: "Remote service error", subCode: "isv.trade-service-failed", subMsg: "trade detail unavailable", requestId: null });
    });
    const o: RunSyncOptions = { client, config: { windowLagMs: 0 } };
    const row = () => db().trade.findUniqueOrThrow({ where: { tid }, select: { detailRetryAt: true, detailAttempts: true } });
    // Time passing, without waiting for it: the retry time moves into the past.
    const letTimePass = () => db().trade.update({ where: { tid }, data: { detailRetryAt: new Date(Date.now() - 1_000) } });
    const first = await sync(sbx, shopId, o);
    expect(first.outcome).toBe("PARTIAL");
    expect(tries).toBe(1);
    expect(await db().trade.count({ where: { shopId, detailPending: true } })).toBe(1);
    // Not due yet (a minute after its first failure): the next run does not call it again.
    const early = await sync(sbx, shopId, o);
    expect(early.outcome).toBe("PARTIAL");
    expect(tries).toBe(1);
    // Far more failures than the old cap of five: still retried each time it is due, 1, 2, 4 … minutes apart, at most an hour.
    for (let attempt = 2; attempt <= 8; attempt++) {
      const before = await row();
      expect(before.detailAttempts).toBe(attempt - 1);
      await letTimePass();
      const at = Date.now();
      const again = await sync(sbx, shopId, o);
      expect(tries).toBe(attempt);
      expect(again.outcome).toBe("PARTIAL");
      const delay = (await row()).detailRetryAt!.getTime() - at;
      const expected = Math.min(DETAIL_RETRY_MAX_MS, DETAIL_RETRY_BASE_MS * 2 ** (attempt - 1));
      expect(delay).toBeGreaterThan(expected - 1_000);
      expect(delay).toBeLessThanOrEqual(expected + 30_000);
    }
    failing = false;
    await letTimePass();
    const ok = await sync(sbx, shopId, o);
    expect(ok.outcome).toBe("SUCCESS");
    expect([first.detailMissing, ok.detailMissing]).toEqual([1, 0]);
    expect((await db().trade.findUniqueOrThrow({ where: { tid } })).buyerMessage).toBe("请发顺丰，谢谢");
  }, 90_000);

  it("ends a run whose call budget runs out during the details PARTIAL (resumable), not ABORTED", async () => {
    const { sbx, nick, shopId } = await shop(5);
    await syncUntilSuccess(sbx, shopId);
    for (let i = 0; i < 4; i++) await sbx.admin("/_sandbox/trades", { shop: nick, buyerMessage: `留言 ${i}` });
    await sbx.advance("1m");
    // Enough for the window's pages, not for the four details.
    const client = sbx.client({ limiter: createMemoryRateLimiter({ qps: 1_000, dailyBudget: 3, now: sbx.clock }) });
    const r = await sync(sbx, shopId, { client });
    expect(r.stats.detailCalls).toBeLessThan(4);
    expect(r.outcome).toBe("PARTIAL");
    expect(r.error).toMatch(/budget/);
    expect(r.detailMissing).toBeGreaterThan(0);
    const done = await syncUntilSuccess(sbx, shopId);
    expect(done.detailMissing).toBe(0);
    await expectCacheEqualsTruth(sbx, shopId, nick);
  }, 60_000);

  it("resumes a backfill three days later without losing its oldest days (planned by deadline)", async () => {
    const { sbx, nick, shopId } = await shop(2);
    const controller = new AbortController();
    // Killed after 28 of its ~92 days (one page a day here).
    const killed = await sync(sbx, shopId, {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === "BACKFILL" && e.pages >= 28) controller.abort();
      },
    });
    expect(killed.outcome).toBe("ABORTED");
    const sql = await syncSql();
    const [doneRow] = await sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "SyncBackfillDay" WHERE "shopId" = ? AND "done" = ?`, shopId, true);
    const doneDays = Number(doneRow?.n);
    expect(doneDays).toBeGreaterThanOrEqual(20);
    expect(doneDays).toBeLessThan(60);
    await sbx.advance("3d");
    const r = await syncUntilSuccess(sbx, shopId);
    expect(await cacheDigest(shopId)).toEqual(await sbx.truth(nick));
    await expectCacheEqualsTruth(sbx, shopId, nick);
    expect(r.backfillComplete).toBe(true);
    expect(r.backfillGaps).toEqual([]);
  }, 90_000);

  it("reports a day that left the API's window before it was fetched as a gap, never as complete", async () => {
    const { sbx, shopId } = await shop(3);
    const controller = new AbortController();
    await sync(sbx, shopId, {
      signal: controller.signal,
      config: { windowLagMs: 0, backfillConcurrency: 1 },
      onProgress: (e) => {
        if (e.phase === "BACKFILL" && e.pages >= 4) controller.abort();
      },
    });
    // Twenty days later the oldest days still unfetched can no longer be listed.
    await sbx.advance("20d");
    const sql = await syncSql();
    const pending = (await sql.all<{ day: string }>(`SELECT "day" FROM "SyncBackfillDay" WHERE "shopId" = ? AND "done" = ? ORDER BY "day"`, shopId, false)).map((x) => String(x.day));
    const expected = pending.filter((day) => dayLeftWindow(day, sbx.clock()));
    expect(expected.length).toBeGreaterThan(5);

    const found = await sync(sbx, shopId);
    expect(found.outcome).toBe("PARTIAL");
    expect(found.backfillComplete).toBe(false);
    expect(found.backfillGaps).toEqual(expected);
    expect(found.error).toContain(expected[0]);
    const gapRows = await db().syncBackfillDay.findMany({ where: { shopId, gap: true }, orderBy: { day: "asc" } });
    expect(gapRows.map((g) => g.day)).toEqual(expected);
    expect(gapRows.every((g) => !g.done && /three-month window/.test(g.lastError ?? ""))).toBe(true);
    const page = await syncStatus({ userId: "u", shopId, role: "CUSTOMER_SERVICE" });
    expect(page.gaps.map((g) => g.day)).toEqual(expected);

    // Later runs do everything they can (SUCCESS) but never call the backfill complete; a repair pass keeps the gaps.
    const later = await syncUntilSuccess(sbx, shopId);
    expect(later.backfillComplete).toBe(false);
    expect(later.backfillGaps).toEqual(expected);
    const repair = await syncUntilSuccess(sbx, shopId, { kind: "backfill" });
    expect(repair.backfillComplete).toBe(false);
    expect(repair.backfillGaps).toEqual(expected);
  }, 90_000);

});
