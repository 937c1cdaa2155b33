/**
 * Coverage from the sync's own records (lib/reports/coverage.ts): from the first stored backfill
 * day on, gaps and unfetched days as holes, the incremental days after t0 covered, pay-time
 * reports three days later, and all-shop reports by each shop's own coverage.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { newTestShop } from "@/lib/orders/testing";
import { closeSyncSql } from "@/lib/sync/sql";
import { parseShanghaiDay } from "@/lib/time";
import { coveredFrom, dayCovered, loadCoverage, periodCoverage } from "./coverage";
import { recordBackfill } from "./testing";

afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

const T0 = new Date(parseShanghaiDay("2026-12-03").getTime() + 10 * 3_600_000);

describe(`report coverage on ${inject("databaseProvider")}`, () => {
  it("starts at the first stored backfill day; gaps and unfetched days are holes; days after t0 are the incremental sync's", async () => {
    const shop = await newTestShop("覆盖店");
    // The backfill's first day left the window unfetched (a gap before any stored day: coverage starts after it).
    await recordBackfill(shop, { from: "2026-09-02", t0: T0, gaps: ["2026-09-02", "2026-10-10"], pending: ["2026-11-20"] });
    const [c] = await loadCoverage([shop]);
    expect(c).toMatchObject({ shopId: shop, createdFrom: "2026-09-03", planEnd: "2026-12-03", holes: ["2026-10-10", "2026-11-20"], gaps: ["2026-09-02", "2026-10-10"], growing: true });
    expect(dayCovered(c!, "2026-09-02", "created")).toBe(false);
    expect(dayCovered(c!, "2026-09-03", "created")).toBe(true);
    expect(dayCovered(c!, "2026-10-10", "created")).toBe(false);
    expect(dayCovered(c!, "2026-12-05", "created")).toBe(true);
    // By pay time: three days later, and the three days after a hole are holes too.
    expect(coveredFrom(c!, "paid")).toBe("2026-09-06");
    expect(dayCovered(c!, "2026-09-05", "paid")).toBe(false);
    expect(dayCovered(c!, "2026-09-06", "paid")).toBe(true);
    expect(["2026-10-10", "2026-10-11", "2026-10-12", "2026-10-13", "2026-10-14"].map((d) => dayCovered(c!, d, "paid"))).toEqual([false, false, false, false, true]);

    expect(periodCoverage([c!], { from: "2026-11-01", to: "2026-11-10" }, "paid")).toEqual({ status: "full", from: "2026-09-06", holes: [], growing: true });
    expect(periodCoverage([c!], { from: "2025-01-01", to: "2025-03-01" }, "paid")).toMatchObject({ status: "none", from: "2026-09-06" });
    expect(periodCoverage([c!], { from: "2026-09-01", to: "2026-09-30" }, "paid")).toMatchObject({ status: "partial", from: "2026-09-06", holes: [] });
    expect(periodCoverage([c!], { from: "2026-11-18", to: "2026-11-21" }, "created")).toMatchObject({ status: "partial", holes: ["2026-11-20"] });
  });

  it("a finished backfill is not growing; a shop without any backfill covers nothing; all shops take each shop's own coverage", async () => {
    const a = await newTestShop("覆盖甲");
    const b = await newTestShop("覆盖乙");
    const none = await newTestShop("未同步店");
    await recordBackfill(a, { from: "2026-09-03", t0: T0 });
    await recordBackfill(b, { from: "2026-10-01", t0: T0 });
    const [ca, cb, cn] = await loadCoverage([a, b, none]);
    expect(ca).toMatchObject({ createdFrom: "2026-09-03", holes: [], growing: false });
    expect(cn).toMatchObject({ createdFrom: null, planEnd: null, growing: false });
    expect(periodCoverage([cn!], { from: "2026-11-01", to: "2026-11-30" }, "paid")).toMatchObject({ status: "none", from: null });
    // Together: full only where both are; the start is the later shop's.
    expect(periodCoverage([ca!, cb!], { from: "2026-09-20", to: "2026-10-20" }, "paid")).toMatchObject({ status: "partial", from: "2026-10-04" });
    expect(periodCoverage([ca!, cb!], { from: "2026-10-04", to: "2026-12-06" }, "paid")).toMatchObject({ status: "full", from: "2026-10-04" });
    expect(periodCoverage([ca!, cn!], { from: "2026-10-04", to: "2026-10-05" }, "paid")).toMatchObject({ status: "partial", from: null });
  });
});
