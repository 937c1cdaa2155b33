/**
 * Time on the Taobao platform.
 *
 * TOP speaks `yyyy-MM-dd HH:mm:ss` wall-clock strings in GMT+8 with no zone suffix. We store UTC
 * instants and compute calendar boundaries (day, week, month) in Asia/Shanghai. China has had a
 * fixed +08:00 offset with no daylight saving since 1991, so the TOP conversion is plain offset
 * arithmetic and never depends on the host's `TZ`; calendar work goes through @date-fns/tz so
 * that month lengths and week starts come from a well-kept library.
 */
import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, startOfDay, startOfMonth, startOfWeek, subMonths } from "date-fns";
import { errorBrand } from "./errors/brand";

export const SHANGHAI_TZ = "Asia/Shanghai";
const OFFSET_MS = 8 * 60 * 60 * 1000;
const TOP_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

export class TimeFormatError extends Error {
  override readonly name = "TimeFormatError";
  static is = errorBrand(TimeFormatError, "TimeFormatError");
  constructor(readonly input: string, expected: string) {
    super(`Invalid time ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}: expected ${expected}`);
  }
}

/** A half-open interval of instants: `start <= t < end`. */
export interface DateRange {
  start: Date;
  end: Date;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Builds the UTC instant for GMT+8 wall-clock fields, rejecting fields that do not round-trip (e.g. Feb 30). */
function fromShanghaiFields(y: number, mo: number, d: number, h: number, mi: number, s: number, input: string, expected: string): Date {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - OFFSET_MS;
  const back = new Date(ms + OFFSET_MS);
  if (
    Number.isNaN(ms) ||
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== s
  ) {
    throw new TimeFormatError(input, expected);
  }
  return new Date(ms);
}

/** Parses a TOP time string (`2026-11-28 09:30:00`, GMT+8) into a UTC instant. */
export function parseTopTime(input: string): Date {
  const m = TOP_TIME.exec(input);
  if (!m) throw new TimeFormatError(input, "yyyy-MM-dd HH:mm:ss (GMT+8)");
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return fromShanghaiFields(y, mo, d, h, mi, s, input, "yyyy-MM-dd HH:mm:ss (GMT+8)");
}

/** Formats an instant as a TOP time string in GMT+8 (whole seconds; milliseconds are dropped, not rounded). */
export function formatTopTime(date: Date): string {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new TimeFormatError(String(date), "a valid Date");
  const w = new Date(Math.floor(t / 1000) * 1000 + OFFSET_MS);
  return `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`;
}

/** The Asia/Shanghai calendar day of an instant, as `yyyy-MM-dd` (the key of daily rollups). */
export function shanghaiDayKey(date: Date): string {
  return formatTopTime(date).slice(0, 10);
}

/** Parses a `yyyy-MM-dd` Asia/Shanghai day into the instant at which it starts. */
export function parseShanghaiDay(input: string): Date {
  const m = DAY_KEY.exec(input);
  if (!m) throw new TimeFormatError(input, "yyyy-MM-dd");
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  return fromShanghaiFields(y, mo, d, 0, 0, 0, input, "yyyy-MM-dd");
}

function inShanghai(date: Date): TZDate {
  return new TZDate(date.getTime(), SHANGHAI_TZ);
}

function toInstant(date: TZDate): Date {
  return new Date(date.getTime());
}

/**
 * From this instant on (1992-01-01 Shanghai) the zone is a fixed +08:00, so day arithmetic is plain
 * offset arithmetic: a year of daily report buckets costs microseconds instead of TZDate's ~0.1 ms
 * per call. Earlier instants (China observed DST 1986–1991) go through @date-fns/tz.
 */
const FIXED_OFFSET_SINCE = Date.UTC(1991, 11, 31, 16);
const DAY_MS = 86_400_000;

export function startOfShanghaiDay(date: Date): Date {
  const t = date.getTime();
  if (t >= FIXED_OFFSET_SINCE) return new Date(Math.floor((t + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS);
  return toInstant(startOfDay(inShanghai(date)));
}

/** Weeks start on Monday, as in China. */
export function startOfShanghaiWeek(date: Date): Date {
  const t = date.getTime();
  if (t >= FIXED_OFFSET_SINCE) {
    const day = Math.floor((t + OFFSET_MS) / DAY_MS);
    // Day 0 of the epoch (1970-01-01) was a Thursday: Monday-based weekday = (day + 3) mod 7.
    return new Date((day - ((day + 3) % 7)) * DAY_MS - OFFSET_MS);
  }
  return toInstant(startOfWeek(inShanghai(date), { weekStartsOn: 1 }));
}

export function startOfShanghaiMonth(date: Date): Date {
  return toInstant(startOfMonth(inShanghai(date)));
}

/** Moves by whole Asia/Shanghai calendar days (negative goes back). */
export function addShanghaiDays(date: Date, days: number): Date {
  const t = date.getTime();
  const moved = t + days * DAY_MS;
  if (t >= FIXED_OFFSET_SINCE && moved >= FIXED_OFFSET_SINCE && Number.isInteger(days)) return new Date(moved);
  return toInstant(addDays(inShanghai(date), days));
}

export type Granularity = "day" | "week" | "month";

/** The start of the bucket an instant falls in, and the start of the next one. */
export function shanghaiBucket(date: Date, granularity: Granularity): DateRange {
  switch (granularity) {
    case "day": {
      const start = startOfShanghaiDay(date);
      return { start, end: addShanghaiDays(start, 1) };
    }
    case "week": {
      const start = startOfShanghaiWeek(date);
      return { start, end: addShanghaiDays(start, 7) };
    }
    case "month": {
      const start = startOfShanghaiMonth(date);
      return { start, end: toInstant(addMonths(inShanghai(start), 1)) };
    }
  }
}

/** Every bucket that intersects `range`, in order. */
export function shanghaiBuckets(range: DateRange, granularity: Granularity): DateRange[] {
  const buckets: DateRange[] = [];
  let cursor = shanghaiBucket(range.start, granularity);
  while (cursor.start < range.end) {
    buckets.push(cursor);
    cursor = shanghaiBucket(cursor.end, granularity);
  }
  return buckets;
}

export const DATE_PRESETS = ["today", "yesterday", "last7", "last30", "last90", "last3Months", "thisMonth", "lastMonth"] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

/**
 * The half-open range a preset names, in Asia/Shanghai days. "Last N days" includes today
 * (近7天 = today and the six days before), as Taobao's seller centre counts it.
 */
export function presetRange(preset: DatePreset, now: Date = new Date()): DateRange {
  const today = startOfShanghaiDay(now);
  const tomorrow = addShanghaiDays(today, 1);
  switch (preset) {
    case "today":
      return { start: today, end: tomorrow };
    case "yesterday":
      return { start: addShanghaiDays(today, -1), end: today };
    case "last7":
      return { start: addShanghaiDays(today, -6), end: tomorrow };
    case "last30":
      return { start: addShanghaiDays(today, -29), end: tomorrow };
    case "last90":
      return { start: addShanghaiDays(today, -89), end: tomorrow };
    case "last3Months":
      return { start: toInstant(startOfDay(subMonths(inShanghai(now), 3))), end: tomorrow };
    case "thisMonth":
      return { start: startOfShanghaiMonth(now), end: tomorrow };
    case "lastMonth": {
      const thisMonth = startOfShanghaiMonth(now);
      return { start: toInstant(subMonths(inShanghai(thisMonth), 1)), end: thisMonth };
    }
  }
}

/** The previous range of equal length that ends where this one starts (for period comparison). */
export function previousRange(range: DateRange): DateRange {
  const length = range.end.getTime() - range.start.getTime();
  return { start: new Date(range.start.getTime() - length), end: range.start };
}

/** The same Asia/Shanghai calendar range one year earlier. */
export function sameRangeLastYear(range: DateRange): DateRange {
  return {
    start: toInstant(subMonths(inShanghai(range.start), 12)),
    end: toInstant(subMonths(inShanghai(range.end), 12)),
  };
}

/** Display formatting in Asia/Shanghai, whatever the server's or browser's zone. */
export function formatShanghai(date: Date, style: "datetime" | "date" | "time" | "minute" = "datetime"): string {
  const s = formatTopTime(date);
  switch (style) {
    case "datetime":
      return s;
    case "date":
      return s.slice(0, 10);
    case "time":
      return s.slice(11);
    case "minute":
      return s.slice(0, 16);
  }
}
