/**
 * The writer on its own (no TOP): idempotent batched upserts, "an older modified never wins",
 * detail fields surviving list writes, the lease and its fence, and a property test that writes
 * random histories and checks every rollup against a direct aggregation of the raw rows.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import type { RefundStatus, TopOrder, TopTrade, TradeStatus } from "@/lib/top";
import { LeaseLostError } from "./errors";
import { acquireLease, releaseLease, renewLease } from "./lease";
import { verifyRollups, rebuildRollups } from "./rollups";
import type { FetchedTrade } from "./rows";
import { closeSyncSql, syncSql, type SqlDriver } from "./sql";
import { storeTradesWork, type StoreResult } from "./store";

let sql: SqlDriver;
beforeAll(async () => {
  sql = await syncSql();
});
afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

let shopSeq = 0;
async function newShop(): Promise<string> {
  const s = await db().shop.create({ data: { taobaoUserId: `store-test-${Date.now()}-${shopSeq++}-${Math.random().toString(36).slice(2, 8)}`, nick: "测试店" } });
  return s.id;
}

const BASE = Date.UTC(2026, 10, 20, 15, 30, 0); // 2026-11-20 23:30 in Shanghai: days straddle midnight
const STATUSES: TradeStatus[] = ["WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED", "TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO"];
const REFUNDS: RefundStatus[] = ["NO_REFUND", "WAIT_SELLER_AGREE", "SELLER_REFUSE_BUYER", "CLOSED", "SUCCESS"];

interface Version {
  tid: string;
  v: number;
  status: number;
  paid: boolean;
  shipped: boolean;
  refund: number;
  flag: number;
  message: boolean;
  lines: number;
  buyer: number;
  province: number;
  detail: boolean;
  /** Days between creation and payment (default 0), and creation days after BASE (default 0): spreads buyers over many days. */
  payDays?: number;
  createdDays?: number;
}

let tidSeq = 0;
function trade(x: Version): TopTrade {
  const created = new Date(BASE + (Number(x.tid.slice(-3)) % 7) * 3_600_000 + (x.createdDays ?? 0) * 86_400_000);
  const modified = new Date(created.getTime() + x.v * 60_000);
  const payTime = x.paid ? new Date(created.getTime() + 20 * 60_000 + (x.payDays ?? 0) * 86_400_000) : null;
  const orders: TopOrder[] = Array.from({ length: x.lines }, (_, k) => ({
    oid: `${x.tid}${k}`,
    numIid: String(600 + ((Number(x.tid.slice(-2)) + k) % 4)),
    skuId: (x.v + k) % 3 === 0 ? null : `9${(x.v + k) % 3}`,
    title: `商品${k}`,
    picPath: null,
    skuPropertiesName: "颜色分类:绿色",
    outerIid: null,
    outerSkuId: null,
    priceFen: 1000 + k,
    num: 1 + k,
    totalFeeFen: (1000 + k) * (1 + k),
    paymentFen: (1000 + k) * (1 + k) - x.v,
    discountFeeFen: 0,
    adjustFeeFen: 0,
    divideOrderFeeFen: null,
    status: STATUSES[x.status]!,
    refundStatus: REFUNDS[(x.refund + k) % REFUNDS.length]!,
    refundId: null,
    logisticsCompany: x.shipped ? "中通快递" : null,
    invoiceNo: x.shipped ? `ZT${x.tid}` : null,
    consignTime: null,
    endTime: x.refund === 4 ? new Date(modified.getTime() - 1000) : null,
  }));
  return {
    tid: x.tid,
    status: STATUSES[x.status]!,
    type: "fixed",
    created,
    modified,
    payTime,
    consignTime: payTime && x.shipped ? new Date(payTime.getTime() + (x.v + 1) * 3_600_000) : null,
    endTime: null,
    buyerOpenUid: x.buyer === 0 ? null : `AAE${x.buyer}`,
    buyerNick: "t**",
    sellerNick: "测试店",
    shopTitle: "测试店",
    paymentFen: orders.reduce((s, o) => s + o.paymentFen, 0),
    totalFeeFen: 0,
    postFeeFen: 0,
    discountFeeFen: 0,
    adjustFeeFen: 0,
    receivedPaymentFen: null,
    receiverState: x.province === 0 ? null : ["浙江省", "上海", "广东省"][x.province - 1]!,
    receiverCity: null,
    receiverDistrict: null,
    receiverTown: null,
    receiverZip: null,
    receiverName: "闫**",
    receiverMobile: "1573672****",
    receiverPhone: null,
    receiverAddress: null,
    oaid: null,
    hasBuyerMessage: x.message,
    buyerMessage: x.detail && x.message ? `留言${x.v}` : null,
    buyerMemo: null,
    sellerMemo: x.detail && x.flag ? `备注${x.v}` : null,
    sellerFlag: x.flag,
    shippingType: "express",
    stepTradeStatus: null,
    stepPaidFeeFen: null,
    isPartConsign: null,
    orders,
  };
}

