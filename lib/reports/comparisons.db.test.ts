/**
 * The reports' comparisons never make up numbers: a compared period the cache does not fully
 * hold (lib/reports/coverage.ts) gets no figure, not a 0 and not a +22762.83 %; 今天 is compared
 * with yesterday up to the same minute (lib/reports/same-time.ts), for every KPI and the trend.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { genTrades, newTestShop, testViewer, writeTrades } from "@/lib/orders/testing";
import { closeSyncSql } from "@/lib/sync/sql";
import type { TopTrade } from "@/lib/top";
import { parseShanghaiDay, presetRange } from "@/lib/time";
import { kpiReport, trendReport } from "./queries";
import { kpiTable, trendTable, type Translate } from "./tables";
import { recordBackfill } from "./testing";

afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

const t: Translate = (key, values) => (values ? `${key} ${JSON.stringify(values)}` : key);
/** An instant of a day, Asia/Shanghai wall time. */
const at = (day: string, hhmm: string) => new Date(parseShanghaiDay(day).getTime() + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000);

/** One paid trade of one line: paid at `pay`, optionally shipped and refunded at given instants. */
function trade(base: TopTrade, pay: Date, fen: number, opts: { ship?: Date; refund?: Date; buyer?: string } = {}): TopTrade {
  const line = { ...base.orders[0]!, num: 1, paymentFen: fen, totalFeeFen: fen, priceFen: fen, refundStatus: opts.refund ? ("SUCCESS" as const) : ("NO_REFUND" as const), endTime: opts.refund ?? null, status: "TRADE_FINISHED" as const };
  const last = Math.max(pay.getTime(), opts.ship?.getTime() ?? 0, opts.refund?.getTime() ?? 0);
  return { ...base, status: "TRADE_FINISHED", created: new Date(pay.getTime() - 60_000), modified: new Date(last + 1000), payTime: pay, consignTime: opts.ship ?? null, endTime: null, paymentFen: fen, buyerOpenUid: opts.buyer ?? `B-${base.tid}`, orders: [line] };
}

