/**
 * The backfill's days (top-data.md §5.1) and the order they are fetched in. Pure: no database,
 * no network, so the plan can be reasoned about (and tested) on its own.
 *
 * trades.sold.get lists only trades created in the last three calendar months (its window starts
 * at the Shanghai midnight three months before now: docs/sync-platform-facts.md), so every day of a backfill has a deadline:
 * the midnight at which the window's start passes it. A day not stored by then can never be
 * listed again: it becomes a gap (SyncBackfillDay.gap), reported, never counted as done.
 *
 * Order: the seller wants today's orders first (newest first), but a backfill that is
 * interrupted (a crash, a quota outage, a laptop closed over the weekend) must not lose its
 * oldest days while it waits. So on every run, from the platform's clock, not from the plan:
 *   - a day within URGENT_MS of its deadline goes first, oldest first;
 *   - otherwise one pick in OLD_END_EVERY goes to the oldest day, the others newest first.
 * The oldest days are worked off from both ends at once: after k picks about k/3 of the oldest
 * days are stored, so an outage after k days of progress loses nothing unless it lasts longer
 * than about k/3 days (measured: the soak kills a backfill after 28 days and resumes 3 days later).
 */
import { addShanghaiDays, parseShanghaiDay, presetRange, shanghaiDayKey } from "@/lib/time";

/** A day this close to leaving the API's window is fetched before any other. */
export const URGENT_MS = 36 * 3_600_000;
/** Every OLD_END_EVERY-th pick takes the oldest pending day (the others take the newest). */
export const OLD_END_EVERY = 3;

/** The Asia/Shanghai days a backfill planned at `t0` covers, oldest first (the API's 3-month limit). */
export function planBackfillDays(t0: Date): string[] {
  const days: string[] = [];
  for (let d = presetRange("last3Months", t0).start; d.getTime() <= t0.getTime(); d = addShanghaiDays(d, 1)) days.push(shanghaiDayKey(d));
  return days;
}

/** The creation range of one day, both ends inclusive (TOP's rule), whole seconds, never past `t0`. */
export function dayRange(day: string, t0: Date): { start: Date; end: Date } {
  const start = parseShanghaiDay(day);
  const endMs = Math.min(addShanghaiDays(start, 1).getTime() - 1000, Math.floor(t0.getTime() / 1000) * 1000);
  return { start, end: new Date(endMs) };
}

/** The oldest instant trades.sold.get still lists at `now` (the start of its window). */
export function listWindowStart(now: Date): Date {
  return presetRange("last3Months", now).start;
}

/**
 * The instant `day` leaves trades.sold.get's window: the first Shanghai midnight whose window
 * starts after the day began (89–92 days later, as calendar months are 28–31 days long).
 */
export function dayDeadline(day: string): Date {
  const start = parseShanghaiDay(day).getTime();
  for (let d = addShanghaiDays(new Date(start), 80); ; d = addShanghaiDays(d, 1)) {
    if (listWindowStart(d).getTime() > start) return d;
  }
}

/** True when `day` can no longer be listed at `now`. */
export function dayLeftWindow(day: string, now: Date): boolean {
  return dayDeadline(day).getTime() <= now.getTime();
}

/**
 * The pending days in the order above. Hands out each day once; `next(now)` re-reads the clock
 * at every pick, so a run that lasts hours still serves a day that became urgent meanwhile.
 */
export class BackfillDayQueue<T extends { day: string }> {
  /** Oldest first. */
  private readonly days: T[];
  private picks = 0;

  constructor(pending: readonly T[]) {
    this.days = [...pending].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }

  get size(): number {
    return this.days.length;
  }

  next(now: Date): T | undefined {
    if (this.days.length === 0) return undefined;
    this.picks++;
    const oldest = this.days[0]!;
    const urgent = dayDeadline(oldest.day).getTime() - now.getTime() <= URGENT_MS;
    return urgent || this.picks % OLD_END_EVERY === 0 ? this.days.shift() : this.days.pop();
  }
}
