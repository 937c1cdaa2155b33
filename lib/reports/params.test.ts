/**
 * The reports' URL parameters (issue 18, item 7): a bad date is a translated error key, never an
 * exception (`to=abc`, `2026-02-30` and `0001-01-01` used to throw from inside the validation, so
 * /reports and /api/reports/* answered 500).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rawParams } from "@/test/fuzz";
import { dayBounds, GRANULARITIES, parseReportParams, rangeOf, REPORT_PRESETS } from "./params";

describe("parseReportParams", () => {
  it.each([
    [{ preset: "custom", from: "2026-11-01", to: "abc" }, ["day"]],
    [{ preset: "custom", from: "2026-02-30", to: "2026-03-01" }, ["day"]],
    [{ preset: "custom", from: "2026-01-01", to: "2026-02-30" }, ["day"]],
    [{ preset: "custom", from: "0001-01-01", to: "2026-01-01" }, ["dayRange"]],
    [{ preset: "custom", from: "0001-01-01", to: "0001-01-05" }, ["dayRange"]],
    [{ preset: "custom", from: "0000-01-01", to: "0000-01-01" }, ["dayRange"]],
    [{ preset: "custom", from: "9999-12-31", to: "9999-12-31" }, ["dayRange"]],
    [{ preset: "custom", from: "2026-13-01", to: "2026-11-30" }, ["day"]],
    [{ preset: "custom", from: ["2026-11-01", "2026-11-02"], to: "2026-11-30" }, ["day"]],
    [{ preset: "custom", from: "2026-11-30", to: "2026-11-01" }, ["fromAfterTo"]],
    [{ preset: "custom", from: "2020-01-01", to: "2026-11-01" }, ["rangeTooLong"]],
    [{ preset: "custom", to: "2026-11-01" }, ["customNeedsDays"]],
    [{ preset: "someday" }, ["preset"]],
    [{ granularity: "hour" }, ["granularity"]],
    [{ shop: "x\u0000y" }, ["shop"]],
    [{ to: "\u0000" }, ["day"]],
  ] as const)("%j → %j", (raw, errors) => {
    expect(parseReportParams(raw as Record<string, string | string[]>)).toEqual({ ok: false, errors });
  });

  it("accepts real days from 2000 to 2100, leap days included", () => {
    for (const [from, to] of [["2024-02-29", "2024-03-01"], ["2000-01-01", "2000-01-31"], ["2100-12-01", "2100-12-31"], ["2026-11-28", "2026-11-28"]]) {
      const r = parseReportParams({ preset: "custom", from, to });
      expect(r, `${from} ${to}`).toMatchObject({ ok: true });
      if (r.ok) expect(dayBounds(rangeOf(r.params))).toEqual({ from, to });
    }
    expect(parseReportParams({ preset: "custom", from: "2025-02-29", to: "2025-03-01" })).toEqual({ ok: false, errors: ["day"] });
  });

  it("property: any params either parse to a range that computes, or name their problems; nothing throws", () => {
    const now = new Date(Date.UTC(2026, 10, 28, 4));
    const days = ["2026-11-01", "2026-11-28", "2024-02-29", "2000-01-01", "2100-12-31"];
    fc.assert(
      fc.property(rawParams({ preset: REPORT_PRESETS, from: days, to: days, granularity: GRANULARITIES, shop: ["all", "c1a2b3", "shop_1"] }), (raw) => {
        const r = parseReportParams(raw);
        if (r.ok) {
          const range = rangeOf(r.params, now);
          expect(range.end.getTime()).toBeGreaterThan(range.start.getTime());
          dayBounds(range);
        } else expect(r.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000, seed: 1807 },
    );
  });
});
