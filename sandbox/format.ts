/**
 * Hot-path formatting for the wire: TOP money and time strings, built on lib/money and lib/time
 * (fenToYuan, formatTopTime) with caches, because a 100-trade page formats ~3,000 values.
 * GMT+8 has no daylight saving, so a day's prefix (`yyyy-MM-dd `) is formatted once per day by
 * formatTopTime and the time of day is plain arithmetic. money.test/format.test prove equality.
 */
import { fenToYuan } from "../lib/money";
import { formatTopTime } from "../lib/time";

const OFFSET = 8 * 3600;
const dayPrefix = new Map<number, string>();
const yuanCache = new Map<number, string>();

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Epoch seconds → `yyyy-MM-dd HH:mm:ss` in GMT+8 (same result as formatTopTime). */
export function topTime(sec: number): string {
  const local = sec + OFFSET;
  const day = Math.floor(local / 86_400);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    prefix = formatTopTime(new Date((day * 86_400 - OFFSET) * 1000)).slice(0, 11);
    if (dayPrefix.size > 20_000) dayPrefix.clear();
    dayPrefix.set(day, prefix);
  }
  const rem = local - day * 86_400;
  return `${prefix}${pad2(Math.floor(rem / 3600))}:${pad2(Math.floor((rem % 3600) / 60))}:${pad2(rem % 60)}`;
}

/** Fen → the TOP money string (same result as fenToYuan), cached. */
export function yuan(fen: number): string {
  let s = yuanCache.get(fen);
  if (s === undefined) {
    s = fenToYuan(fen);
    if (yuanCache.size > 200_000) yuanCache.clear();
    yuanCache.set(fen, s);
  }
  return s;
}
