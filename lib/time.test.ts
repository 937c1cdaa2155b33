import { TZDate } from "@date-fns/tz";
import { addDays, startOfDay, startOfWeek } from "date-fns";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  TimeFormatError,
  addShanghaiDays,
  formatShanghai,
  formatTopTime,
  parseShanghaiDay,
  parseTopTime,
  presetRange,
  previousRange,
  sameRangeLastYear,
  shanghaiBucket,
  shanghaiBuckets,
  shanghaiDayKey,
  startOfShanghaiDay,
  startOfShanghaiMonth,
  startOfShanghaiWeek,
} from "./time";

const ZONES = ["America/Los_Angeles", "UTC", "Asia/Shanghai", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London"];
const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

/** Runs the body once under each host time zone: results must not depend on it. */
function inEveryZone(body: () => void) {
  for (const zone of ZONES) {
    process.env.TZ = zone;
    body();
  }
}

// Instants between 1992 (China's last DST ended 1991) and 2100.
const instant = fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(Math.floor(ms / 1000) * 1000));

describe("TOP time strings (GMT+8)", () => {
  it("parses a GMT+8 wall time into the right UTC instant under every host zone", () => {
    inEveryZone(() => {
      expect(parseTopTime("2026-11-28 00:30:00").toISOString()).toBe("2026-11-27T16:30:00.000Z");
      expect(parseTopTime("2014-01-15 21:40:01").toISOString()).toBe("2014-01-15T13:40:01.000Z");
    });
  });

  it("formats an instant as GMT+8 under every host zone", () => {
    inEveryZone(() => {
      expect(formatTopTime(new Date("2026-11-27T16:30:00Z"))).toBe("2026-11-28 00:30:00");
      expect(formatTopTime(new Date("2026-03-08T10:00:00.999Z"))).toBe("2026-03-08 18:00:00");
    });
  });

  it("round-trips every instant (whole seconds)", () => {
    fc.assert(fc.property(instant, (d) => parseTopTime(formatTopTime(d)).getTime() === d.getTime()));
  });

  it("round-trips every well-formed string", () => {
    fc.assert(fc.property(instant, (d) => {
      const s = formatTopTime(d);
      return formatTopTime(parseTopTime(s)) === s;
    }));
  });

  it.each(["", "2026-11-28", "2026-11-28T00:00:00", "2026-11-28 24:00:00", "2026-02-30 10:00:00", "2026-13-01 00:00:00", " 2026-11-28 00:00:00", "2026-11-28 00:00:00+08:00", "２０２６-11-28 00:00:00"])(
    "rejects %j with a clear error",
    (s) => {
      expect(() => parseTopTime(s)).toThrow(TimeFormatError);
      expect(() => parseTopTime(s)).toThrow(/expected yyyy-MM-dd HH:mm:ss/);
    },
  );

  it("rejects an invalid Date", () => {
    expect(() => formatTopTime(new Date(Number.NaN))).toThrow(TimeFormatError);
  });
});

