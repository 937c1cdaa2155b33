/**
 * Acceptance: trades modified while a window is being paged are not missed. A busy shop (1,200
 * new trades an hour) makes incremental windows of several pages; the sandbox clock is advanced
 * between the pages of a window, so trades are paid, shipped and created while the engine pages
 * and rows leave the window under its feet. The cache must still equal the platform.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { TRADES_SOLD_INCREMENT_GET } from "@/lib/top";
import { runSync } from "./run";
import { closeSyncSql } from "./sql";
import { startSyncSandbox, withCallHook, type SyncSandbox } from "./testing/sandbox";
import { expectCacheEqualsTruth } from "./testing/truth";

let sbx: SyncSandbox;
let nick: string;
let shopId: string;

beforeAll(async () => {
  // Shanghai daytime, when orders arrive fastest: windows of several pages.
  sbx = await startSyncSandbox({ seed: 6202, orders: 300, shops: 1, frozen: true, arrivalRate: 1_200, clockStart: "2026-11-27 10:00:00" });
  nick = sbx.sb.store.accounts[0]!.nick;
  shopId = await sbx.connect(nick);
});

afterAll(async () => {
  await sbx?.close();
  await closeSyncSql();
  await db().$disconnect();
});

describe(`incremental windows on ${inject("databaseProvider")}`, () => {
  it("miss nothing when the clock moves between the pages of a window", async () => {
    // The sandbox clock is frozen between advances: windows may end at its now (no lag).
    const config = { windowLagMs: 0 };
    const first = await runSync(shopId, { client: sbx.client(), clock: sbx.clock, config });
    expect(first.outcome, `${first.error} ${JSON.stringify(first.stats.errors)}`).toBe("SUCCESS");
    await expectCacheEqualsTruth(sbx, shopId, nick);

    await sbx.advance("2h");
    let pageCalls = 0;
    let advancedMidWindow = 0;
    let checks = 0;
    const missed: string[] = [];
    /**
     * The invariant behind "not missed": once a window is committed, every trade whose current
     * `modified` is at or before the watermark must be in the cache in exactly that version (it
     * changed inside a stored window and not since). Checked at every window's start, before later
     * changes could hide a miss.
     */
    const checkWatermark = async () => {
      const state = await db().syncState.findUniqueOrThrow({ where: { shopId } });
      const w = state.watermark!.getTime();
      const cached = new Map((await db().trade.findMany({ where: { shopId }, select: { tid: true, modified: true } })).map((t) => [t.tid, t.modified.getTime()]));
      const shop = sbx.sb.store.shops[0]!;
      const T = sbx.sb.clock.nowSec();
      for (let idx = 0; idx < shop.n; idx++) {
        if (!shop.existsAt(idx, T)) continue;
        const m = shop.modifiedAt(idx, T) * 1000;
        if (m <= w && cached.get(shop.tids[idx]!) !== m) missed.push(shop.tids[idx]!);
      }
      checks++;
    };
    const client = withCallHook(sbx.client(), async (method, _n, params) => {
      if (method !== TRADES_SOLD_INCREMENT_GET) return;
      pageCalls++;
      if (Number(params.page_no) === 1) await checkWatermark();
      // Move the clock before every page but a window's first: trades change while the window is paged,
      // and rows leave it from every page (a forward pager would miss rows that cross page boundaries).
      if (Number(params.page_no) >= 2 && advancedMidWindow < 16) {
        await sbx.advance("1m");
        advancedMidWindow++;
      }
    });
    const second = await runSync(shopId, { client, clock: sbx.clock, config });
    await checkWatermark();
    expect(checks).toBeGreaterThan(5);
    expect(missed).toEqual([]);
    expect(second.outcome, `${second.error} ${JSON.stringify(second.stats.errors)}`).toBe("SUCCESS");
    expect(advancedMidWindow).toBeGreaterThan(0);
    // Windows had several pages (pages > windows), so rows really moved between pages.
    expect(second.stats.pages).toBeGreaterThan(second.stats.windows + 2);
    expect(pageCalls).toBe(second.stats.pages);
    await expectCacheEqualsTruth(sbx, shopId, nick);
  }, 120_000);
});
