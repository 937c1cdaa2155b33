/**
 * The reports read from the rollups give the same figures as a direct computation over the trades
 * written (in TypeScript here), for random trade sets, random periods and both one shop and all
 * shops; and only roles with reports.read may read them.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Viewer } from "@/lib/auth/viewer";
import { db } from "@/lib/db";
import { closeSyncSql, syncSql, type SqlDriver } from "@/lib/sync/sql";
import { storeTradesWork } from "@/lib/sync/store";
import type { FetchedTrade } from "@/lib/sync/rows";
import type { TopTrade, TradeStatus } from "@/lib/top";
import { addShanghaiDays, parseShanghaiDay, shanghaiDayKey } from "@/lib/time";
import { recordBackfill } from "./testing";
import { hoursReport, kpiReport, productsReport, provincesReport, shippingReport, statusReport, trendReport, type ReportQuery } from "./queries";

let sql: SqlDriver;
beforeAll(async () => {
  sql = await syncSql();
});
afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

const DAY0 = "2026-10-01";
const DAYS = 40;
const STATUSES: TradeStatus[] = ["WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED", "TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO"];
const PROVINCES = [null, "浙江省", "上海", "广东省"];

interface Spec {
  createdMin: number; // minutes after DAY0 00:00 Shanghai
  payAfterMin: number | null;
  shipAfterMin: number | null;
  status: number;
  buyer: number;
  province: number;
  lines: { product: number; num: number; fen: number; refunded: boolean }[];
}

let seq = 0;
function topTrade(s: Spec): TopTrade {
  const tid = `88${String(++seq).padStart(10, "0")}`;
  const created = new Date(parseShanghaiDay(DAY0).getTime() + s.createdMin * 60_000);
  const payTime = s.payAfterMin === null ? null : new Date(created.getTime() + s.payAfterMin * 60_000);
  const consignTime = payTime && s.shipAfterMin !== null ? new Date(payTime.getTime() + s.shipAfterMin * 60_000) : null;
  const orders = s.lines.map((l, k) => ({
    oid: `${tid}${k}`,
    numIid: String(5000 + l.product),
    skuId: l.fen % 3 === 0 ? null : `7${l.product}0${l.fen % 3}`,
    title: `商品${l.product}`,
    picPath: null,
    skuPropertiesName: l.fen % 3 === 0 ? null : `规格:${l.fen % 3}`,
    outerIid: null,
    outerSkuId: null,
    priceFen: l.fen,
    num: l.num,
    totalFeeFen: l.fen * l.num,
    paymentFen: l.fen * l.num,
    discountFeeFen: 0,
    adjustFeeFen: 0,
    divideOrderFeeFen: null,
    status: STATUSES[s.status]!,
    refundStatus: l.refunded ? ("SUCCESS" as const) : ("NO_REFUND" as const),
    refundId: null,
    logisticsCompany: null,
    invoiceNo: null,
    consignTime: null,
    endTime: l.refunded && payTime ? new Date(payTime.getTime() + 3 * 86_400_000) : null,
  }));
  return {
    tid,
    status: STATUSES[s.status]!,
    type: "fixed",
    created,
    modified: new Date(created.getTime() + 86_400_000 * 10),
    payTime,
    consignTime,
    endTime: null,
    buyerOpenUid: `AAB${s.buyer}`,
    buyerNick: "b**",
    sellerNick: "报表店",
    shopTitle: "报表店",
    paymentFen: orders.reduce((a, o) => a + o.paymentFen, 0),
    totalFeeFen: 0,
    postFeeFen: 0,
    discountFeeFen: 0,
    adjustFeeFen: 0,
    receivedPaymentFen: null,
    receiverState: PROVINCES[s.province]!,
    receiverCity: null,
    receiverDistrict: null,
    receiverTown: null,
    receiverZip: null,
    receiverName: null,
    receiverMobile: null,
    receiverPhone: null,
    receiverAddress: null,
    oaid: null,
    hasBuyerMessage: false,
    buyerMessage: null,
    buyerMemo: null,
    sellerMemo: null,
    sellerFlag: 0,
    shippingType: "express",
    stepTradeStatus: null,
    stepPaidFeeFen: null,
    isPartConsign: null,
    orders,
  };
}

const spec: fc.Arbitrary<Spec> = fc.record({
  createdMin: fc.integer({ min: 0, max: DAYS * 1440 - 1 }),
  payAfterMin: fc.option(fc.integer({ min: 0, max: 3000 }), { freq: 4 }),
  shipAfterMin: fc.option(fc.integer({ min: 0, max: 12_000 }), { freq: 2 }),
  status: fc.integer({ min: 0, max: STATUSES.length - 1 }),
  buyer: fc.integer({ min: 0, max: 8 }),
  province: fc.integer({ min: 0, max: PROVINCES.length - 1 }),
  lines: fc.array(fc.record({ product: fc.integer({ min: 0, max: 14 }), num: fc.integer({ min: 1, max: 4 }), fen: fc.integer({ min: 1, max: 500_000 }), refunded: fc.boolean() }), { minLength: 1, maxLength: 3 }),
});

async function newShop(nick: string): Promise<string> {
  return (await db().shop.create({ data: { taobaoUserId: `reports-${Date.now()}-${Math.random().toString(36).slice(2)}`, nick } })).id;
}

async function storeAll(shopId: string, trades: TopTrade[]): Promise<void> {
  const batch: FetchedTrade[] = trades.map((t) => ({ trade: t, rawJson: "{}", source: "list" }));
  await sql.tx(() => storeTradesWork(sql.dialect, { shopId, trades: batch, leaseOwner: null, now: new Date() }));
}

function viewerOf(shops: { id: string; nick: string }[], role: Viewer["role"] = "OWNER"): Viewer {
  return { userId: "u", nick: "tester", isSubAccount: false, shopId: shops[0]!.id, shopNick: shops[0]!.nick, shopStatus: "ACTIVE", role, shops: shops.map((s) => ({ ...s, role })) };
}

/** The direct computation over the raw trades. */
function expected(trades: TopTrade[], from: string, to: string) {
  const inP = (d: Date | null) => d !== null && shanghaiDayKey(d) >= from && shanghaiDayKey(d) <= to;
  const paid = trades.filter((t) => inP(t.payTime));
  const gmv = paid.reduce((s, t) => s + BigInt(t.paymentFen), 0n);
  const buyers = new Set(paid.map((t) => t.buyerOpenUid)).size;
  let refund = 0n;
  for (const t of trades) for (const o of t.orders) if (o.refundStatus === "SUCCESS" && inP(o.endTime ?? t.endTime ?? t.payTime ?? t.created)) refund += BigInt(o.paymentFen);
  const shipH = paid.filter((t) => t.consignTime && t.consignTime >= t.payTime!).map((t) => Math.min(168, Math.floor((t.consignTime!.getTime() - t.payTime!.getTime()) / 3_600_000))).sort((a, b) => a - b);
  const products = new Map<string, { gmv: bigint; qty: number }>();
  for (const t of paid) for (const o of t.orders) {
    const p = products.get(o.numIid) ?? { gmv: 0n, qty: 0 };
    p.gmv += BigInt(o.paymentFen);
    p.qty += o.num;
    products.set(o.numIid, p);
  }
  const skus = new Map<string, { gmv: bigint; qty: number }>();
  for (const t of paid) for (const o of t.orders) {
    const k = `${o.numIid}:${o.skuId ?? ""}`;
    const p = skus.get(k) ?? { gmv: 0n, qty: 0 };
    p.gmv += BigInt(o.paymentFen);
    p.qty += o.num;
    skus.set(k, p);
  }
  const provinces = new Map<string, bigint>();
  for (const t of paid) provinces.set(t.receiverState ?? "", (provinces.get(t.receiverState ?? "") ?? 0n) + BigInt(t.paymentFen));
  const status = new Map<string, number>();
  for (const t of trades) if (inP(t.created)) status.set(t.status, (status.get(t.status) ?? 0) + 1);
  const hours = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const t of paid) {
    const wall = new Date(t.payTime!.getTime() + 8 * 3_600_000);
    hours[(wall.getUTCDay() + 6) % 7]![wall.getUTCHours()]! += 1;
  }
  return { gmv, paidTrades: paid.length, buyers, refund, skus, medianShip: shipH.length ? shipH[Math.ceil(shipH.length / 2) - 1]! : null, products, provinces, status, hours, shipped: shipH.length };
}