describe(`report comparisons on ${inject("databaseProvider")}`, () => {
  it("compare only with fully covered periods: before the sync start there is no comparison, and no figure is read", async () => {
    const shop = await newTestShop("对比覆盖店");
    const now = at("2026-12-06", "12:00");
    await recordBackfill(shop, { from: "2026-09-03", t0: at("2026-12-03", "10:00") });
    const base = genTrades({ n: 30, seed: 3, end: now, days: 1, tidPrefix: "57" });
    // Trades inside coverage, and stray ones the incremental sync stored from before it (modified later): never a comparison base.
    const trades = [
      ...base.slice(0, 10).map((b, i) => trade(b, at("2026-11-20", `1${i % 10}:00`), 10_000 + i)),
      ...base.slice(10, 13).map((b, i) => trade(b, at("2026-08-20", `1${i}:00`), 5_000)),
      ...base.slice(13, 16).map((b, i) => trade(b, at("2025-11-20", `1${i}:00`), 7_000)),
    ];
    await writeTrades(shop, trades);
    const viewer = testViewer(shop, "OWNER");
    const q = { range: presetRange("last90", now), granularity: "day" as const, now };
    const k = await kpiReport(viewer, q);
    expect(k.periods.current).toEqual({ from: "2026-09-08", to: "2026-12-06" });
    expect(k.coverage.current.status).toBe("full");
    expect(k.coverage.previous).toMatchObject({ status: "partial", from: "2026-09-06" });
    expect(k.coverage.lastYear).toMatchObject({ status: "none", from: "2026-09-06" });
    expect(k.current.gmvFen).toBe(BigInt(10 * 10_000 + 45));
    // The strays of 2026-08-20 and 2025-11-20 are in the cache but are not read as a base.
    expect([k.previous.gmvFen, k.lastYear.gmvFen]).toEqual([0n, 0n]);
    const table = kpiTable(k, t);
    const gmv = table.rows[0]!;
    expect(gmv.slice(2).map((c) => [c.unknown ?? false, c.text])).toEqual(Array(6).fill([true, `coverage.noBaseBefore {"from":"2026-09-06"}`]));
    expect(table.notes).toEqual([]);

    // A range entirely before the coverage: no figure at all; one that straddles its start: marked.
    const early = await kpiReport(viewer, { range: { start: parseShanghaiDay("2025-01-01"), end: parseShanghaiDay("2025-03-01") }, granularity: "day", now });
    expect(early.coverage.current.status).toBe("none");
    expect(kpiTable(early, t).rows.every((r) => r.slice(1).every((c) => c.unknown))).toBe(true);
    expect(kpiTable(early, t).notes).toEqual([`coverage.noneBefore {"from":"2026-09-06"}`]);
    const straddle = { range: { start: parseShanghaiDay("2026-08-01"), end: parseShanghaiDay("2026-12-01") }, granularity: "month" as const, now };
    const s = await kpiReport(viewer, straddle);
    expect(s.coverage.current).toMatchObject({ status: "partial", from: "2026-09-06" });
    expect(kpiTable(s, t).notes).toEqual([`coverage.partialBefore {"from":"2026-09-06"}`]);
    const trend = await trendReport(viewer, straddle);
    expect(trend.buckets.map((b) => [b.current.from, b.curCoverage, b.prev === null])).toEqual([
      ["2026-08-01", "none", true],
      ["2026-09-01", "partial", true],
      ["2026-10-01", "full", true],
      ["2026-11-01", "full", true],
    ]);
    const rows = trendTable(trend, t).rows;
    expect(rows[0]!.slice(1, 3).every((c) => c.unknown)).toBe(true);
    expect(rows[1]![0]!.text).toBe(`coverage.partialMark {"label":"2026-09"}`);
    expect(rows[3]![1]).toMatchObject({ text: "¥1,000.45", csv: "1000.45", value: 1000.45 });
    expect(rows.every((r) => r[4]!.unknown && r[5]!.unknown)).toBe(true);
  });

  it("今天 compares with yesterday up to the same minute (GMV, orders, buyers, refunds, shipping) and says so", async () => {
    const shop = await newTestShop("同时段店");
    const today = "2026-12-06";
    const now = at(today, "14:30");
    await recordBackfill(shop, { from: "2026-09-03", t0: at("2026-12-03", "10:00") });
    const base = genTrades({ n: 20, seed: 5, end: now, days: 1, tidPrefix: "58" });
    const y = "2026-12-05";
    const trades = [
      // Yesterday before 14:30: counted.
      trade(base[0]!, at(y, "09:00"), 10_000, { ship: at(y, "12:00"), buyer: "B1" }),
      trade(base[1]!, at(y, "13:00"), 20_000, { refund: at(y, "14:00"), buyer: "B1" }),
      trade(base[2]!, at(y, "14:29"), 30_000, { ship: at(y, "18:00"), buyer: "B2" }),
      // Yesterday after 14:30: not.
      trade(base[3]!, at(y, "14:31"), 40_000, { buyer: "B3" }),
      trade(base[4]!, at(y, "20:00"), 50_000, { buyer: "B4" }),
      // Paid the day before, refunded yesterday morning (counted) and evening (not).
      trade(base[5]!, at("2026-12-04", "10:00"), 6_000, { refund: at(y, "08:00") }),
      trade(base[6]!, at("2026-12-04", "11:00"), 7_000, { refund: at(y, "21:00") }),
      // Today.
      trade(base[7]!, at(today, "10:00"), 12_345, { ship: at(today, "13:00"), buyer: "B1" }),
    ];
    await writeTrades(shop, trades);
    const viewer = testViewer(shop, "OWNER");
    const q = { range: presetRange("today", now), granularity: "day" as const, now };
    const k = await kpiReport(viewer, q);
    expect(k.sameTime).toEqual({ until: "14:30" });
    expect(k.current).toMatchObject({ gmvFen: 12_345n, paidTrades: 1 });
    expect(k.previous).toMatchObject({ gmvFen: 60_000n, paidTrades: 3, distinctBuyers: 2, refundFen: 26_000n, refundLines: 2, consignedTrades: 1, consignSeconds: 3n * 3600n, medianShipHour: 3 });
    const table = kpiTable(k, t);
    expect(table.columns[3]).toBe("kpi.vsYesterdaySameTime table.delta");
    expect(table.columns[2]).toContain(`table.until {"time":"14:30"}`);
    // Δ% GMV = (123.45 − 600) / 600 = −79.43 %, as a number in the export.
    expect(table.rows[0]![4]).toMatchObject({ text: "-79.43%", csv: "-79.43", value: -79.43 });
    expect(table.rows[0]![3]).toMatchObject({ text: "-¥476.55", csv: "-476.55" });
    // The same in the trend's one bucket.
    const trend = await trendReport(viewer, q);
    expect(trend.sameTime).toEqual({ until: "14:30" });
    expect(trend.buckets.map((b) => [b.cur.gmvFen, b.prev?.gmvFen, b.prev?.paidTrades])).toEqual([[12_345n, 60_000n, 3]]);
    // Yesterday is a whole day: no cut.
    const yesterday = await kpiReport(viewer, { range: presetRange("yesterday", now), granularity: "day", now });
    expect(yesterday.sameTime).toBeNull();
    expect(yesterday.current.gmvFen).toBe(150_000n);
  });
});
