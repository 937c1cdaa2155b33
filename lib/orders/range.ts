/** Date filter → instants (Asia/Shanghai days). Kept apart from filters.ts so the client bundle does not carry the calendar code. */
import { addShanghaiDays, parseShanghaiDay, presetRange, startOfShanghaiDay, type DateRange } from "@/lib/time";
import type { OrderParams } from "./filters";

/** The half-open instant range the date filter names (Asia/Shanghai days), or null for no date filter. */
export function dateRangeOf(p: Pick<OrderParams, "range" | "from" | "to">, now: Date = new Date()): DateRange | null {
  if (!p.range) return null;
  if (p.range !== "custom") return presetRange(p.range, now);
  // Custom: from's start to the end of to; an open side is unbounded.
  const start = p.from ? parseShanghaiDay(p.from) : new Date(0);
  const end = p.to ? addShanghaiDays(parseShanghaiDay(p.to), 1) : addShanghaiDays(startOfShanghaiDay(now), 1);
  return { start, end };
}