describe(`sales reports on ${inject("databaseProvider")}`, () => {
  it("equal a direct computation over the raw trades, for one shop and for all shops (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 20, maxLength: 60 }), fc.array(spec, { minLength: 0, maxLength: 20 }), fc.integer({ min: 0, max: DAYS - 1 }), fc.integer({ min: 1, max: 20 }), fc.constantFrom("day", "week", "month" as const), async (a, b, startDay, len, granularity) => {
        const shopA = { id: await newShop("甲店"), nick: "甲店" };
        const shopB = { id: await newShop("乙店"), nick: "乙店" };
        const tradesA = a.map(topTrade);
        const tradesB = b.map(topTrade);
        await storeAll(shopA.id, tradesA);
        if (tradesB.length) await storeAll(shopB.id, tradesB);
        // Both shops' caches are complete over every period compared here (lib/reports/coverage.ts).
        for (const s of [shopA, shopB]) await recordBackfill(s.id, { from: "2026-08-20", t0: parseShanghaiDay("2026-11-20") });
        const start = addShanghaiDays(parseShanghaiDay(DAY0), startDay);
        const q: ReportQuery = { range: { start, end: addShanghaiDays(start, len) }, granularity, now: parseShanghaiDay("2027-01-01") };
        const from = shanghaiDayKey(start);
        const to = shanghaiDayKey(addShanghaiDays(start, len - 1));
        for (const [shop, trades] of [[undefined, tradesA], ["all", [...tradesA, ...tradesB]]] as const) {
          const viewer = viewerOf([shopA, shopB]);
          const e = expected([...trades], from, to);
          const k = await kpiReport(viewer, { ...q, shop });
          expect(k.periods.current).toEqual({ from, to });
          expect({ gmv: k.current.gmvFen, paid: k.current.paidTrades, buyers: k.current.distinctBuyers, refund: k.current.refundFen, ship: k.current.medianShipHour }).toEqual({
            gmv: e.gmv,
            paid: e.paidTrades,
            buyers: e.buyers,
            refund: e.refund,
            ship: e.medianShip,
          });
          const prevE = expected([...trades], k.periods.previous.from, k.periods.previous.to);
          expect([k.previous.gmvFen, k.previous.distinctBuyers]).toEqual([prevE.gmv, prevE.buyers]);

          const trend = await trendReport(viewer, { ...q, shop });
          expect(trend.buckets.reduce((s, x) => s + x.cur.gmvFen, 0n)).toBe(e.gmv);
          expect(trend.buckets.reduce((s, x) => s + x.prev!.paidTrades, 0)).toBe(prevE.paidTrades);
          for (const bk of trend.buckets) expect(bk.cur.gmvFen).toBe(expected([...trades], bk.current.from, bk.current.to).gmv);

          const products = await productsReport(viewer, { ...q, shop });
          const byGmv = [...e.products].sort(([ka, x], [kb, y]) => (y.gmv > x.gmv ? 1 : y.gmv < x.gmv ? -1 : ka < kb ? -1 : 1)).slice(0, 10);
          expect(products.byGmv.map((p) => [p.key, p.gmvFen])).toEqual(byGmv.map(([key, p]) => [key, p.gmv]));
          expect(products.byGmv.every((p) => p.title === `商品${Number(p.key) - 5000}`)).toBe(true);
          const byQty = [...e.products].sort(([ka, x], [kb, y]) => y.qty - x.qty || (ka < kb ? -1 : 1)).slice(0, 10);
          expect(products.byQuantity.map((p) => [p.key, p.quantity])).toEqual(byQty.map(([key, p]) => [key, p.qty]));

          // The full product table: every product by GMV, each with its SKUs (the "sku" rollup), equal to the lines.
          const all = await productsReport(viewer, { ...q, shop }, "all");
          const allByGmv = [...e.products].sort(([ka, x], [kb, y]) => (y.gmv > x.gmv ? 1 : y.gmv < x.gmv ? -1 : ka < kb ? -1 : 1));
          expect(all.detail.rows.map((p) => [p.key, p.gmvFen, p.quantity])).toEqual(allByGmv.map(([key, p]) => [key, p.gmv, p.qty]));
          expect(all.detail.total).toBe(e.products.size);
          const skuRows = all.detail.rows.flatMap((p) => p.skus.map((x) => [`${p.key}:${x.skuId ?? ""}`, x.gmvFen, x.quantity, x.skuId ? x.name === `规格:${Number(x.skuId.slice(-1))}` : x.name === null]));
          expect(new Map(skuRows.map(([k, g, n, named]) => [k, { gmv: g, qty: n, named }]))).toEqual(new Map([...e.skus].map(([k, v]) => [k, { ...v, named: true }])));
          const page1 = await productsReport(viewer, { ...q, shop });
          expect(page1.detail.rows.map((p) => p.key)).toEqual(all.detail.rows.slice(0, 20).map((p) => p.key));

          const provinces = await provincesReport(viewer, { ...q, shop });
          expect(new Map(provinces.rows.map((r) => [r.key, r.gmvFen]))).toEqual(e.provinces);
          expect(provinces.rows.map((r) => r.gmvFen)).toEqual([...provinces.rows.map((r) => r.gmvFen)].sort((x, y) => (y > x ? 1 : y < x ? -1 : 0)));

          const status = await statusReport(viewer, { ...q, shop });
          expect(new Map(status.rows.map((r) => [r.key, r.trades]))).toEqual(e.status);

          expect((await hoursReport(viewer, { ...q, shop })).cells).toEqual(e.hours);
          const ship = await shippingReport(viewer, { ...q, shop });
          expect([ship.shipped, ship.medianHour, ship.bins.reduce((s, x) => s + x.trades, 0)]).toEqual([e.shipped, e.medianShip, e.shipped]);
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it("refuses customer service, and a shop the viewer is not a member of", async () => {
    const shop = { id: await newShop("丙店"), nick: "丙店" };
    const q: ReportQuery = { range: { start: parseShanghaiDay(DAY0), end: parseShanghaiDay("2026-10-08") }, granularity: "day" };
    await expect(kpiReport(viewerOf([shop], "CUSTOMER_SERVICE"), q)).rejects.toMatchObject({ code: "forbidden" });
    await expect(trendReport(viewerOf([shop], "CUSTOMER_SERVICE"), { ...q, shop: "all" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(productsReport(viewerOf([shop], "MANAGER"), { ...q, shop: "someone-elses-shop" })).rejects.toMatchObject({ code: "notFound" });
    await expect(kpiReport(viewerOf([shop], "MANAGER"), q)).resolves.toMatchObject({ current: { gmvFen: 0n } });
  });
});