const fetched = (x: Version): FetchedTrade => ({ trade: trade(x), rawJson: JSON.stringify({ tid: x.tid, v: x.v }), source: x.detail ? "detail" : "list" });

async function store(shopId: string, batch: FetchedTrade[], leaseOwner: string | null = null): Promise<StoreResult> {
  return sql.tx(() => storeTradesWork(sql.dialect, { shopId, trades: batch, leaseOwner, now: new Date() }));
}

function base(tid: string, v = 1): Version {
  return { tid, v, status: 1, paid: true, shipped: false, refund: 0, flag: 0, message: false, lines: 2, buyer: 1, province: 1, detail: false };
}


/* An aggregation of the raw rows written in TypeScript, independent of rollups.ts's SQL: what
   every rollup table must hold. Days and hours in Asia/Shanghai by plain +8 h arithmetic. */
type Tally = Record<string, number>;
const sh = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString();
const dayKey = (d: Date) => sh(d).slice(0, 10);
function bump(m: Map<string, Tally>, key: string, add: Tally): void {
  const cur = m.get(key) ?? {};
  for (const [k, v] of Object.entries(add)) cur[k] = (cur[k] ?? 0) + v;
  m.set(key, cur);
}
function nonZero(m: Map<string, Tally>): Record<string, Tally> {
  return Object.fromEntries([...m].filter(([, t]) => Object.values(t).some((v) => v !== 0)).sort(([a], [b]) => (a < b ? -1 : 1)));
}
async function rawAggregation(shopId: string) {
  const trades = await db().trade.findMany({ where: { shopId }, include: { orders: true } });
  const daily = new Map<string, Tally>();
  const dims = new Map<string, Tally>();
  const buyerDays = new Map<string, Tally>();
  const buyerSets = new Map<string, Set<string>>();
  for (const t of trades) {
    const cDay = dayKey(t.created);
    bump(daily, cDay, { createdTrades: 1 });
    const tradeFigures = { trades: 1, quantity: t.orders.reduce((s, o) => s + o.num, 0), gmvFen: t.paymentFen };
    bump(dims, `status|${cDay}|${t.status}`, tradeFigures);
    if (t.orders.some((o) => ["WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS", "SELLER_REFUSE_BUYER"].includes(o.refundStatus)))
      bump(dims, `refunding|${cDay}|${t.status}`, tradeFigures);
    for (const o of t.orders) {
      if (o.refundStatus !== "SUCCESS") continue;
      bump(daily, dayKey(o.endTime ?? t.endTime ?? t.payTime ?? t.created), { refundLines: 1, refundFen: o.paymentFen });
    }
    if (!t.payTime) continue;
    const pDay = dayKey(t.payTime);
    bump(daily, pDay, { paidTrades: 1, gmvFen: t.paymentFen, itemsSold: tradeFigures.quantity });
    bump(dims, `province|${pDay}|${t.receiverState ?? ""}`, tradeFigures);
    bump(dims, `hour|${pDay}|${sh(t.payTime).slice(11, 13)}`, tradeFigures);
    for (const o of t.orders) {
      bump(dims, `product|${pDay}|${o.numIid}`, { trades: 1, quantity: o.num, gmvFen: o.paymentFen });
      bump(dims, `sku|${pDay}|${o.numIid}:${o.skuId ?? ""}`, { trades: 1, quantity: o.num, gmvFen: o.paymentFen });
    }
    if (t.consignTime && t.consignTime >= t.payTime) {
      const ms = t.consignTime.getTime() - t.payTime.getTime();
      bump(daily, pDay, { consignedTrades: 1, consignSeconds: Math.floor(ms / 1000) });
      bump(dims, `shipHours|${pDay}|${String(Math.min(168, Math.floor(ms / 3_600_000))).padStart(3, "0")}`, tradeFigures);
    }
    if (t.buyerOpenUid) {
      bump(buyerDays, `${pDay}|${t.buyerOpenUid}`, { trades: 1, gmvFen: t.paymentFen });
      const set = buyerSets.get(t.buyerOpenUid) ?? new Set<string>();
      set.add(pDay);
      buyerSets.set(t.buyerOpenUid, set);
    }
  }
  const gaps = new Map<string, Tally>();
  for (const days of buyerSets.values()) {
    const sorted = [...days].sort();
    for (const d of sorted) bump(daily, d, { buyers: 1 });
    for (let i = 1; i < sorted.length; i++) bump(gaps, `${sorted[i - 1]}|${sorted[i]}`, { buyers: 1 });
  }
  return { daily: nonZero(daily), dims: nonZero(dims), buyerDays: nonZero(buyerDays), gaps: nonZero(gaps), buyerSets };
}

