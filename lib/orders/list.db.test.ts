/**
 * The list queries on a real database: every filter against an independent filter over the
 * generated trades, counts (rollups and GROUP BY) against a direct count, stable paging, search
 * kinds, and shop isolation.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { closeSyncSql } from "@/lib/sync/sql";
import type { TopTrade } from "@/lib/top";
import { presetRange } from "@/lib/time";
import { parseOrderFilters, type OrderParams } from "./filters";
import { listOrders } from "./list";
import { groupOfStatus, ORDER_TABS, type OrderTab } from "./status";
import { genTrades, newTestShop, testViewer, writeTrades } from "./testing";

const NOW = new Date(Date.UTC(2026, 10, 28, 4, 0, 0)); // 12:00 in Shanghai
const OPEN_REFUNDS = ["WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS", "SELLER_REFUSE_BUYER"];

let shopA: string;
let shopB: string;
let tradesA: TopTrade[];
let tradesB: TopTrade[];

beforeAll(async () => {
  shopA = await newTestShop();
  shopB = await newTestShop("另一店");
  tradesA = genTrades({ n: 600, seed: 11, end: NOW, days: 40, tidPrefix: "31" });
  tradesB = genTrades({ n: 200, seed: 12, end: NOW, days: 40, tidPrefix: "32" });
  await writeTrades(shopA, tradesA);
  await writeTrades(shopB, tradesB);
}, 120_000);

afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

const params = (raw: Record<string, string>, shops: string[] = []): OrderParams => {
  const { params: p, notices } = parseOrderFilters(raw, shops);
  expect(notices).toEqual([]);
  return p;
};

function inTab(t: TopTrade, tab: OrderTab): boolean {
  if (tab === "all") return true;
  if (tab === "refunding") return t.orders.some((o) => OPEN_REFUNDS.includes(o.refundStatus));
  return groupOfStatus(t.status) === tab;
}

/** Every tid of the view, walking all pages. */
async function allTids(p: OrderParams, viewer = testViewer(shopA)): Promise<string[]> {
  const first = await listOrders(viewer, { ...p, page: 1, size: 100 }, { now: NOW });
  const tids = first.rows.map((r) => r.tid);
  for (let page = 2; page <= first.pageCount; page++) tids.push(...(await listOrders(viewer, { ...p, page, size: 100 }, { now: NOW })).rows.map((r) => r.tid));
  return tids;
}

const sorted = (a: string[]) => [...a].sort();