describe("Asia/Shanghai calendar", () => {
  it("puts 00:30 Beijing time on its own Beijing day, whatever the host zone", () => {
    inEveryZone(() => {
      const t = parseTopTime("2026-11-28 00:30:00");
      expect(shanghaiDayKey(t)).toBe("2026-11-28");
      expect(formatTopTime(startOfShanghaiDay(t))).toBe("2026-11-28 00:00:00");
    });
  });

  it("day keys parse back to the start of the day", () => {
    fc.assert(fc.property(instant, (d) => parseShanghaiDay(shanghaiDayKey(d)).getTime() === startOfShanghaiDay(d).getTime()));
    expect(() => parseShanghaiDay("2026-02-29")).toThrow(TimeFormatError);
  });

  it("every instant lies in its day, week and month bucket, and buckets start at Beijing midnight", () => {
    inEveryZone(() => {
      fc.assert(
        fc.property(instant, fc.constantFrom("day", "week", "month") as fc.Arbitrary<"day" | "week" | "month">, (d, g) => {
          const b = shanghaiBucket(d, g);
          return b.start <= d && d < b.end && formatTopTime(b.start).endsWith("00:00:00") && formatTopTime(b.end).endsWith("00:00:00");
        }),
        { numRuns: 200 },
      );
    });
  });

  it("weeks start on Monday and months on the 1st", () => {
    const sunday = parseTopTime("2026-11-29 23:59:59");
    expect(formatTopTime(startOfShanghaiWeek(sunday))).toBe("2026-11-23 00:00:00");
    expect(formatTopTime(startOfShanghaiMonth(sunday))).toBe("2026-11-01 00:00:00");
    expect(formatTopTime(shanghaiBucket(parseTopTime("2028-02-10 12:00:00"), "month").end)).toBe("2028-03-01 00:00:00");
  });

  it("day and week arithmetic equals @date-fns/tz's calendar, DST years included", () => {
    // The fast fixed-offset paths (from 1992) and the library fallback (before) against the library itself.
    const any = fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(ms));
    const tz = (d: Date) => new TZDate(d.getTime(), "Asia/Shanghai");
    inEveryZone(() => {
      fc.assert(
        fc.property(any, fc.integer({ min: -800, max: 800 }), (d, n) => {
          expect(startOfShanghaiDay(d).getTime()).toBe(startOfDay(tz(d)).getTime());
          expect(startOfShanghaiWeek(d).getTime()).toBe(startOfWeek(tz(d), { weekStartsOn: 1 }).getTime());
          expect(addShanghaiDays(d, n).getTime()).toBe(addDays(tz(d), n).getTime());
        }),
        { numRuns: 300 },
      );
    });
  });

  it("buckets tile a range without gaps or overlaps", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 400 }), fc.constantFrom("day", "week", "month") as fc.Arbitrary<"day" | "week" | "month">, (start, days, g) => {
        const range = { start, end: addShanghaiDays(start, days) };
        const buckets = shanghaiBuckets(range, g);
        if (buckets.length === 0) return false;
        for (let i = 1; i < buckets.length; i++) if (buckets[i]!.start.getTime() !== buckets[i - 1]!.end.getTime()) return false;
        return buckets[0]!.start <= range.start && buckets.at(-1)!.end >= range.end;
      }),
      { numRuns: 100 },
    );
  });
});

describe("date presets", () => {
  const now = parseTopTime("2026-11-28 00:30:00"); // 08:30 the day before in Los Angeles

  it("今天 is the Beijing day, not the host's", () => {
    inEveryZone(() => {
      const r = presetRange("today", now);
      expect([formatTopTime(r.start), formatTopTime(r.end)]).toEqual(["2026-11-28 00:00:00", "2026-11-29 00:00:00"]);
    });
  });

  it.each([
    ["yesterday", "2026-11-27 00:00:00", "2026-11-28 00:00:00"],
    ["last7", "2026-11-22 00:00:00", "2026-11-29 00:00:00"],
    ["last30", "2026-10-30 00:00:00", "2026-11-29 00:00:00"],
    ["last90", "2026-08-31 00:00:00", "2026-11-29 00:00:00"],
    ["last3Months", "2026-08-28 00:00:00", "2026-11-29 00:00:00"],
    ["thisMonth", "2026-11-01 00:00:00", "2026-11-29 00:00:00"],
    ["lastMonth", "2026-10-01 00:00:00", "2026-11-01 00:00:00"],
  ] as const)("%s spans [%s, %s)", (preset, start, end) => {
    const r = presetRange(preset, now);
    expect([formatTopTime(r.start), formatTopTime(r.end)]).toEqual([start, end]);
  });

  it("comparison ranges: previous equal period and the same period last year", () => {
    const r = presetRange("last7", now);
    const prev = previousRange(r);
    expect([formatTopTime(prev.start), formatTopTime(prev.end)]).toEqual(["2026-11-15 00:00:00", "2026-11-22 00:00:00"]);
    const ly = sameRangeLastYear(r);
    expect([formatTopTime(ly.start), formatTopTime(ly.end)]).toEqual(["2025-11-22 00:00:00", "2025-11-29 00:00:00"]);
  });
});

describe("display", () => {
  it("formats in Beijing time in every style", () => {
    inEveryZone(() => {
      const t = new Date("2026-11-27T16:30:05Z");
      expect(formatShanghai(t)).toBe("2026-11-28 00:30:05");
      expect(formatShanghai(t, "date")).toBe("2026-11-28");
      expect(formatShanghai(t, "time")).toBe("00:30:05");
      expect(formatShanghai(t, "minute")).toBe("2026-11-28 00:30");
    });
  });
});