async function storedRollups(shopId: string) {
  const n = (v: number | bigint) => Number(v);
  const daily = new Map<string, Tally>();
  for (const r of await db().dailyRollup.findMany({ where: { shopId } })) {
    const { shopId: _s, day, ...rest } = r;
    daily.set(day, Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, n(v as number | bigint)])));
  }
  const dims = new Map<string, Tally>();
  for (const r of await db().rollupDim.findMany({ where: { shopId } })) dims.set(`${r.dim}|${r.day}|${r.key}`, { trades: r.trades, quantity: r.quantity, gmvFen: n(r.gmvFen) });
  const buyerDays = new Map<string, Tally>();
  for (const r of await db().rollupBuyerDay.findMany({ where: { shopId } })) buyerDays.set(`${r.day}|${r.buyerOpenUid}`, { trades: r.trades, gmvFen: n(r.gmvFen) });
  const gaps = new Map<string, Tally>();
  for (const r of await db().rollupBuyerGap.findMany({ where: { shopId } })) gaps.set(`${r.prevDay}|${r.day}`, { buyers: r.buyers });
  // Zero-valued fields are what the raw side leaves out.
  const strip = (m: Map<string, Tally>) => new Map([...m].map(([k, t]) => [k, Object.fromEntries(Object.entries(t).filter(([, v]) => v !== 0))]));
  return { daily: nonZero(strip(daily)), dims: nonZero(dims), buyerDays: nonZero(buyerDays), gaps: nonZero(gaps) };
}

