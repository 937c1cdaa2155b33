/**
 * A search decides its plan within the viewer's shop only (issue 18 item 8): shop B's view of a
 * term that matches more than 1,000 orders of shop A and a few of its own — every tab, count,
 * page and notice — is exactly what it is once shop A is gone. Before the fix, SQLite's probe
 * counted FTS5 matches of every shop: B's other tabs lost their counts ("common term").
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { closeSyncSql } from "@/lib/sync/sql";
import type { TopTrade } from "@/lib/top";
import { parseOrderFilters } from "./filters";
import { COUNT_CAP, listOrders, type OrderListResult } from "./list";
import { groupOfStatus, ORDER_TABS, type OrderTab } from "./status";
import { genTrades, newTestShop, testViewer, writeTrades } from "./testing";

const NOW = new Date(Date.UTC(2026, 10, 28, 4, 0, 0));
const TERM = "琥珀蜜蜡手串";
const OPEN_REFUNDS = ["WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS", "SELLER_REFUSE_BUYER"];

let shopA: string;
let shopB: string;
let tradesB: TopTrade[];

const withTerm = (t: TopTrade): TopTrade => ({ ...t, orders: t.orders.map((o, i) => (i === 0 ? { ...o, title: `${TERM} ${o.title}` } : o)) });

beforeAll(async () => {
  shopA = await newTestShop("大店");
  shopB = await newTestShop("小店");
  // Shop A: more than the count cap of matches. Shop B: 300 trades, 12 of them matching.
  await writeTrades(shopA, genTrades({ n: COUNT_CAP + 150, seed: 81, end: NOW, days: 30, tidPrefix: "81" }).map(withTerm));
  tradesB = genTrades({ n: 300, seed: 82, end: NOW, days: 30, tidPrefix: "82" }).map((t, i) => (i % 25 === 3 ? withTerm(t) : t));
  await writeTrades(shopB, tradesB);
}, 180_000);

afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

function inTab(t: TopTrade, tab: OrderTab): boolean {
  if (tab === "all") return true;
  if (tab === "refunding") return t.orders.some((o) => OPEN_REFUNDS.includes(o.refundStatus));
  return groupOfStatus(t.status) === tab;
}

const params = (raw: Record<string, string>) => parseOrderFilters(raw).params;

/** B's whole view of the searches: every tab, every page, at two page sizes and under a filter. */
async function viewsOfB(countCap?: number): Promise<Record<string, OrderListResult>> {
  const viewer = testViewer(shopB, "CUSTOMER_SERVICE");
  const out: Record<string, OrderListResult> = {};
  const searches: Record<string, string>[] = [{ q: TERM }, { q: TERM.slice(0, 3) }, { q: TERM, prov: "浙江省" }, { q: TERM, sort: "payment", dir: "asc" }];
  for (const raw of searches) {
    for (const tab of ORDER_TABS) {
      for (const size of ["20", "50"]) {
        const first = await listOrders(viewer, params({ ...raw, tab, size }), { now: NOW, countCap });
        out[JSON.stringify({ ...raw, tab, size, page: 1 })] = first;
        for (let page = 2; page <= first.pageCount + 1; page++) out[JSON.stringify({ ...raw, tab, size, page })] = await listOrders(viewer, params({ ...raw, tab, size, page: String(page) }), { now: NOW, countCap });
      }
    }
  }
  return out;
}

describe(`search scope on ${inject("databaseProvider")}`, () => {
  it("shop B's tabs, counts and pages of a term common in shop A are what they are without shop A", async () => {
    const matching = tradesB.filter((t) => t.orders.some((o) => o.title.includes(TERM)));
    expect(matching.length).toBe(12);
    // A has more than the cap of matches (its own view is the common-term plan).
    const a = await listOrders(testViewer(shopA), params({ q: TERM, tab: "finished" }), { now: NOW });
    expect([a.counts.all, a.countsCapped.all, a.countsUnknown.waitPay]).toEqual([COUNT_CAP, true, true]);

    const before = await viewsOfB();
    const lowCap = await viewsOfB(5);
    // B's own numbers: every tab counted exactly, none unknown, the rows exactly B's matches.
    const all = before[JSON.stringify({ q: TERM, tab: "all", size: "20", page: 1 })]!;
    for (const tab of ORDER_TABS) {
      expect([all.counts[tab], all.countsCapped[tab], all.countsUnknown[tab]], tab).toEqual([matching.filter((t) => inTab(t, tab)).length, false, false]);
      const v = before[JSON.stringify({ q: TERM, tab, size: "20", page: 1 })]!;
      expect(v.counts, tab).toEqual(all.counts);
      expect(v.countsUnknown[tab === "all" ? "finished" : "all"], tab).toBe(false);
      expect(v.rows.map((r) => r.tid).sort(), tab).toEqual(matching.filter((t) => inTab(t, tab)).map((t) => t.tid).sort());
    }
    // With a cap below B's own matches, B's view is the common-term plan because of B's own trades.
    const common = lowCap[JSON.stringify({ q: TERM, tab: "finished", size: "20", page: 1 })]!;
    expect([common.counts.all, common.countsCapped.all, common.countsUnknown.waitPay]).toEqual([5, true, true]);

    // Shop A disappears (its trades and their search index entries with it): B sees exactly the same.
    await db().shop.delete({ where: { id: shopA } });
    expect(await db().trade.count({ where: { shopId: shopA } })).toBe(0);
    expect(await viewsOfB()).toEqual(before);
    expect(await viewsOfB(5)).toEqual(lowCap);
  }, 120_000);
});