describe(`the orders list on ${inject("databaseProvider")}`, () => {
  it("counts every tab like a direct count, from the rollups when unfiltered and by GROUP BY otherwise", async () => {
    const r = await listOrders(testViewer(shopA), params({}), { now: NOW });
    expect(r.countsFrom).toBe("rollups");
    for (const tab of ORDER_TABS) expect(r.counts[tab], tab).toBe(tradesA.filter((t) => inTab(t, tab)).length);
    const filtered = await listOrders(testViewer(shopA), params({ prov: "浙江省" }), { now: NOW });
    expect(filtered.countsFrom).toBe("query");
    for (const tab of ORDER_TABS) expect(filtered.counts[tab], tab).toBe(tradesA.filter((t) => t.receiverState === "浙江省" && inTab(t, tab)).length);
    // Date-only on created: rollups; the same counts as the query path.
    const last7 = await listOrders(testViewer(shopA), params({ range: "last7" }), { now: NOW });
    expect(last7.countsFrom).toBe("rollups");
    const range = presetRange("last7", NOW);
    for (const tab of ORDER_TABS) expect(last7.counts[tab], tab).toBe(tradesA.filter((t) => t.created >= range.start && t.created < range.end && inTab(t, tab)).length);
  });

  it("bounds a broad filtered view's counts at the cap and says so; a narrow one stays exact", async () => {
    const prov = (t: TopTrade) => t.receiverState === "浙江省";
    const want = (tab: OrderTab) => tradesA.filter((t) => prov(t) && inTab(t, tab)).length;
    expect(want("all")).toBeGreaterThan(40);
    // A cap above the matches: the one bounded pass counts every tab exactly.
    const exact = await listOrders(testViewer(shopA), params({ prov: "浙江省" }), { now: NOW, countCap: want("all") });
    for (const tab of ORDER_TABS) expect([exact.counts[tab], exact.countsCapped[tab]], tab).toEqual([want(tab), false]);
    // A cap below: every tab counts up to the cap, and flags the tabs that reached it.
    const cap = Math.floor(want("all") / 3);
    const r = await listOrders(testViewer(shopA), params({ prov: "浙江省", size: "20" }), { now: NOW, countCap: cap });
    for (const tab of ORDER_TABS) expect([r.counts[tab], r.countsCapped[tab]], tab).toEqual([Math.min(want(tab), cap), want(tab) > cap]);
    expect(r).toMatchObject({ total: cap, totalCapped: true, pageCount: Math.ceil(cap / 20) });
    // A broad view pages by walking the sort index: the same rows, in the same order, as a direct sort.
    const newest = (pred: (t: TopTrade) => boolean) =>
      tradesA
        .filter(pred)
        .sort((a, b) => b.created.getTime() - a.created.getTime() || (a.tid < b.tid ? 1 : -1))
        .map((t) => t.tid);
    expect(r.rows.map((x) => x.tid)).toEqual(newest(prov).slice(0, 20));
    const page2 = await listOrders(testViewer(shopA), params({ prov: "浙江省", size: "20", page: "2" }), { now: NOW, countCap: want("all") - 1 });
    expect(page2.totalCapped).toBe(true);
    expect(page2.rows.map((x) => x.tid)).toEqual(newest(prov).slice(20, 40));
    // An item-text term with more matches than the cap: 全部 counted up to the cap by one walk in
    // page order, the other tabs left uncounted; pages past the walk still in order.
    const text = (t: TopTrade) => t.orders.some((o) => o.title.includes("绿檀木"));
    const textIn = (tab: OrderTab) => tradesA.filter((t) => text(t) && inTab(t, tab)).length;
    expect(textIn("all")).toBeGreaterThan(40);
    const s = await listOrders(testViewer(shopA), params({ q: "绿檀木" }), { now: NOW, countCap: 40 });
    expect([s.counts.all, s.countsCapped.all, s.countsUnknown.all]).toEqual([40, true, false]);
    for (const tab of ORDER_TABS.filter((t) => t !== "all")) expect(s.countsUnknown[tab], tab).toBe(true);
    expect(s.rows.map((x) => x.tid)).toEqual(newest(text).slice(0, 20));
    const s2 = await listOrders(testViewer(shopA), params({ q: "绿檀木", page: "2" }), { now: NOW, countCap: 30 });
    expect(s2.rows.map((x) => x.tid)).toEqual(newest(text).slice(20, 40));
    // The last page within the cap (on PostgreSQL the walk stops at the page's end once the probe has proved the count).
    const s3 = await listOrders(testViewer(shopA), params({ q: "绿檀木", page: "2" }), { now: NOW, countCap: 40 });
    expect([s3.page, s3.pageCount, s3.total, s3.totalCapped]).toEqual([2, 2, 40, true]);
    expect(s3.rows.map((x) => x.tid)).toEqual(newest(text).slice(20, 40));
    // Another tab: 全部 and that tab counted (up to the cap), its page in order.
    const f = await listOrders(testViewer(shopA), params({ q: "绿檀木", tab: "finished" }), { now: NOW, countCap: 40 });
    expect([f.counts.all, f.countsCapped.all, f.counts.finished, f.countsCapped.finished]).toEqual([40, true, Math.min(textIn("finished"), 40), textIn("finished") > 40]);
    expect(f.countsUnknown).toMatchObject({ all: false, finished: false, waitPay: true, closed: true });
    expect(f.rows.map((x) => x.tid)).toEqual(newest((t) => text(t) && inTab(t, "finished")).slice(0, 20));
    // A filter that narrows the common term to the cap or fewer: every tab exact again.
    const narrow = (t: TopTrade) => text(t) && t.receiverState === "上海";
    const narrowCap = tradesA.filter(narrow).length;
    expect(textIn("all")).toBeGreaterThan(narrowCap);
    const n = await listOrders(testViewer(shopA), params({ q: "绿檀木", prov: "上海" }), { now: NOW, countCap: narrowCap });
    for (const tab of ORDER_TABS) expect([n.counts[tab], n.countsCapped[tab], n.countsUnknown[tab]], tab).toEqual([tradesA.filter((t) => narrow(t) && inTab(t, tab)).length, false, false]);
    expect(n.rows.map((x) => x.tid)).toEqual(newest(narrow).slice(0, 20));
    // The unfiltered view reads the rollups: exact whatever the cap.
    const all = await listOrders(testViewer(shopA), params({}), { now: NOW, countCap: 1 });
    expect([all.counts.all, all.totalCapped]).toEqual([tradesA.length, false]);
  });

  it("applies every filter exactly as an independent filter over the trades", async () => {
    const range = presetRange("last30", NOW);
    const cases: [Record<string, string>, (t: TopTrade) => boolean][] = [
      [{ tab: "waitShip" }, (t) => groupOfStatus(t.status) === "waitShip"],
      [{ tab: "refunding" }, (t) => inTab(t, "refunding")],
      [{ range: "last30" }, (t) => t.created >= range.start && t.created < range.end],
      [{ df: "paid", range: "last30" }, (t) => t.payTime !== null && t.payTime >= range.start && t.payTime < range.end],
      [{ range: "custom", from: "2026-11-10", to: "2026-11-12" }, (t) => t.created >= new Date(Date.UTC(2026, 10, 9, 16)) && t.created < new Date(Date.UTC(2026, 10, 12, 16))],
      [{ refund: "SUCCESS" }, (t) => t.orders.some((o) => o.refundStatus === "SUCCESS")],
      [{ flag: "1" }, (t) => t.sellerFlag === 1],
      [{ flag: "0" }, (t) => t.sellerFlag === 0],
      [{ msg: "true" }, (t) => t.hasBuyerMessage],
      [{ msg: "false" }, (t) => !t.hasBuyerMessage],
      [{ type: "step" }, (t) => t.type === "step"],
      [{ ship: "ems" }, (t) => t.shippingType === "ems"],
      [{ prov: "上海" }, (t) => t.receiverState === "上海"],
      [{ min: "100", max: "300.5" }, (t) => t.paymentFen >= 10_000 && t.paymentFen <= 30_050],
      [{ tab: "finished", prov: "广东省", flag: "0", range: "last30" }, (t) => t.status === "TRADE_FINISHED" && t.receiverState === "广东省" && t.sellerFlag === 0 && t.created >= range.start && t.created < range.end],
    ];
    for (const [raw, keep] of cases) {
      const want = tradesA.filter(keep).map((t) => t.tid);
      expect(want.length, JSON.stringify(raw)).toBeGreaterThan(0);
      const got = await allTids(params(raw));
      expect(sorted(got), JSON.stringify(raw)).toEqual(sorted(want));
    }
  });

  it("filters by each refund status in every tab (退款中 too), exactly or bounded, in the sort order", async () => {
    let tested = 0;
    for (const refund of ["NO_REFUND", "WAIT_SELLER_AGREE", "SUCCESS", "CLOSED", "WAIT_BUYER_RETURN_GOODS"] as const) {
      const keep = (t: TopTrade) => t.orders.some((o) => o.refundStatus === refund);
      const want = (tab: OrderTab) => tradesA.filter((t) => keep(t) && inTab(t, tab));
      const exact = await listOrders(testViewer(shopA), params({ refund }), { now: NOW, countCap: 10_000 });
      for (const tab of ORDER_TABS) expect([exact.counts[tab], exact.countsCapped[tab]], `${refund} ${tab}`).toEqual([want(tab).length, false]);
      if (want("all").length === 0) continue;
      tested++;
      for (const tab of ORDER_TABS) expect(sorted(await allTids(params({ refund, tab }))), `${refund} ${tab} rows`).toEqual(sorted(want(tab).map((t) => t.tid)));
      // Bounded: every tab counted up to the cap through the refund index, the page by the sort order.
      const cap = Math.max(1, Math.floor(want("all").length / 3));
      const r = await listOrders(testViewer(shopA), params({ refund, size: "20" }), { now: NOW, countCap: cap });
      for (const tab of ORDER_TABS) expect([r.counts[tab], r.countsCapped[tab]], `${refund} ${tab} capped`).toEqual([Math.min(want(tab).length, cap), want(tab).length > cap]);
      const newest = want("all").sort((a, b) => b.created.getTime() - a.created.getTime() || (a.tid < b.tid ? 1 : -1));
      expect(r.rows.map((x) => x.tid), `${refund} page`).toEqual(newest.slice(0, 20).map((t) => t.tid));
    }
    expect(tested).toBe(4);
  });

  it("sorts by each column with tid as the tie-breaker, and pages without gaps or repeats", async () => {
    const key: Record<string, (t: TopTrade) => number | null> = {
      created: (t) => t.created.getTime(),
      paid: (t) => t.payTime?.getTime() ?? null,
      payment: (t) => t.paymentFen,
      modified: (t) => t.modified.getTime(),
    };
    for (const sort of ["created", "paid", "payment", "modified"] as const) {
      for (const dir of ["desc", "asc"] as const) {
        const k = key[sort]!;
        // 全部 walks one index; 交易关闭 (two statuses) merges one index range per status.
        for (const tab of ["all", "closed"] as const) {
          const want = tradesA
            .filter((t) => inTab(t, tab))
            .sort((a, b) => {
              const ka = k(a);
              const kb = k(b);
              if (ka === null || kb === null) return ka === kb ? (dir === "asc" ? (a.tid < b.tid ? -1 : 1) : a.tid < b.tid ? 1 : -1) : ka === null ? 1 : -1;
              if (ka !== kb) return dir === "asc" ? ka - kb : kb - ka;
              return dir === "asc" ? (a.tid < b.tid ? -1 : 1) : a.tid < b.tid ? 1 : -1;
            })
            .map((t) => t.tid);
          const got = await allTids(params({ sort, dir, tab }));
          expect(got, `${tab} ${sort} ${dir}`).toEqual(want);
        }
      }
    }
  });

  it("clamps a page past the end to the last page", async () => {
    const r = await listOrders(testViewer(shopA), parseOrderFilters({ page: "1000000000" }).params, { now: NOW });
    expect(r.pageClamped).toBe(true);
    expect(r.page).toBe(r.pageCount);
    expect(r.pageCount).toBe(Math.ceil(600 / 20));
    expect(r.rows.length).toBe(600 - (r.pageCount - 1) * 20);
  });

  it("returns each trade with its lines, amounts and flags", async () => {
    const t = tradesA[5]!;
    const r = await listOrders(testViewer(shopA), params({ q: t.tid }), { now: NOW });
    expect(r.search?.kind).toBe("tid");
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0]!;
    expect(row).toMatchObject({ tid: t.tid, status: t.status, paymentFen: t.paymentFen, postFeeFen: t.postFeeFen, sellerFlag: t.sellerFlag, buyerNick: t.buyerNick, created: t.created.getTime(), hasBuyerMessage: t.hasBuyerMessage });
    expect(row.lines.map((l) => [l.oid, l.title, l.num, l.refundStatus])).toEqual(t.orders.map((o) => [o.oid, o.title, o.num, o.refundStatus]));
  });

  it("searches by waybill, buyer nick (exact and prefix), and item text (trigram and short terms)", async () => {
    const shipped = tradesA.find((t) => t.orders[0]!.invoiceNo)!;
    const wb = await listOrders(testViewer(shopA), params({ q: shipped.orders[0]!.invoiceNo! }), { now: NOW });
    expect(wb.search?.kind).toBe("waybill");
    expect(wb.rows.map((r) => r.tid)).toEqual([shipped.tid]);

    const nick = tradesA[0]!.buyerNick!;
    expect(sorted(await allTids(params({ q: nick })))).toEqual(sorted(tradesA.filter((t) => t.buyerNick === nick).map((t) => t.tid)));
    const prefix = nick.slice(0, 3);
    expect(sorted(await allTids(params({ q: prefix })))).toEqual(sorted(tradesA.filter((t) => t.buyerNick!.startsWith(prefix)).map((t) => t.tid)));

    const hasText = (t: TopTrade, s: string) => t.orders.some((o) => `${o.title} ${o.skuPropertiesName} ${o.outerIid}`.toLowerCase().includes(s.toLowerCase()));
    for (const term of ["绿檀木", "蓝牙耳机", "316不锈钢", "out-7", "尺码:XL"]) {
      const got = sorted(await allTids(params({ q: term })));
      expect(got, term).toEqual(sorted(tradesA.filter((t) => hasText(t, term) || t.buyerNick!.startsWith(term)).map((t) => t.tid)));
      expect(got.length, term).toBeGreaterThan(0);
    }
    // Two characters: below a trigram, a bounded scan of the newest trades (all 600 here).
    const short = await listOrders(testViewer(shopA), params({ q: "围巾" }), { now: NOW });
    expect(short.search).toEqual({ kind: "text", bounded: true });
    expect(short.total).toBe(tradesA.filter((t) => hasText(t, "围巾")).length);
    // Quotes, LIKE wildcards and SQL are just text: no error, no match.
    for (const q of ['"绿檀"木', "100%_", "'; DROP TABLE \"Trade\"; --", "<script>alert(1)</script>"]) {
      const r = await listOrders(testViewer(shopA), params({ q }), { now: NOW });
      expect(r.total, q).toBe(0);
    }
    expect(await db().trade.count({ where: { shopId: shopA } })).toBe(600);
  });

  it("a waybill-looking term is the parcel with that waybill, else the outer id that contains it", async () => {
    const shop = await newTestShop("运单店");
    const [outer, parcel, other] = genTrades({ n: 3, seed: 51, end: NOW, days: 5, tidPrefix: "51" });
    const term = "SKU-2026110512345";
    outer!.orders = [{ ...outer!.orders[0]!, outerIid: term, invoiceNo: null }];
    await writeTrades(shop, [outer!]);
    const viewer = testViewer(shop);
    const byText = await listOrders(viewer, params({ q: term }), { now: NOW });
    expect([byText.search?.kind, byText.rows.map((r) => r.tid)]).toEqual(["waybill", [outer!.tid]]);
    // Another shop's parcel with that number changes nothing here.
    other!.orders = [{ ...other!.orders[0]!, invoiceNo: term }];
    await writeTrades(await newTestShop("运单店二"), [other!]);
    expect((await listOrders(viewer, params({ q: term }), { now: NOW })).rows.map((r) => r.tid)).toEqual([outer!.tid]);
    parcel!.orders = [{ ...parcel!.orders[0]!, invoiceNo: term, outerIid: null }];
    await writeTrades(shop, [parcel!]);
    expect((await listOrders(viewer, params({ q: term }), { now: NOW })).rows.map((r) => r.tid)).toEqual([parcel!.tid]);
  });

  it("never shows another shop's trades, whatever the search or the shop parameter", async () => {
    const b = tradesB[0]!;
    const viewer = testViewer(shopA);
    expect((await listOrders(viewer, params({ q: b.tid }), { now: NOW })).total).toBe(0);
    const all = await allTids(params({}));
    expect(all).toHaveLength(600);
    expect(all.some((t) => t.startsWith("32"))).toBe(false);
    // A shop the viewer does not belong to is refused by the filter schema and by the query.
    expect(parseOrderFilters({ shop: shopB }, [shopA]).notices).toEqual(["shop"]);
    await expect(listOrders(viewer, { ...params({}), shop: shopB }, { now: NOW })).rejects.toMatchObject({ code: "notFound" });
    // A member of both shops can switch the view to the other one.
    const both = testViewer(shopA, "OWNER", [{ id: shopB, role: "CUSTOMER_SERVICE" }]);
    const other = await listOrders(both, params({ shop: shopB }, [shopA, shopB]), { now: NOW });
    expect(other.total).toBe(200);
    expect(other.rows.every((r) => r.tid.startsWith("32"))).toBe(true);
  });
});