describe(`the order cache writer on ${inject("databaseProvider")}`, () => {
  it("is idempotent: the same batch twice stores each trade and line once", async () => {
    const shopId = await newShop();
    const batch = Array.from({ length: 120 }, (_, i) => fetched(base(`91${String(++tidSeq).padStart(6, "0")}${i}`)));
    const first = await store(shopId, batch);
    expect(first).toMatchObject({ inserted: 120, updated: 0 });
    const second = await store(shopId, batch);
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 120 });
    expect(await db().trade.count({ where: { shopId } })).toBe(120);
    expect(await db().tradeOrder.count({ where: { shopId } })).toBe(240);
    expect((await db().syncState.findUnique({ where: { shopId } }))?.tradesStored).toBe(120);
    expect(await verifyRollups(sql, shopId)).toEqual([]);
  });

  it("never lets an older modified overwrite a newer one, within a batch or across batches", async () => {
    const shopId = await newShop();
    const tid = `92${String(++tidSeq).padStart(8, "0")}`;
    const v3 = { ...base(tid, 3), status: 2, shipped: true };
    const r1 = await store(shopId, [fetched(base(tid, 1)), fetched(v3), fetched(base(tid, 2))]);
    expect(r1).toMatchObject({ inserted: 1, unchanged: 2 });
    const r2 = await store(shopId, [fetched(base(tid, 2))]);
    expect(r2).toMatchObject({ stale: 1, updated: 0 });
    const row = await db().trade.findUniqueOrThrow({ where: { tid } });
    expect(row.status).toBe("WAIT_BUYER_CONFIRM_GOODS");
    expect(row.modified.getTime()).toBe(trade(v3).modified.getTime());
    expect(await verifyRollups(sql, shopId)).toEqual([]);
  });

  it("keeps detail-only fields through list writes and fetches a detail once per modified", async () => {
    const shopId = await newShop();
    const tid = `93${String(++tidSeq).padStart(8, "0")}`;
    const v1 = { ...base(tid, 1), message: true, flag: 1 };
    await store(shopId, [fetched(v1)]);
    let row = await db().trade.findUniqueOrThrow({ where: { tid } });
    expect(row).toMatchObject({ detailPending: true, buyerMessage: null, source: "list" });

    expect(await store(shopId, [fetched({ ...v1, detail: true })])).toMatchObject({ detailed: 1 });
    row = await db().trade.findUniqueOrThrow({ where: { tid } });
    expect(row).toMatchObject({ detailPending: false, buyerMessage: "留言1", sellerMemo: "备注1", source: "detail" });
    expect(row.detailModified?.getTime()).toBe(row.modified.getTime());
    // The same version again, from a list or a detail: nothing to do.
    expect(await store(shopId, [fetched(v1), fetched({ ...v1, detail: true })])).toMatchObject({ unchanged: 2, detailed: 0 });

    // A newer list version: detail-only fields stay, and the trade needs its detail again.
    await store(shopId, [fetched({ ...v1, v: 2 })]);
    row = await db().trade.findUniqueOrThrow({ where: { tid } });
    expect(row).toMatchObject({ detailPending: true, buyerMessage: "留言1", source: "list" });
    expect(JSON.parse(row.rawJson)).toEqual({ tid, v: 2 });
  });

  it("writes a change made within the second of the stored modified (TOP's resolution), from a list or a detail", async () => {
    const shopId = await newShop();
    const tid = `96${String(++tidSeq).padStart(8, "0")}`;
    // Same `modified`, other content: the raw object says what the gateway sent.
    const at = (x: Version): FetchedTrade => ({ ...fetched(x), rawJson: JSON.stringify({ tid, v: x.v, status: x.status, flag: x.flag, detail: x.detail }) });
    const paid = { ...base(tid), flag: 1 };
    const partShipped = { ...paid, status: 2, shipped: true };
    await store(shopId, [at({ ...paid, detail: true })]);

    // A list response of the later content replaces the stored detail's version; its detail is owed again.
    expect(await store(shopId, [at(partShipped)])).toMatchObject({ updated: 1, unchanged: 0 });
    const shipped = await db().trade.findUniqueOrThrow({ where: { tid }, include: { orders: true } });
    expect(shipped).toMatchObject({ status: "WAIT_BUYER_CONFIRM_GOODS", source: "list", detailPending: true, detailModified: null, sellerMemo: "备注1" });
    expect(shipped.orders.every((o) => o.invoiceNo === `ZT${tid}`)).toBe(true);
    expect(await verifyRollups(sql, shopId)).toEqual([]);

    // Its detail arrives at the same `modified`: stored, and then nothing more to do.
    expect(await store(shopId, [at({ ...partShipped, detail: true })])).toMatchObject({ detailed: 1 });
    expect(await store(shopId, [at({ ...partShipped, detail: true }), at(partShipped)])).toMatchObject({ unchanged: 2 });

    // A forced detail after a second change in the same second (a flag cleared): written in full.
    expect(await store(shopId, [at({ ...partShipped, flag: 0, detail: true })])).toMatchObject({ updated: 1 });
    const row = await db().trade.findUniqueOrThrow({ where: { tid } });
    expect(row).toMatchObject({ sellerFlag: 0, source: "detail", detailPending: false, sellerMemo: null });
    expect(row.detailModified?.getTime()).toBe(row.modified.getTime());

    // Within one batch, the later of two fetches of the same `modified` wins.
    expect(await store(shopId, [at({ ...partShipped, status: 3 }), at({ ...partShipped, status: 4 })])).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await db().trade.findUniqueOrThrow({ where: { tid } })).status).toBe("TRADE_CLOSED");
    expect(await verifyRollups(sql, shopId)).toEqual([]);
  });

  it("holds the lease in the database: one holder, renewals, expiry, and fenced writes", async () => {
    const shopId = await newShop();
    expect(await acquireLease(sql, shopId, "A", 60_000)).toBe(true);
    expect(await acquireLease(sql, shopId, "B", 60_000)).toBe(false);
    expect(await renewLease(sql, shopId, "A", 60_000)).toBe(true);
    expect(await renewLease(sql, shopId, "B", 60_000)).toBe(false);
    // A's lease expires (it stopped renewing); B takes it.
    await releaseLease(sql, shopId, "nobody");
    expect(await acquireLease(sql, shopId, "A", 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(await acquireLease(sql, shopId, "B", 60_000)).toBe(true);
    expect(await renewLease(sql, shopId, "A", 60_000)).toBe(false);
    // A has not noticed yet and writes: the fence refuses, nothing is stored.
    const tid = `94${String(++tidSeq).padStart(8, "0")}`;
    await expect(store(shopId, [fetched(base(tid))], "A")).rejects.toBeInstanceOf(LeaseLostError);
    expect(await db().trade.count({ where: { shopId } })).toBe(0);
    expect(await store(shopId, [fetched(base(tid))], "B")).toMatchObject({ inserted: 1 });
    await releaseLease(sql, shopId, "B");
    expect(await acquireLease(sql, shopId, "A", 60_000)).toBe(true);
  });

  it("keeps every rollup equal to a direct aggregation over random histories (property)", async () => {
    // On the platform one `modified` is one content: every field derives from (tid, v); only
    // whether the answer came from a list or a detail varies.
    const hash = (str: string) => [...str].reduce((h, c) => (Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0), 2166136261);
    const versionOf = (tid: string, v: number, detail: boolean): Version => {
      let h = hash(`${tid}:${v}`);
      const pick = (n: number) => {
        h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
        return h % n;
      };
      return { tid, v, detail, status: pick(STATUSES.length), paid: pick(3) > 0, shipped: pick(2) === 1, refund: pick(REFUNDS.length), flag: pick(3), message: pick(2) === 1, lines: 1 + pick(3), buyer: pick(4), province: pick(4) };
    };
    const version = (tid: string) => fc.tuple(fc.integer({ min: 1, max: 6 }), fc.boolean()).map(([v, detail]) => versionOf(tid, v, detail));
    const history = fc
      .array(fc.integer({ min: 0, max: 999 }), { minLength: 3, maxLength: 12 })
      .chain((ids) => {
        const tids = [...new Set(ids)].map((i) => `95${String(++tidSeq).padStart(6, "0")}${String(i).padStart(3, "0")}`);
        return fc.array(fc.array(fc.oneof(...tids.map(version)), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 });
      });
    await fc.assert(
      fc.asyncProperty(history, async (batches) => {
        const shopId = await newShop();
        const latest = new Map<string, Version>();
        for (const batch of batches) {
          await store(shopId, batch.map(fetched));
          for (const x of batch) {
            const cur = latest.get(x.tid);
            if (!cur || x.v > cur.v) latest.set(x.tid, x);
          }
          expect(await verifyRollups(sql, shopId)).toEqual([]);
        }
        const rows = await db().trade.findMany({ where: { shopId }, select: { tid: true, modified: true, status: true } });
        expect(rows).toHaveLength(latest.size);
        for (const r of rows) {
          const x = latest.get(r.tid)!;
          expect(r.modified.getTime()).toBe(trade(x).modified.getTime());
          expect(r.status).toBe(STATUSES[x.status]);
        }
        const lines = [...latest.values()].reduce((s, x) => s + x.lines, 0);
        expect(await db().tradeOrder.count({ where: { shopId } })).toBe(lines);
        // A rebuild gives the same rollups.
        const before = await db().dailyRollup.findMany({ where: { shopId }, orderBy: { day: "asc" } });
        await rebuildRollups(sql, shopId);
        expect(await db().dailyRollup.findMany({ where: { shopId }, orderBy: { day: "asc" } })).toEqual(before);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
  it("keeps every rollup, buyer gaps included, equal to an aggregation of the raw rows written in TypeScript (property)", async () => {
    // Histories over many days: inserts, newer versions that move status, pay day, refunds and
    // buyer, and older versions that must change nothing.
    const version = (tid: string) =>
      fc
        .record({
          v: fc.integer({ min: 1, max: 8 }),
          status: fc.integer({ min: 0, max: STATUSES.length - 1 }),
          paid: fc.boolean(),
          shipped: fc.boolean(),
          refund: fc.integer({ min: 0, max: REFUNDS.length - 1 }),
          lines: fc.integer({ min: 1, max: 3 }),
          buyer: fc.integer({ min: 0, max: 5 }),
          province: fc.integer({ min: 0, max: 3 }),
          payDays: fc.integer({ min: 0, max: 6 }),
        })
        .map((r): Version => ({ ...r, tid, flag: 0, message: false, detail: false, createdDays: Number(tid.slice(-1)) % 4 }));
    const history = fc
      .array(fc.integer({ min: 0, max: 999 }), { minLength: 2, maxLength: 10 })
      .chain((ids) => {
        const tids = [...new Set(ids)].map((i) => `96${String(++tidSeq).padStart(6, "0")}${String(i).padStart(3, "0")}`);
        return fc.array(fc.array(fc.oneof(...tids.map(version)), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 });
      });
    await fc.assert(
      fc.asyncProperty(history, async (batches) => {
        const shopId = await newShop();
        for (const batch of batches) {
          await store(shopId, batch.map(fetched));
          const raw = await rawAggregation(shopId);
          const stored = await storedRollups(shopId);
          expect(stored.daily).toEqual(raw.daily);
          expect(stored.dims).toEqual(raw.dims);
          expect(stored.buyerDays).toEqual(raw.buyerDays);
          expect(stored.gaps).toEqual(raw.gaps);
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
