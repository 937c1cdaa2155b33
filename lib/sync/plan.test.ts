import { describe, expect, it } from "vitest";
import { formatTopTime, parseTopTime } from "@/lib/time";
import { dayRange, planBackfillDays } from "./backfill";
import { loadSyncConfig, SyncConfigError } from "./config";
import { digestLine, digestOf } from "./digest";
import { dayOf, RollupDelta, shipHoursKey, type RollupFacts } from "./rollups";

// Vitest runs with TZ=America/Los_Angeles: every day here must still be an Asia/Shanghai day.
describe("backfill plan", () => {
  it("covers the Shanghai days from three calendar months ago to today", () => {
    const t0 = parseTopTime("2026-11-28 00:30:00");
    const days = planBackfillDays(t0);
    expect(days[0]).toBe("2026-08-28");
    expect(days.at(-1)).toBe("2026-11-28");
    expect(new Set(days).size).toBe(days.length);
    expect(days).toHaveLength(93);
  });

  it("asks for whole Shanghai days, both ends inclusive, and never past the planning instant", () => {
    const t0 = parseTopTime("2026-11-28 09:15:42");
    const past = dayRange("2026-11-27", t0);
    expect(formatTopTime(past.start)).toBe("2026-11-27 00:00:00");
    expect(formatTopTime(past.end)).toBe("2026-11-27 23:59:59");
    const today = dayRange("2026-11-28", t0);
    expect(formatTopTime(today.start)).toBe("2026-11-28 00:00:00");
    expect(formatTopTime(today.end)).toBe("2026-11-28 09:15:42");
  });
});

describe("rollup contributions", () => {
  const facts = (o: Partial<RollupFacts> = {}): RollupFacts => ({
    status: "WAIT_SELLER_SEND_GOODS",
    created: parseTopTime("2026-11-27 23:50:00").getTime(),
    payTime: parseTopTime("2026-11-28 00:30:00").getTime(),
    consignTime: null,
    endTime: null,
    paymentFen: 19_999,
    buyerOpenUid: "AAE1",
    receiverState: "浙江省",
    itemCount: 2,
    refunding: false,
    lines: [{ numIid: "600", skuId: null, num: 2, paymentFen: 19_999, refundStatus: "NO_REFUND", endTime: null }],
    ...o,
  });

  it("buckets by Asia/Shanghai day whatever the host's zone (00:30 Beijing is that day)", () => {
    expect(dayOf(parseTopTime("2026-11-28 00:30:00").getTime())).toBe("2026-11-28");
    expect(dayOf(parseTopTime("2026-11-27 23:59:59").getTime())).toBe("2026-11-27");
    const d = new RollupDelta();
    d.add(facts(), 1);
    expect(d.daily.get("2026-11-27")?.createdTrades).toBe(1);
    expect(d.daily.get("2026-11-28")).toMatchObject({ paidTrades: 1, gmvFen: 19_999, itemsSold: 2 });
    expect(d.dims.get("hour\u00002026-11-28\u000000")).toMatchObject({ trades: 1, gmvFen: 19_999 });
  });

  it("a version replaced by itself contributes nothing; a change moves exactly the difference", () => {
    const same = new RollupDelta();
    same.add(facts(), 1);
    same.add(facts(), -1);
    for (const v of same.daily.values()) expect(Object.values(v).every((x) => x === 0)).toBe(true);
    for (const v of same.dims.values()) expect([v.trades, v.quantity, v.gmvFen]).toEqual([0, 0, 0]);

    const shipped = new RollupDelta();
    shipped.add(facts(), -1);
    shipped.add(facts({ status: "WAIT_BUYER_CONFIRM_GOODS", consignTime: parseTopTime("2026-11-29 10:30:00").getTime() }), 1);
    expect(shipped.daily.get("2026-11-28")).toMatchObject({ paidTrades: 0, gmvFen: 0, consignedTrades: 1, consignSeconds: 34 * 3600 });
    expect(shipped.dims.get("status\u00002026-11-27\u0000WAIT_SELLER_SEND_GOODS")?.trades).toBe(-1);
    expect(shipped.dims.get("status\u00002026-11-27\u0000WAIT_BUYER_CONFIRM_GOODS")?.trades).toBe(1);
    expect(shipped.dims.get("shipHours\u00002026-11-28\u0000034")?.trades).toBe(1);
  });

  it("counts a successful refund on the line's end day, and unpaid trades nowhere but their creation day", () => {
    const d = new RollupDelta();
    d.add(facts({ status: "TRADE_CLOSED", lines: [{ numIid: "600", skuId: null, num: 2, paymentFen: 19_999, refundStatus: "SUCCESS", endTime: parseTopTime("2026-12-01 08:00:00").getTime() }] }), 1);
    expect(d.daily.get("2026-12-01")).toMatchObject({ refundLines: 1, refundFen: 19_999 });
    const unpaid = new RollupDelta();
    unpaid.add(facts({ status: "WAIT_BUYER_PAY", payTime: null }), 1);
    expect([...unpaid.daily.keys()]).toEqual(["2026-11-27"]);
    expect(unpaid.buyers.size).toBe(0);
  });

  it("caps the shipping-time histogram at 168 hours", () => {
    expect(shipHoursKey(0, 3_599_999)).toBe("000");
    expect(shipHoursKey(0, 3_600_000)).toBe("001");
    expect(shipHoursKey(0, 400 * 3_600_000)).toBe("168");
  });
});

describe("digest", () => {
  it("is the sandbox's rule: sorted tid|status|modified|payment lines, SHA-256", () => {
    const lines = [digestLine("2", "TRADE_FINISHED", parseTopTime("2026-11-28 09:00:00").getTime(), 7600), digestLine("10", "WAIT_BUYER_PAY", parseTopTime("2026-11-28 09:00:01").getTime(), 5)];
    expect(lines).toEqual(["2|TRADE_FINISHED|2026-11-28 09:00:00|76.00", "10|WAIT_BUYER_PAY|2026-11-28 09:00:01|0.05"]);
    // Sorted as strings ("10…" before "2…"), as the sandbox's Array.prototype.sort does.
    expect(digestOf([...lines])).toBe(digestOf([lines[1]!, lines[0]!]));
    expect(digestOf([])).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe("sync configuration", () => {
  it("has defaults that follow the official practice", () => {
    expect(loadSyncConfig({})).toMatchObject({ intervalMs: 60_000, windowMs: 30 * 60_000, overlapMs: 10 * 60_000, leaseTtlMs: 60_000 });
  });

  it("names every bad variable", () => {
    expect(() => loadSyncConfig({ SYNC_WINDOW_MINUTES: "abc", SYNC_LEASE_TTL_SECONDS: "0" })).toThrow(/SYNC_WINDOW_MINUTES[\s\S]*SYNC_LEASE_TTL_SECONDS|SYNC_LEASE_TTL_SECONDS[\s\S]*SYNC_WINDOW_MINUTES/);
    expect(() => loadSyncConfig({ SYNC_WINDOW_MINUTES: "10", SYNC_WINDOW_OVERLAP_MINUTES: "10" })).toThrow(SyncConfigError);
  });
});
