import { describe, expect, it } from "vitest";
import { amountRangeError, dayRangeError, hasFilters, parseOrderFilters, SEARCH_MAX, secondaryCount, serializeOrderParams } from "./filters";
import { dateRangeOf } from "./range";

describe("the orders URL filters", () => {
  it("parses a full, valid URL", () => {
    const { params, notices } = parseOrderFilters(
      { tab: "waitShip", q: " 绿檀 ", df: "paid", range: "custom", from: "2026-11-01", to: "2026-11-30", refund: "WAIT_SELLER_AGREE", flag: "1", msg: "true", type: "fixed", ship: "express", prov: "浙江省", min: "10.5", max: "199.99", shop: "s1", sort: "payment", dir: "asc", page: "3", size: "50" },
      ["s1"],
    );
    expect(notices).toEqual([]);
    expect(params).toMatchObject({ tab: "waitShip", q: "绿檀", df: "paid", range: "custom", from: "2026-11-01", to: "2026-11-30", refund: "WAIT_SELLER_AGREE", flag: 1, msg: true, type: "fixed", ship: "express", prov: "浙江省", min: 1050, max: 19999, shop: "s1", sort: "payment", dir: "asc", page: 3, size: 50 });
  });

  it("gives the defaults for an empty URL, without notices", () => {
    const { params, notices } = parseOrderFilters({});
    expect(notices).toEqual([]);
    expect(params).toMatchObject({ tab: "all", q: "", df: "created", range: null, sort: "created", dir: "desc", page: 1, size: 20, flag: null, min: null });
  });

  it("rejects unknown enum values with a notice per field", () => {
    const { params, notices } = parseOrderFilters({ tab: "TRADE_HACKED", refund: "NOPE", flag: "9", type: "x", ship: "rocket", sort: "price", dir: "up", size: "1000", df: "shipped", range: "forever" });
    expect(notices.sort()).toEqual(["df", "dir", "flag", "range", "refund", "ship", "size", "sort", "tab", "type"]);
    expect(params).toMatchObject({ tab: "all", refund: null, flag: null, type: null, ship: null, sort: "created", dir: "desc", size: 20, df: "created", range: null });
  });

  it("rejects malformed and impossible dates, and from after to", () => {
    expect(parseOrderFilters({ range: "custom", from: "2026-02-30", to: "2026-13-01" }).notices).toEqual(expect.arrayContaining(["from", "to", "customNeedsDays"]));
    expect(parseOrderFilters({ range: "custom", from: "2026/11/01" }).notices).toContain("from");
    const r = parseOrderFilters({ range: "custom", from: "2026-11-30", to: "2026-11-01" });
    expect(r.notices).toContain("fromAfterTo");
    expect(r.params.range).toBeNull();
  });

  it("ignores from/to unless the range is custom", () => {
    expect(parseOrderFilters({ range: "last7", from: "2026-11-01" }).params.from).toBeNull();
  });

  it("handles absurd pages: 10^9 passes (the query clamps it), junk and zero become page 1", () => {
    expect(parseOrderFilters({ page: "1000000000" }).params.page).toBe(1_000_000_000);
    for (const page of ["0", "-3", "abc", "1e9", "99999999999999999999"]) {
      const r = parseOrderFilters({ page });
      expect(r.params.page).toBe(1);
      expect(r.notices).toContain("page");
    }
  });

  it("drops a search longer than the limit and keeps SQL or HTML as plain text", () => {
    const long = parseOrderFilters({ q: "a".repeat(5000) });
    expect(long.notices).toContain("q");
    expect(long.params.q).toBe("");
    expect(parseOrderFilters({ q: "a".repeat(SEARCH_MAX) }).notices).toEqual([]);
    const sql = parseOrderFilters({ q: "'; DROP TABLE \"Trade\"; --", tab: "all' OR 1=1 --" });
    expect(sql.params.q).toBe("'; DROP TABLE \"Trade\"; --");
    expect(sql.notices).toEqual(["tab"]);
    expect(parseOrderFilters({ q: "<script>alert(1)</script>" }).params.q).toBe("<script>alert(1)</script>");
  });

  it("parses yuan exactly and rejects bad amounts and min above max", () => {
    expect(parseOrderFilters({ min: "0.1", max: "0.29" }).params).toMatchObject({ min: 10, max: 29 });
    expect(parseOrderFilters({ min: "1.234" }).notices).toContain("min");
    expect(parseOrderFilters({ max: "-5" }).notices).toContain("max");
    expect(parseOrderFilters({ min: "abc" }).notices).toContain("min");
    expect(parseOrderFilters({ min: "99999999999" }).notices).toContain("min");
    const r = parseOrderFilters({ min: "200", max: "100" });
    expect(r.notices).toContain("minAboveMax");
    expect(r.params).toMatchObject({ min: null, max: null });
  });

  it("accepts up to 100 numeric tids from a phone look-up", () => {
    expect(parseOrderFilters({ ids: "3796207345637527441,3796207345637527442" }).params.ids).toEqual(["3796207345637527441", "3796207345637527442"]);
    expect(parseOrderFilters({ ids: "1,<b>" }).notices).toEqual(["ids"]);
    expect(parseOrderFilters({ ids: Array.from({ length: 101 }, (_, i) => String(1e9 + i)).join(",") }).notices).toEqual(["ids"]);
  });

  it("accepts only the viewer's own shops", () => {
    expect(parseOrderFilters({ shop: "other" }, ["mine"]).notices).toEqual(["shop"]);
    expect(parseOrderFilters({ shop: "mine" }, ["mine"]).params.shop).toBe("mine");
  });

  it("serializes back to the same URL, leaving defaults out", () => {
    const { params } = parseOrderFilters({ tab: "waitShip", min: "10.5", page: "2" });
    const url = serializeOrderParams("/orders", params);
    expect(url).toBe("/orders?tab=waitShip&min=10.50&page=2");
    expect(serializeOrderParams({ ...params, tab: "all", min: null, page: 1 })).toBe("");
  });

  it("maps date presets to Asia/Shanghai days whatever the host zone", () => {
    // 2026-11-28 00:30 in Shanghai = 2026-11-27 16:30 UTC (the test host runs in Los Angeles).
    const now = new Date(Date.UTC(2026, 10, 27, 16, 30));
    expect(dateRangeOf({ range: "today", from: null, to: null }, now)).toEqual({ start: new Date(Date.UTC(2026, 10, 27, 16)), end: new Date(Date.UTC(2026, 10, 28, 16)) });
    expect(dateRangeOf({ range: "custom", from: "2026-11-01", to: "2026-11-01" }, now)).toEqual({ start: new Date(Date.UTC(2026, 9, 31, 16)), end: new Date(Date.UTC(2026, 10, 1, 16)) });
    expect(dateRangeOf({ range: null, from: null, to: null }, now)).toBeNull();
  });

  it("the form and the URL refuse the same inverted pairs (issue 19 item 9)", () => {
    expect(amountRangeError(20000, 10000)).toBe("minAboveMax");
    expect(amountRangeError(10000, 10000)).toBeNull();
    expect(amountRangeError(null, 100)).toBeNull();
    expect(amountRangeError(100, null)).toBeNull();
    expect(dayRangeError("2026-11-30", "2026-11-01")).toBe("fromAfterTo");
    expect(dayRangeError("2026-11-01", "2026-11-01")).toBeNull();
    expect(dayRangeError("2026-11-30", null)).toBeNull();
    // The URL parser applies exactly these: a pair the form would accept is never a notice.
    for (const [min, max] of [["1", "2"], ["2", "2"], ["3", "2"]] as const) {
      const inverted = amountRangeError(Number(min) * 100, Number(max) * 100) !== null;
      expect(parseOrderFilters({ min, max }).notices.includes("minAboveMax")).toBe(inverted);
    }
  });

  it("a phone look-up's masked number: accepted masked only, dropped with rejected tids (issue 19 item 6)", () => {
    const none = parseOrderFilters({ phone: "138****5678" });
    expect(none.notices).toEqual([]);
    expect(none.params).toMatchObject({ phone: "138****5678", ids: null });
    expect(hasFilters(none.params)).toBe(true);
    for (const phone of ["13812345678", "138****567", "abc", "<b>"]) {
      const r = parseOrderFilters({ phone });
      expect(r.notices).toEqual(["phone"]);
      expect(r.params.phone).toBeNull();
    }
    const badIds = parseOrderFilters({ phone: "138****5678", ids: "x" });
    expect(badIds.notices).toEqual(["ids"]);
    expect(badIds.params.phone).toBeNull();
    expect(serializeOrderParams("/orders", parseOrderFilters({ phone: "138****5678", ids: "3796207345637527441" }).params)).toBe("/orders?ids=3796207345637527441&phone=138****5678");
  });

  it("counts the less-used filters set behind 更多筛选 (the amount range once, the shop only with several)", () => {
    expect(secondaryCount(parseOrderFilters({ range: "last7", q: "梳子", sort: "payment" }).params, false)).toBe(0);
    const p = parseOrderFilters({ refund: "SUCCESS", flag: "0", msg: "false", type: "fixed", ship: "express", prov: "浙江省", min: "1", max: "2", shop: "s2" }, ["s1", "s2"]).params;
    expect(secondaryCount(p, true)).toBe(8);
    expect(secondaryCount(p, false)).toBe(7);
    expect(secondaryCount(parseOrderFilters({ max: "2" }).params, false)).toBe(1);
  });
});
